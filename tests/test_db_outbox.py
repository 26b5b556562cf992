"""The applicants' outbox: each message claimed by one sender at a time, retried after a
failure, given up when Telegram says it never will be delivered (bot/db/outbox.py)."""

from __future__ import annotations

from bot.db import outbox
from bot.db.models_staff import ApplicantMessage
from bot.db.session import session_scope


def queued(url: str, chat_id: str = "42", text: str = "Votre candidature...") -> int:
    with session_scope(url) as session:
        return outbox.queue(session, chat_id, text).id


def claim(url: str) -> list[int]:
    with session_scope(url) as session:
        return [message_id for message_id, _, _ in outbox.claim_waiting(session)]


def test_a_message_is_claimed_by_one_sender_and_not_again_once_sent(database_url):
    first = queued(database_url)
    assert claim(database_url) == [first]
    assert claim(database_url) == []  # another sender meanwhile: nothing for it
    with session_scope(database_url) as session:
        outbox.mark_sent(session, first)
    assert claim(database_url) == []


def test_a_failed_attempt_is_tried_again_and_given_up_after_five(database_url):
    message = queued(database_url)
    for _ in range(outbox.MAX_ATTEMPTS):
        assert claim(database_url) == [message]
        with session_scope(database_url) as session:
            outbox.mark_failed(session, message)
    assert claim(database_url) == []
    with session_scope(database_url) as session:
        assert session.get(ApplicantMessage, message).given_up == "attempts"


def test_a_blocked_applicant_is_given_up_at_once(database_url):
    message = queued(database_url)
    claim(database_url)
    with session_scope(database_url) as session:
        outbox.mark_failed(session, message, "blocked")
    assert claim(database_url) == []


def test_forgetting_a_chat_erases_what_was_owed_to_it(database_url):
    queued(database_url, "42")
    kept = queued(database_url, "43")
    with session_scope(database_url) as session:
        assert outbox.erase_for_chat(session, "42") == 1
    assert claim(database_url) == [kept]
