"""Staff changes to events, and the news they owe subscribers (announce, move, cancel).

Used by `ftbot events ...` and by /newevent in the staff chat. Each change writes the
fan-out in the same transaction as the event, so no subscriber misses it; the bot's sender
delivers it and its scheduler picks up the new reminder times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy.orm import Session

from bot.db.models import Event
from bot.db.queries import add_event, as_utc, utcnow
from bot.db.reminders import ALL, audience, event_target, open_batch
from bot.i18n import Refusal


class EventError(Refusal):
    """A change that cannot be made: why, for staff (a key of bot/messages.yml, `text`)."""


@dataclass
class Change:
    event: Event
    notified: int  # subscribers told of it


def _get(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise EventError("event_unknown", event=event_id)
    return event


def _stamp() -> str:
    return utcnow().strftime("%Y%m%dT%H%M%S%f")


def create(session: Session, *, title: str, starts_at: datetime, place: str | None = None,
           description: str | None = None, url: str | None = None,
           title_en: str | None = None, description_en: str | None = None) -> Change:
    """A new event, announced to those who asked to hear of every event (`title_en`,
    `description_en`: the English texts when they differ, as the back-office types them)."""
    if not title.strip():
        raise EventError("event_title_needed")
    if as_utc(starts_at) <= utcnow():
        raise EventError("event_date_past")
    event = add_event(session, title=title.strip(), starts_at=starts_at, place=place,
                      description=description, url=url)
    if title_en:
        event.title = {"fr": title.strip(), "en": title_en.strip()}
    if description and description_en:
        event.description = {"fr": description, "en": description_en}
    event.changed_at = utcnow()
    notified = open_batch(session, f"announce:event:{event.id}", "announce",
                          audience(session, [ALL]), event_id=event.id) or 0
    return Change(event, notified)


def update(session: Session, event_id: int, *, starts_at: datetime | None = None,
           title: str | None = None, place: str | None = None, url: str | None = None,
           description: str | None = None, title_en: str | None = None,
           description_en: str | None = None) -> Change:
    """Change an event; a new date or place is news for its subscribers (`title_en`,
    `description_en`: the English texts when they differ)."""
    event = _get(session, event_id)
    if event.cancelled:
        raise EventError("event_is_cancelled", event=event_id)
    old_start, old_place = as_utc(event.starts_at), event.place
    if starts_at is not None:
        if as_utc(starts_at) <= utcnow():
            raise EventError("event_date_past")
        event.starts_at = as_utc(starts_at).astimezone(timezone.utc)
        event.date_precision = "minute"
    if title:
        event.title = {"fr": title, "en": title_en or title}
    if place is not None:
        event.place = place or None
    if url is not None:
        event.url = url or None
    if description is not None:
        event.description = ({"fr": description, "en": description_en or description}
                             if description else None)
    session.flush()
    notified = 0
    if as_utc(event.starts_at) != old_start or event.place != old_place:
        event.changed_at = utcnow()
        notified = open_batch(
            session, f"moved:event:{event.id}:{_stamp()}", "moved",
            audience(session, [event_target(event.id), ALL]), event_id=event.id,
            details={"old_starts_at": old_start.isoformat(), "old_place": old_place}) or 0
    return Change(event, notified)


def cancel(session: Session, event_id: int) -> Change:
    event = _get(session, event_id)
    if event.cancelled:
        return Change(event, 0)
    event.cancelled = True
    notified = 0
    if as_utc(event.starts_at) > utcnow():
        notified = open_batch(session, f"cancelled:event:{event.id}", "cancelled",
                              audience(session, [event_target(event.id), ALL]),
                              event_id=event.id) or 0
    return Change(event, notified)
