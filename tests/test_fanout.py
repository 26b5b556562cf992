"""Reminder deliveries through the one sender (bot/reminders/fanout.py, bot/db/sender.py):
every pending delivery once, in order; refusals settle it, failures retry."""

from __future__ import annotations

from bot.db.reminders import (
    ALL,
    audience,
    deliveries_of,
    open_batch,
    subscribe,
    subscriptions_of,
)
from bot.db.sender import Blocked, Sender, Undeliverable
from bot.db.session import session_scope
from bot.reminders.fanout import ReminderDeliveries
from bot.reply import Reply
from tests.support.factories import make_event, make_subscribers


class Channel:
    """Stands for Telegram: records what is sent, refuses whom the test says."""

    def __init__(self, refuse: dict[str, Exception] | None = None) -> None:
        self.sent: list[tuple[str, str]] = []
        self.refuse = refuse or {}

    async def __call__(self, chat_id: str, content: list[Reply], keyboard: None,
                       reply_to: int | None = None) -> list[int]:
        if chat_id in self.refuse:
            raise self.refuse[chat_id]
        [message] = content
        self.sent.append((chat_id, message.text))
        return [len(self.sent)]


def reminders_sender(channel: Channel) -> Sender:
    """The one sender, with the reminders as its only source."""
    return Sender([ReminderDeliveries()], channel)


def announce(count: int, **event_fields) -> tuple[int, list[str]]:
    with session_scope() as session:
        event = make_event(session, "Apéro", in_days=2, **event_fields)
        chats = make_subscribers(session, ALL, count)
        open_batch(session, "announce:1", "announce", audience(session, [ALL]),
                   event_id=event.id)
    return event.id, chats


def statuses() -> dict[str, str]:
    with session_scope() as session:
        return {d.chat_id: d.status for d in deliveries_of(session, "announce:1")}


async def test_each_pending_delivery_is_sent_once_then_marked(database_url):
    _, chats = announce(5)
    channel = Channel()
    sender = reminders_sender(channel)
    assert await sender.send_pending() == 5
    assert await sender.send_pending() == 0
    assert [chat for chat, _ in channel.sent] == chats
    assert all(text.startswith("📅 Nouvel événement : « Apéro »") for _, text in channel.sent)
    assert set(statuses().values()) == {"sent"}


async def test_a_user_who_blocked_the_bot_is_unsubscribed_not_retried(database_url):
    _, chats = announce(3)
    with session_scope() as session:
        subscribe(session, chats[1], "event:77", "fr")
    channel = Channel({chats[1]: Blocked("Forbidden: bot was blocked by the user")})
    sender = reminders_sender(channel)
    await sender.send_pending()
    assert await sender.send_pending() == 0
    assert statuses() == {chats[0]: "sent", chats[1]: "blocked", chats[2]: "sent"}
    with session_scope() as session:
        assert subscriptions_of(session, chats[1]) == []


async def test_a_refused_message_is_given_up_a_failing_one_is_retried(database_url):
    _, chats = announce(2)
    channel = Channel({chats[0]: Undeliverable("Bad Request: chat not found"),
                       chats[1]: ConnectionError("network down")})
    sender = reminders_sender(channel)
    await sender.send_pending()
    assert statuses() == {chats[0]: "failed", chats[1]: "pending"}
    del channel.refuse[chats[1]]
    await sender.send_pending()
    assert statuses() == {chats[0]: "failed", chats[1]: "sent"}


async def test_news_of_a_cancelled_event_is_dropped_unsent(database_url):
    event_id, _ = announce(2)
    with session_scope() as session:
        from bot.db.models import Event

        session.get(Event, event_id).cancelled = True
    channel = Channel()
    await reminders_sender(channel).send_pending()
    assert channel.sent == [] and set(statuses().values()) == {"dropped"}
