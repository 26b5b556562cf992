"""The back-office's view of events: its lists (upcoming, past, cancelled), each event's
subscriber count, and how many people a change would tell (shown before it is confirmed)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import Event, Subscription
from bot.db.queries import utcnow
from bot.db.reminders import ALL, event_target, subscriber_count

VIEWS = ("upcoming", "past", "cancelled")


def listed(session: Session, view: str) -> list[Event]:
    """Upcoming (soonest first), past or cancelled (latest first) events."""
    now = utcnow()
    query = select(Event)
    if view == "cancelled":
        query = query.where(Event.cancelled.is_(True)).order_by(Event.starts_at.desc())
    elif view == "past":
        query = query.where(Event.cancelled.is_(False), Event.starts_at < now).order_by(
            Event.starts_at.desc())
    else:
        query = query.where(Event.cancelled.is_(False), Event.starts_at >= now).order_by(
            Event.starts_at)
    return list(session.execute(query).scalars())


def subscribers(session: Session) -> dict[str, int]:
    """Chats subscribed to each target ("event:7", "all")."""
    return dict(session.execute(select(Subscription.target, func.count(
        func.distinct(Subscription.chat_id))).group_by(Subscription.target)).all())


def told_of_news(session: Session, event_id: int | None) -> int:
    """How many chats a new event (None) or a change of this one would be told of."""
    if event_id is None:
        return subscriber_count(session, [ALL])
    return subscriber_count(session, [event_target(event_id), ALL])
