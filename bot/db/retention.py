"""How long the bot keeps its own bookkeeping, and the purge that enforces it.

Applicants' data follows the privacy rules (`bot/db/privacy.py`: export, erasure). This is the
bot's own bookkeeping, which would otherwise grow with every message for as long as it runs:

- the update inbox: an update processed more than `inbox_days` ago (Telegram redelivers only
  updates it was not told we have, and keeps them 24 hours); the newest row always stays, it
  gives the polling offset;
- the buttons issued and used more than `keyboard_days` ago (a press on an older button is
  refused like any button the bot does not know);
- the applicants' outbox: a message sent or given up more than `outbox_days` ago (its text is
  personal data; the status change it announced stays in the candidacy's history).

Nothing pending is ever removed: an update not processed, a message not yet sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from bot.db.models_chats import InboxUpdate, IssuedKeyboard, UsedKeyboard
from bot.db.models_staff import ApplicantMessage


@dataclass(frozen=True)
class Retention:
    inbox_days: int = 7
    keyboard_days: int = 90
    outbox_days: int = 30


def purge(session: Session, now: datetime, retention: Retention = Retention()) -> dict[str, int]:
    """Delete what is past its keeping time; the number of rows removed, by table."""
    newest = session.execute(select(func.max(InboxUpdate.update_id))).scalar()
    inbox_before = now - timedelta(days=retention.inbox_days)
    keyboards_before = now - timedelta(days=retention.keyboard_days)
    outbox_before = now - timedelta(days=retention.outbox_days)
    return {
        "inbox_updates": _delete(session, InboxUpdate, InboxUpdate.processed_at.is_not(None),
                                 InboxUpdate.processed_at < inbox_before,
                                 InboxUpdate.update_id != newest),
        "issued_keyboards": _delete(session, IssuedKeyboard,
                                    IssuedKeyboard.issued_at < keyboards_before),
        "used_keyboards": _delete(session, UsedKeyboard, UsedKeyboard.used_at < keyboards_before),
        "applicant_messages": _delete(session, ApplicantMessage, or_(
            ApplicantMessage.sent_at < outbox_before,
            ApplicantMessage.given_up.is_not(None)
            & (ApplicantMessage.created_at < outbox_before))),
    }


def _delete(session: Session, model: type, *conditions: Any) -> int:
    return session.execute(delete(model).where(*conditions)
                           .execution_options(synchronize_session=False)).rowcount
