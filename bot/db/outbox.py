"""Messages owed to applicants (a status change), kept until Telegram takes them.

A sender claims a message before sending it, so two senders (the bot and a command line) never
send it together; a claim left by a crash is taken again after CLAIM_FOR. Sent at least once:
a crash between Telegram taking it and `mark_sent` sends it again, once.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.db.models_staff import ApplicantMessage
from bot.db.queries import utcnow

CLAIM_FOR = timedelta(seconds=60)
MAX_ATTEMPTS = 5


def queue(session: Session, chat_id: str, text: str) -> ApplicantMessage:
    message = ApplicantMessage(chat_id=chat_id, text=text, created_at=utcnow(), attempts=0)
    session.add(message)
    session.flush()
    return message


def _waiting(now):  # noqa: ANN001, ANN202 - a SQL condition
    return (ApplicantMessage.sent_at.is_(None), ApplicantMessage.given_up.is_(None),
            or_(ApplicantMessage.claimed_at.is_(None),
                ApplicantMessage.claimed_at < now - CLAIM_FOR))


def claim_waiting(session: Session, limit: int = 20) -> list[tuple[int, str, str]]:
    """(id, chat_id, text) of the messages this sender now owns, oldest first."""
    now = utcnow()
    ids = session.execute(select(ApplicantMessage.id).where(*_waiting(now))
                          .order_by(ApplicantMessage.id).limit(limit)).scalars().all()
    claimed = []
    for message_id in ids:
        taken = session.execute(update(ApplicantMessage)
                                .where(ApplicantMessage.id == message_id, *_waiting(now))
                                .values(claimed_at=now)).rowcount
        if taken:
            message = session.get(ApplicantMessage, message_id)
            claimed.append((message.id, message.chat_id, message.text))
    return claimed


def mark_sent(session: Session, message_id: int) -> None:
    session.get(ApplicantMessage, message_id).sent_at = utcnow()


def mark_failed(session: Session, message_id: int, given_up: str | None = None) -> None:
    """A failed attempt: tried again later, unless `given_up` (or too many attempts)."""
    message = session.get(ApplicantMessage, message_id)
    message.attempts += 1
    message.claimed_at = None
    if given_up or message.attempts >= MAX_ATTEMPTS:
        message.given_up = given_up or "attempts"


def erase_for_chat(session: Session, chat_id: str) -> int:
    return session.execute(delete(ApplicantMessage)
                           .where(ApplicantMessage.chat_id == chat_id)).rowcount
