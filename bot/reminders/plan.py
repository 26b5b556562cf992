"""What reminders exist (the plan), when they go out (offsets), and their buttons' payloads.

The plan is computed from the database at any moment: every upcoming event and programme
deadline, at each offset of REMINDER_OFFSETS. Its keys name the reminder and the start time
it is about, so a moved event gets fresh reminders and the old ones become stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from babel.dates import format_timedelta
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.db.models import Event, ProgrammeCall
from bot.db.queries import as_utc, utcnow
from bot.db.reminders import ALL, deadlines_target, event_target
from bot.i18n import MESSAGES, join_words

_OFFSET = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_offsets(text: str) -> list[timedelta]:
    """`7d,1d,2h` -> the offsets, longest first; a clear error for anything else."""
    offsets = set()
    for part in text.split(","):
        match = _OFFSET.match(part)
        if not match or int(match.group(1)) == 0:
            raise ValueError(f"REMINDER_OFFSETS: {part.strip()!r} is not a duration like "
                             "7d, 1d, 2h, 30m or 45s")
        offsets.add(timedelta(**{_UNITS[match.group(2)]: int(match.group(1))}))
    return sorted(offsets, reverse=True)


def describe_offsets(offsets: list[timedelta], language: str, catalogue: str = MESSAGES) -> str:
    """"7 jours, 1 jour et 2 heures" / "7 days, 1 day and 2 hours": joined by the words of
    `catalogue`, the one of the text it goes in (the actions': the conversation's)."""
    return join_words((format_timedelta(o, threshold=1.0, locale=language) for o in offsets),
                      language, catalogue)


@dataclass(frozen=True)
class Planned:
    key: str
    kind: str  # reminder (an event) | deadline (a programme call)
    run_at: datetime
    about: datetime  # the event's start or the call's closing time
    offset: timedelta
    targets: tuple[str, ...]
    event_id: int | None = None
    call_id: int | None = None


def _stamp(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y%m%dT%H%M%S")


def _offsets_for(event: Event, offsets: list[timedelta]) -> list[timedelta]:
    """A date known to the day has no hour: remind only whole days before it."""
    if event.date_precision == "month":
        return []
    if event.date_precision == "day":
        return [o for o in offsets if o >= timedelta(days=1)]
    return offsets


def plan(session: Session, offsets: list[timedelta], now: datetime | None = None
         ) -> list[Planned]:
    """Every reminder of an upcoming event or deadline, due or not, oldest first."""
    now = now or utcnow()
    planned: list[Planned] = []
    events = session.execute(select(Event).where(Event.starts_at > now,
                                                 Event.cancelled.is_(False))).scalars()
    for event in events:
        start = as_utc(event.starts_at)
        told = as_utc(event.changed_at) if event.changed_at else None
        for offset in _offsets_for(event, offsets):
            if told and start - offset < told:
                continue  # due before staff announced it: the news itself was the reminder
            seconds = int(offset.total_seconds())
            planned.append(Planned(
                f"reminder:event:{event.id}:{seconds}:{_stamp(start)}", "reminder",
                start - offset, start, offset, (event_target(event.id), ALL),
                event_id=event.id))
    calls = session.execute(select(ProgrammeCall).options(selectinload(ProgrammeCall.programme))
                            .where(ProgrammeCall.closes_at > now)).scalars()
    for call in calls:
        closes = as_utc(call.closes_at)
        for offset in offsets:
            seconds = int(offset.total_seconds())
            planned.append(Planned(
                f"deadline:call:{call.id}:{seconds}:{_stamp(closes)}", "deadline",
                closes - offset, closes, offset, (deadlines_target(call.programme.key),),
                call_id=call.id))
    return sorted(planned, key=lambda p: p.run_at)


def superseded(reminder: Planned, offsets: list[timedelta], now: datetime) -> bool:
    """A later reminder of the same thing is due too (the bot was down): send only that one."""
    return any(o < reminder.offset and reminder.about - o <= now for o in offsets)


def next_reminder(planned: list[Planned], done: set[str], event_id: int,
                  now: datetime) -> datetime | None:
    times = [p.run_at for p in planned
             if p.event_id == event_id and p.key not in done and p.run_at >= now]
    return min(times, default=None)


def subscribe_payload(target: str) -> str:
    """A button's message to the assistant: the intent with the `target` entity."""
    return f'/subscribe_reminders{{"target":"{target}"}}'


def unsubscribe_payload(target: str) -> str:
    return f'/unsubscribe_reminders{{"target":"{target}"}}'
