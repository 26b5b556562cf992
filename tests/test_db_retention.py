"""The bot's bookkeeping is kept as long as it serves, and nothing pending is ever purged."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.db.models_chats import InboxUpdate, IssuedKeyboard, UsedKeyboard
from bot.db.models_staff import ApplicantMessage
from bot.db.retention import Retention, purge
from bot.db.session import session_scope

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def an_update(url: str, update_id: int, processed_days_ago: float | None) -> None:
    with session_scope(url) as session:
        processed = None if processed_days_ago is None else days_ago(processed_days_ago)
        session.add(InboxUpdate(update_id=update_id, chat_id="7", received_at=days_ago(400),
                                processed_at=processed,
                                payload=None if processed else {"update_id": update_id}))


def a_keyboard(url: str, message_id: int, issued_days_ago: float,
               used_days_ago: float | None = None) -> None:
    with session_scope(url) as session:
        session.add(IssuedKeyboard(chat_id="7", message_id=message_id, data=["/affirm"],
                                   issued_at=days_ago(issued_days_ago)))
        if used_days_ago is not None:
            session.add(UsedKeyboard(chat_id="7", message_id=message_id,
                                     used_at=days_ago(used_days_ago)))


def a_message(url: str, created_days_ago: float, *, sent_days_ago: float | None = None,
              given_up: str | None = None) -> int:
    with session_scope(url) as session:
        message = ApplicantMessage(chat_id="7", text="Votre candidature...",
                                   created_at=days_ago(created_days_ago), given_up=given_up,
                                   sent_at=None if sent_days_ago is None
                                   else days_ago(sent_days_ago))
        session.add(message)
        session.flush()
        return message.id


def remaining(url: str, column) -> list:  # noqa: ANN001
    with session_scope(url) as session:
        return sorted(session.execute(select(column)).scalars())


def purged(url: str) -> dict[str, int]:
    with session_scope(url) as session:
        return purge(session, NOW, Retention(inbox_days=7, keyboard_days=90, outbox_days=30))


def test_processed_updates_go_after_a_week_pending_ones_and_the_newest_stay(database_url):
    an_update(database_url, 1, processed_days_ago=30)
    an_update(database_url, 2, processed_days_ago=8)
    an_update(database_url, 3, processed_days_ago=None)  # pending since long ago: kept
    an_update(database_url, 4, processed_days_ago=2)
    an_update(database_url, 5, processed_days_ago=20)  # the newest: the polling offset
    assert purged(database_url)["inbox_updates"] == 2
    assert remaining(database_url, InboxUpdate.update_id) == [3, 4, 5]


def test_buttons_older_than_the_keeping_time_are_forgotten(database_url):
    a_keyboard(database_url, 1, issued_days_ago=120, used_days_ago=100)
    a_keyboard(database_url, 2, issued_days_ago=120)
    a_keyboard(database_url, 3, issued_days_ago=10, used_days_ago=9)
    a_keyboard(database_url, 4, issued_days_ago=95, used_days_ago=5)
    removed = purged(database_url)
    assert (removed["issued_keyboards"], removed["used_keyboards"]) == (3, 1)
    assert remaining(database_url, IssuedKeyboard.message_id) == [3]
    assert remaining(database_url, UsedKeyboard.message_id) == [3, 4]


def test_messages_to_applicants_go_once_sent_or_given_up_long_ago_never_while_waiting(
        database_url):
    old_sent = a_message(database_url, 60, sent_days_ago=59)
    recent_sent = a_message(database_url, 40, sent_days_ago=3)
    old_given_up = a_message(database_url, 45, given_up="blocked")
    waiting = a_message(database_url, 200)  # never sent: still to send
    recent_given_up = a_message(database_url, 2, given_up="attempts")
    assert purged(database_url)["applicant_messages"] == 2
    assert remaining(database_url, ApplicantMessage.id) == sorted(
        [recent_sent, waiting, recent_given_up])
    assert old_sent not in remaining(database_url, ApplicantMessage.id)
    assert old_given_up not in remaining(database_url, ApplicantMessage.id)


def test_a_purge_of_an_empty_database_removes_nothing(database_url):
    assert set(purged(database_url).values()) == {0}
