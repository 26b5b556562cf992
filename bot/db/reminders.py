"""Subscriptions and reminder fan-outs: who asked for what, what was sent to whom.

A batch and its deliveries are written in one transaction; the sender then sends each
pending delivery and marks it in its own commit. So a crash loses nothing and repeats at
most the one message Telegram had taken when the process died.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.models import Delivery, ReminderBatch, Subscription
from bot.db.queries import utcnow

ALL = "all"


def event_target(event_id: int) -> str:
    return f"event:{event_id}"


def deadlines_target(programme_key: str) -> str:
    return f"deadline:{programme_key}"


def subscribe(session: Session, chat_id: str, target: str, language: str) -> bool:
    """True if new; asking twice keeps one subscription (its language refreshed)."""
    known = session.execute(select(Subscription).where(
        Subscription.chat_id == chat_id, Subscription.target == target)).scalar_one_or_none()
    if known is not None:
        known.language = language
        return False
    try:
        with session.begin_nested():
            session.add(Subscription(chat_id=chat_id, target=target, language=language,
                                     created_at=utcnow()))
        return True
    except IntegrityError:  # the same request, processed concurrently
        return False


def unsubscribe(session: Session, chat_id: str, target: str | None = None) -> int:
    """Remove one subscription, or all of a chat's (target None); returns how many."""
    query = delete(Subscription).where(Subscription.chat_id == chat_id)
    if target is not None:
        query = query.where(Subscription.target == target)
    return session.execute(query).rowcount


def subscriptions_of(session: Session, chat_id: str) -> list[Subscription]:
    query = (select(Subscription).where(Subscription.chat_id == chat_id)
             .order_by(Subscription.created_at, Subscription.id))
    return list(session.execute(query).scalars())


@dataclass(frozen=True)
class Recipient:
    chat_id: str
    target: str
    language: str


def audience(session: Session, targets: list[str]) -> list[Recipient]:
    """Every chat subscribed to one of `targets`, once, by its most specific subscription."""
    rank = {target: index for index, target in enumerate(targets)}
    chosen: dict[str, Subscription] = {}
    rows = session.execute(select(Subscription).where(Subscription.target.in_(targets)))
    for subscription in rows.scalars():
        known = chosen.get(subscription.chat_id)
        if known is None or rank[subscription.target] < rank[known.target]:
            chosen[subscription.chat_id] = subscription
    return [Recipient(s.chat_id, s.target, s.language) for s in chosen.values()]


def subscriber_count(session: Session, targets: list[str]) -> int:
    query = select(func.count(func.distinct(Subscription.chat_id))).where(
        Subscription.target.in_(targets))
    return session.execute(query).scalar_one()


def batch_exists(session: Session, key: str) -> bool:
    return session.get(ReminderBatch, key) is not None


def batch_keys(session: Session, prefix: str) -> set[str]:
    query = select(ReminderBatch.key).where(ReminderBatch.key.startswith(prefix))
    return set(session.execute(query).scalars())


def batches_among(session: Session, keys: set[str]) -> set[str]:
    """Which of these batches exist (fanned out already)."""
    if not keys:
        return set()
    query = select(ReminderBatch.key).where(ReminderBatch.key.in_(keys))
    return set(session.execute(query).scalars())


def open_batch(session: Session, key: str, kind: str, recipients: list[Recipient], *,
               event_id: int | None = None, call_id: int | None = None,
               offset_seconds: int | None = None, details: dict[str, Any] | None = None
               ) -> int | None:
    """Record a fan-out and its recipients; None if this batch exists already."""
    if batch_exists(session, key):
        return None
    try:
        with session.begin_nested():
            session.add(ReminderBatch(key=key, kind=kind, event_id=event_id, call_id=call_id,
                                      offset_seconds=offset_seconds, details=details,
                                      created_at=utcnow()))
            session.flush()
            session.add_all(Delivery(batch_key=key, chat_id=r.chat_id, target=r.target,
                                     language=r.language, status="pending", attempts=0)
                            for r in recipients)
    except IntegrityError:  # another process opened it first
        return None
    return len(recipients)


def pending_deliveries(session: Session, limit: int = 100) -> list[Delivery]:
    query = (select(Delivery).where(Delivery.status == "pending")
             .order_by(Delivery.id).limit(limit))
    return list(session.execute(query).scalars())


def mark(session: Session, delivery_id: int, status: str, when: datetime | None = None) -> None:
    session.execute(update(Delivery).where(Delivery.id == delivery_id)
                    .values(status=status, sent_at=when or utcnow()))


def attempted(session: Session, delivery_id: int) -> int:
    """Count a transient failure; returns the attempts so far (the sender's policy,
    `bot.db.outbox`, decides when it is given up)."""
    delivery = session.get(Delivery, delivery_id)
    delivery.attempts += 1
    return delivery.attempts


def drop_blocked(session: Session, chat_id: str) -> int:
    """The user blocked the bot: no more subscriptions, nothing more queued for them."""
    session.execute(update(Delivery).where(Delivery.chat_id == chat_id,
                                           Delivery.status == "pending")
                    .values(status="blocked", sent_at=utcnow()))
    return unsubscribe(session, chat_id)


def deliveries_of(session: Session, batch_key: str) -> list[Delivery]:
    query = select(Delivery).where(Delivery.batch_key == batch_key).order_by(Delivery.id)
    return list(session.execute(query).scalars())


def export_for_chat(session: Session, chat_id: str) -> dict[str, Any]:
    return {
        "subscriptions": [{"target": s.target, "language": s.language,
                           "since": s.created_at.isoformat(timespec="seconds")}
                          for s in subscriptions_of(session, chat_id)],
        "reminders_received": session.execute(select(func.count(Delivery.id)).where(
            Delivery.chat_id == chat_id, Delivery.status == "sent")).scalar_one(),
    }


def erase_for_chat(session: Session, chat_id: str) -> int:
    """Subscriptions and the record of what was sent to the chat; returns subscriptions."""
    session.execute(delete(Delivery).where(Delivery.chat_id == chat_id))
    return unsubscribe(session, chat_id)
