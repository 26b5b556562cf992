"""Staff changes to events, and the news subscribers get of them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.db.queries import utcnow
from bot.db.reminders import ALL, batch_keys, deliveries_of, event_target, subscribe
from bot.db.session import session_scope
from bot.reminders import events
from tests.support.factories import make_event, make_subscribers


def _news(session, prefix: str) -> dict[str, list[str]]:
    return {key: sorted(d.chat_id for d in deliveries_of(session, key))
            for key in batch_keys(session, prefix)}


def test_a_new_event_is_announced_to_those_who_asked_for_every_event(database_url):
    with session_scope() as session:
        make_subscribers(session, ALL, 3, first_id=10)
        subscribe(session, "99", "event:12345", "fr")
        change = events.create(session, title=" Apéro French Tech ",
                               starts_at=utcnow() + timedelta(days=3), place="Caen")
    assert change.notified == 3
    with session_scope() as session:
        assert _news(session, "announce:") == {
            f"announce:event:{change.event.id}": ["10", "11", "12"]}
        assert change.event.title == {"fr": "Apéro French Tech", "en": "Apéro French Tech"}


def test_a_new_date_or_place_is_news_a_new_title_is_not(database_url):
    with session_scope() as session:
        event = make_event(session, in_days=5)
        subscribe(session, "1", event_target(event.id), "fr")
        subscribe(session, "2", ALL, "en")
        assert events.update(session, event.id, title="Nouveau titre").notified == 0
        moved = events.update(session, event.id, starts_at=utcnow() + timedelta(days=6))
        placed = events.update(session, event.id, place="Rouen")
    assert (moved.notified, placed.notified) == (2, 2)
    with session_scope() as session:
        news = _news(session, "moved:")
    assert len(news) == 2 and all(chats == ["1", "2"] for chats in news.values())


def test_a_cancellation_is_told_once(database_url):
    with session_scope() as session:
        event = make_event(session, in_days=5)
        subscribe(session, "1", event_target(event.id), "fr")
        assert events.cancel(session, event.id).notified == 1
        assert events.cancel(session, event.id).notified == 0
    with session_scope() as session:
        assert _news(session, "cancelled:") == {f"cancelled:event:{event.id}": ["1"]}


@pytest.mark.parametrize("change", [
    lambda s, e: events.create(s, title="Trop tard", starts_at=utcnow() - timedelta(hours=1)),
    lambda s, e: events.create(s, title="  ", starts_at=utcnow() + timedelta(days=1)),
    lambda s, e: events.update(s, e.id, starts_at=utcnow() - timedelta(days=1)),
    lambda s, e: events.update(s, 4242, place="Caen"),
    lambda s, e: events.cancel(s, 4242),
])
def test_impossible_changes_are_refused_and_write_nothing(database_url, change):
    with session_scope() as session:
        event = make_event(session, in_days=5)
        subscribe(session, "1", ALL, "fr")
    with pytest.raises(events.EventError), session_scope() as session:
        change(session, session.merge(event))
    with session_scope() as session:
        assert batch_keys(session, "") == set()
