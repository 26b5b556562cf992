"""What a reminder delivery says, written at send time in the subscriber's language.

Owns the texts of reminders, announcements, moves and cancellations (bot/messages.yml) and
their buttons. May import: bot.db, bot.dates, bot.i18n, bot.reply, bot.reminders.plan.
"""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_timedelta
from sqlalchemy.orm import Session

from bot.dates import event_when, long_date, moment
from bot.db.models import Delivery, Event, ProgrammeCall, ReminderBatch
from bot.db.queries import as_utc, localized, utcnow
from bot.db.reminders import ALL, event_target
from bot.i18n import t
from bot.reminders.plan import subscribe_payload, unsubscribe_payload
from bot.reply import Reply


def _place(event: Event, language: str) -> str:
    return t("reminder_place", language, place=event.place) if event.place else ""


def _link(url: str | None) -> str:
    return f"\n{url}" if url else ""


def stop_button(target: str, language: str) -> dict[str, str]:
    key = "reminder_stop_announcements" if target == ALL else "reminder_stop"
    return {"title": t(key, language), "payload": unsubscribe_payload(target)}


def compose(session: Session, delivery: Delivery, now: datetime | None = None
            ) -> Reply | None:
    """The message for one delivery, or None when it no longer makes sense to send it."""
    now = now or utcnow()
    batch: ReminderBatch = delivery.batch
    language = delivery.language
    if batch.kind == "deadline":
        call = session.get(ProgrammeCall, batch.call_id)
        if call is None or call.closes_at is None or as_utc(call.closes_at) <= now:
            return None
        text = t("reminder_deadline", language, title=localized(call.title, language),
                 programme=localized(call.programme.name, language),
                 delta=format_timedelta(as_utc(call.closes_at) - now, add_direction=True,
                                        locale=language),
                 date=long_date(as_utc(call.closes_at).date(), language)) + _link(call.url)
        return Reply(text, [stop_button(delivery.target, language)])
    event = session.get(Event, batch.event_id)
    if event is None:
        return None
    title = localized(event.title, language)
    started = as_utc(event.starts_at) <= now
    if batch.kind == "cancelled":
        return Reply(t("event_cancelled", language, title=title,
                          when=event_when(event, language)), [])
    if event.cancelled or started:
        return None  # a reminder or news about an event that is over or off
    values = {"title": title, "when": event_when(event, language), "place": _place(event, language)}
    if batch.kind == "reminder":
        delta = format_timedelta(as_utc(event.starts_at) - now, add_direction=True,
                                 locale=language)
        text = t("event_reminder", language, delta=delta, **values) + _link(event.url)
        return Reply(text, [stop_button(delivery.target, language)])
    if batch.kind == "moved":
        old = (batch.details or {}).get("old_starts_at")
        was = t("event_was", language, when=moment(datetime.fromisoformat(old), language)) \
            if old and datetime.fromisoformat(old) != as_utc(event.starts_at) else ""
        text = t("event_moved", language, was=was, **values) + _link(event.url)
        return Reply(text, [stop_button(delivery.target, language)])
    # announce
    text = t("event_announced", language, **values) + _link(event.url)
    return Reply(text, [
        {"title": t("reminder_remind_me", language),
         "payload": subscribe_payload(event_target(event.id))},
        stop_button(ALL, language)])
