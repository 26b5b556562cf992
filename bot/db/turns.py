"""What reached the user of a conversation's last turn (see `TurnDelivery`)."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.orm import Session

from bot.db.models_chats import TurnDelivery
from bot.db.queries import utcnow
from bot.db.session import Executor

_RECORD = (update(TurnDelivery).where(TurnDelivery.sender_id == bindparam("sender"))
           .values(turn_id=bindparam("turn"), delivered=bindparam("count"),
                   updated_at=bindparam("now"))
           .execution_options(synchronize_session=False))  # built once: runs per message
_FIRST = insert(TurnDelivery)


def delivered(session: Session, sender_id: str, turn_id: str) -> int:
    """How many messages of this turn were confirmed sent (0 when none, or another turn)."""
    row = session.get(TurnDelivery, sender_id)
    return row.delivered if row is not None and row.turn_id == turn_id else 0


def record_delivered(session: Executor, sender_id: str, turn_id: str, count: int) -> None:
    """`count` messages of this turn reached the user; the previous turn is forgotten.

    One UPDATE (this runs for every message sent); a chat's first turn adds its row.
    """
    now = utcnow()
    changed = session.execute(_RECORD, {"sender": sender_id, "turn": turn_id, "count": count,
                                        "now": now}).rowcount
    if not changed:
        session.execute(_FIRST, {"sender_id": sender_id, "turn_id": turn_id,
                                 "delivered": count, "updated_at": now})


def erase_for_chat(session: Session, sender_id: str) -> int:
    return session.execute(delete(TurnDelivery).where(TurnDelivery.sender_id == sender_id)
                           ).rowcount
