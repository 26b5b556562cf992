"""The outbox: what the bot says on its own initiative, kept until Telegram takes it, and the
one policy by which the one sender (`bot.db.sender`) hands it over.

Three tables hold such messages, each written in the transaction of what it announces:
staff notices (`staff_notices`, bot.db.handoffs), messages to a person outside a conversation
— a candidacy's new status, a staff reply to a handoff — (`applicant_messages`, here) and
reminder deliveries (`reminder_deliveries`, bot.db.reminders). The policy, for all three:

- a refusal for good (the person blocked the bot; Telegram refuses the message) gives the
  message up at once, with its reason (BLOCKED, REFUSED);
- any other failure is an attempt: tried again at the next pass, given up (ATTEMPTS) at the
  MAX_ATTEMPTS-th;
- recorded as sent in its own commit once Telegram took it: a crash between the two sends it
  again, once (Telegram has no idempotent send); nothing is ever lost.

The applicants' messages are claimed before being sent, so two senders (the bot and a command
line) never send one together; a claim left by a crash is taken again after CLAIM_FOR.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.db.models import StaffNotice
from bot.db.models_staff import ApplicantMessage
from bot.db.queries import utcnow

MAX_ATTEMPTS = 5  # transient failures of one message before it is given up
CLAIM_FOR = timedelta(seconds=60)
BLOCKED, REFUSED, ATTEMPTS = "blocked", "refused", "attempts"  # why a message was given up


def spent(attempts: int) -> bool:
    """Whether a message that failed this many times for a transient reason is given up."""
    return attempts >= MAX_ATTEMPTS


def queue(session: Session, chat_id: str, text: str,
          buttons: list[dict[str, str]] | None = None) -> ApplicantMessage:
    """`buttons`: [{"title", "payload"}] under the text (as bot.reply.Reply holds them)."""
    message = ApplicantMessage(chat_id=chat_id, text=text, buttons=buttons or None,
                               created_at=utcnow(), attempts=0)
    session.add(message)
    session.flush()
    return message


def _waiting(now):  # noqa: ANN001, ANN202 - a SQL condition
    return (ApplicantMessage.sent_at.is_(None), ApplicantMessage.given_up.is_(None),
            or_(ApplicantMessage.claimed_at.is_(None),
                ApplicantMessage.claimed_at < now - CLAIM_FOR))


def claim_waiting(session: Session, limit: int = 20) -> list[ApplicantMessage]:
    """The messages this sender now owns, oldest first."""
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
            claimed.append(message)
    return claimed


def mark_sent(session: Session, message_id: int) -> None:
    session.get(ApplicantMessage, message_id).sent_at = utcnow()


def attempted(session: Session, message_id: int) -> int:
    """A transient failure: counted, the claim released; returns the attempts so far."""
    message = session.get(ApplicantMessage, message_id)
    message.attempts += 1
    message.claimed_at = None
    return message.attempts


def give_up(session: Session, message_id: int, reason: str) -> None:
    session.get(ApplicantMessage, message_id).given_up = reason


def attempted_notices(session: Session, notice_ids: Iterable[int]) -> int:
    """A transient failure of a staff message: counted on each notice it holds (kept across
    restarts); returns the most attempts among them."""
    notices = [n for n in (session.get(StaffNotice, i) for i in notice_ids) if n is not None]
    for notice in notices:
        notice.attempts = (notice.attempts or 0) + 1
    return max((n.attempts for n in notices), default=MAX_ATTEMPTS)


def give_up_notices(session: Session, notice_ids: Iterable[int], reason: str = ATTEMPTS
                    ) -> None:
    """Staff notices never to be sent: settled without a message (`message_id` stays NULL),
    with the reason, so the staff chat's outbox moves on; the handoff stays in /pending and
    the back-office."""
    session.execute(update(StaffNotice).where(StaffNotice.id.in_(list(notice_ids)))
                    .values(sent_at=utcnow(), given_up=reason))


def erase_for_chat(session: Session, chat_id: str) -> int:
    return session.execute(delete(ApplicantMessage)
                           .where(ApplicantMessage.chat_id == chat_id)).rowcount
