"""The applicants' outbox: each message claimed by one sender at a time, released and counted
after a failure, never claimed again once given up (bot/db/outbox.py; the policy that uses
these, for every outbox, is tested in tests/test_outbox.py)."""

from __future__ import annotations

from bot.db import outbox
from bot.db.models_staff import ApplicantMessage
from bot.db.session import session_scope


def queued(url: str, chat_id: str = "42", text: str = "Votre candidature...") -> int:
    with session_scope(url) as session:
        return outbox.queue(session, chat_id, text).id


def claim(url: str) -> list[int]:
    with session_scope(url) as session:
        return [message.id for message in outbox.claim_waiting(session)]


def test_a_message_is_claimed_by_one_sender_and_not_again_once_sent(database_url):
    first = queued(database_url)
    assert claim(database_url) == [first]
    assert claim(database_url) == []  # another sender meanwhile: nothing for it
    with session_scope(database_url) as session:
        outbox.mark_sent(session, first)
    assert claim(database_url) == []


def test_a_failed_attempt_releases_the_claim_and_is_counted(database_url):
    message = queued(database_url)
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        assert claim(database_url) == [message]
        with session_scope(database_url) as session:
            assert outbox.attempted(session, message) == attempt
    assert outbox.spent(outbox.MAX_ATTEMPTS) and not outbox.spent(outbox.MAX_ATTEMPTS - 1)


def test_a_message_given_up_is_never_claimed_again(database_url):
    message = queued(database_url)
    claim(database_url)
    with session_scope(database_url) as session:
        outbox.give_up(session, message, outbox.BLOCKED)
    assert claim(database_url) == []
    with session_scope(database_url) as session:
        assert session.get(ApplicantMessage, message).given_up == "blocked"


def test_forgetting_a_chat_erases_what_was_owed_to_it(database_url):
    queued(database_url, "42")
    kept = queued(database_url, "43")
    with session_scope(database_url) as session:
        assert outbox.erase_for_chat(session, "42") == 1
    assert claim(database_url) == [kept]
