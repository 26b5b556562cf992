"""The staff's weekly figures, from Rasa's events table and our own tables; the queues' backlogs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.insights import user_messages
from bot.db.models import Candidacy, Delivery, Handoff, ReminderBatch, StaffNotice
from bot.db.models_chats import InboxUpdate
from bot.db.queries import as_utc, utcnow

FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Stats:
    conversations: int
    messages: int
    fallback_rate: float  # 0..1, of the messages typed outside a form (questions)
    top_intents: list[tuple[str, int]]
    candidacies: dict[str, int]  # programme key ("network" to join) -> count
    handoffs: int
    out_of_scope_rate: float = 0.0  # 0..1
    first_answer_minutes: float | None = None  # median, over the handoffs a person answered


def first_answer(handoff: Handoff) -> timedelta | None:
    """From the request to the staff's first message to the user (None: not answered)."""
    for entry in handoff.transcript:
        if entry.get("by") == "staff" and entry.get("at"):
            answered = as_utc(datetime.fromisoformat(entry["at"]))
            if answered >= as_utc(handoff.opened_at):
                return answered - as_utc(handoff.opened_at)
    return None


def weekly_stats(session: Session, now: datetime | None = None, days: int = 7) -> Stats:
    since = (now or utcnow()) - timedelta(days=days)
    messages_since = user_messages(session, since)
    senders = {sender for sender, _, _, _ in messages_since}
    intents = Counter(intent for _, _, intent, _ in messages_since)
    messages = sum(intents.values())
    asked = Counter(intent for _, _, intent, in_form in messages_since if not in_form)
    questions = sum(asked.values())
    candidacies = session.execute(
        select(Candidacy.programme_key, func.count()).where(Candidacy.submitted_at >= since)
        .group_by(Candidacy.programme_key)).all()
    opened = list(session.execute(select(Handoff).where(Handoff.opened_at >= since)).scalars())
    delays = [d.total_seconds() / 60 for d in map(first_answer, opened) if d is not None]
    return Stats(
        conversations=len(senders), messages=messages,
        fallback_rate=asked[FALLBACK] / questions if questions else 0.0,
        top_intents=intents.most_common(5),
        candidacies={key or "network": count for key, count in candidacies},
        handoffs=len(opened),
        out_of_scope_rate=asked[OUT_OF_SCOPE] / questions if questions else 0.0,
        first_answer_minutes=median(delays) if delays else None,
    )


@dataclass(frozen=True)
class Insights:
    days: list[tuple[str, int]]  # ("2026-11-29", user messages), oldest first
    intents: list[tuple[str, int]]  # most frequent first
    fallback_rate: float
    out_of_scope_rate: float
    candidacies: dict[tuple[str, str], int]  # (programme key or "network", status) -> count


def insights(session: Session, days: int = 30, now: datetime | None = None) -> Insights:
    """The back-office's figures: messages per day, intents, rates, candidacies."""
    now = now or utcnow()
    since = now - timedelta(days=days)
    per_day = Counter({(since + timedelta(days=i + 1)).date().isoformat(): 0
                       for i in range(days)})
    intents: Counter[str] = Counter()
    asked: Counter[str] = Counter()  # outside forms: the rates are of questions, not answers
    for _, timestamp, intent, in_form in user_messages(session, since):
        per_day[datetime.fromtimestamp(timestamp, now.tzinfo).date().isoformat()] += 1
        intents[intent] += 1
        asked[intent] += not in_form
    total = sum(asked.values())
    candidacies = session.execute(select(Candidacy.programme_key, Candidacy.status, func.count())
                                  .group_by(Candidacy.programme_key, Candidacy.status)).all()
    return Insights(
        days=sorted(per_day.items())[-days:], intents=intents.most_common(),
        fallback_rate=asked[FALLBACK] / total if total else 0.0,
        out_of_scope_rate=asked[OUT_OF_SCOPE] / total if total else 0.0,
        candidacies={(key or "network", status): n for key, status, n in candidacies})


def backlogs(session: Session, now: datetime | None = None) -> dict[str, float]:
    """What waits in the queues now (for /metrics): counts, and the oldest delivery's age."""
    now = now or utcnow()
    count = lambda query: session.execute(query).scalar() or 0  # noqa: E731
    oldest = session.execute(
        select(func.min(ReminderBatch.created_at))
        .join(Delivery, Delivery.batch_key == ReminderBatch.key)
        .where(Delivery.status == "pending")).scalar()
    return {
        "inbox_pending": count(select(func.count()).select_from(InboxUpdate)
                               .where(InboxUpdate.processed_at.is_(None))),
        "staff_outbox": count(select(func.count()).select_from(StaffNotice)
                              .where(StaffNotice.sent_at.is_(None))),
        "deliveries_pending": count(select(func.count()).select_from(Delivery)
                                    .where(Delivery.status == "pending")),
        "reminder_lag_seconds": (now - as_utc(oldest)).total_seconds() if oldest else 0.0,
        "handoffs_open": count(select(func.count()).select_from(Handoff)
                               .where(Handoff.status.in_(("open", "taken")))),
    }
