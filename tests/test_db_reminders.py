"""Subscriptions and fan-outs in the database: once each, nothing lost, erasable."""

from __future__ import annotations

from bot.db import reminders
from bot.db.chats import set_language
from bot.db.privacy import erase_chat, export_chat
from bot.db.reminders import ALL, audience, event_target, open_batch, subscribe
from bot.db.session import session_scope
from tests.support.factories import make_event, make_subscribers


def test_subscribing_twice_keeps_one_subscription_in_the_latest_language(database_url):
    with session_scope() as session:
        assert subscribe(session, "42", ALL, "fr") is True
        assert subscribe(session, "42", ALL, "en") is False
    with session_scope() as session:
        [subscription] = reminders.subscriptions_of(session, "42")
        assert (subscription.target, subscription.language) == (ALL, "en")


def test_the_audience_counts_each_chat_once_by_its_most_specific_subscription(database_url):
    with session_scope() as session:
        event = make_event(session)
        subscribe(session, "1", event_target(event.id), "fr")
        subscribe(session, "1", ALL, "fr")
        subscribe(session, "2", ALL, "en")
        subscribe(session, "3", "event:999", "fr")
        found = audience(session, [event_target(event.id), ALL])
    assert sorted((r.chat_id, r.target, r.language) for r in found) == [
        ("1", event_target(event.id), "fr"), ("2", ALL, "en")]


def test_a_batch_is_opened_once_with_one_pending_delivery_per_recipient(database_url):
    with session_scope() as session:
        make_subscribers(session, ALL, 5)
        assert open_batch(session, "announce:x", "announce", audience(session, [ALL])) == 5
    with session_scope() as session:
        assert open_batch(session, "announce:x", "announce", audience(session, [ALL])) is None
        deliveries = reminders.deliveries_of(session, "announce:x")
    assert [d.status for d in deliveries] == ["pending"] * 5


def test_a_blocked_user_loses_subscriptions_and_pending_messages(database_url):
    with session_scope() as session:
        subscribe(session, "7", ALL, "fr")
        subscribe(session, "7", "event:1", "fr")
        subscribe(session, "8", ALL, "fr")
        open_batch(session, "b", "announce", audience(session, [ALL]))
    with session_scope() as session:
        assert reminders.drop_blocked(session, "7") == 2
    with session_scope() as session:
        statuses = {d.chat_id: d.status for d in reminders.deliveries_of(session, "b")}
        assert statuses == {"7": "blocked", "8": "pending"}
        assert reminders.subscriptions_of(session, "7") == []


def test_transient_failures_are_counted_and_leave_the_delivery_pending(database_url):
    with session_scope() as session:
        subscribe(session, "9", ALL, "fr")
        open_batch(session, "b", "announce", audience(session, [ALL]))
        [delivery] = reminders.deliveries_of(session, "b")
    counts = []
    for _ in range(3):
        with session_scope() as session:
            counts.append(reminders.attempted(session, delivery.id))
    assert counts == [1, 2, 3]  # when it is given up is the sender's one policy (test_outbox)
    with session_scope() as session:
        assert [d.id for d in reminders.pending_deliveries(session)] == [delivery.id]


def test_subscriptions_are_exported_and_erased_with_the_chat(database_url):
    with session_scope() as session:
        subscribe(session, "5", ALL, "fr")
        open_batch(session, "b", "announce", audience(session, [ALL]))
    with session_scope() as session:
        exported = export_chat(session, "5")
    assert [s["target"] for s in exported["subscriptions"]] == [ALL]
    with session_scope() as session:
        assert erase_chat(session, "5")["subscriptions"] == 1
    with session_scope() as session:
        assert export_chat(session, "5")["subscriptions"] == []
        assert reminders.deliveries_of(session, "b") == []


def test_choosing_a_language_moves_the_reminders_to_it(database_url):
    with session_scope() as session:
        subscribe(session, "6", ALL, "fr")
    with session_scope() as session:
        set_language(session, "6", "en")
    with session_scope() as session:
        assert [s.language for s in reminders.subscriptions_of(session, "6")] == ["en"]


def test_only_the_asked_batches_are_looked_up(database_url):
    with session_scope() as session:
        open_batch(session, "reminder:a", "reminder", [])
        open_batch(session, "reminder:b", "reminder", [])
    with session_scope() as session:
        assert reminders.batches_among(session, {"reminder:a", "reminder:c"}) == {"reminder:a"}
        assert reminders.batches_among(session, set()) == set()
