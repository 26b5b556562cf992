"""Leases: at most one process holds a name at a time, until it stops renewing.

Works the same on SQLite and PostgreSQL: taking a lease is one conditional UPDATE (free,
expired, or already ours), or the INSERT that creates it; the database decides between two
processes asking at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.models_chats import InstanceLease
from bot.db.queries import utcnow


def take(session: Session, name: str, holder: str, ttl: timedelta,
         now: datetime | None = None) -> bool:
    """Hold `name` for `ttl` from now; True if it is ours (taken, or renewed)."""
    now = now or utcnow()
    taken = session.execute(
        update(InstanceLease)
        .where(InstanceLease.name == name,
               or_(InstanceLease.holder == holder, InstanceLease.expires_at < now))
        .values(holder=holder, expires_at=now + ttl)
        .execution_options(synchronize_session=False)).rowcount
    if taken:
        return True
    try:
        with session.begin_nested():
            session.add(InstanceLease(name=name, holder=holder, expires_at=now + ttl))
        return True
    except IntegrityError:  # someone else holds it
        return False


def release(session: Session, name: str, holder: str) -> None:
    """Give it up now (a clean stop): a standby takes over at its next try."""
    session.execute(update(InstanceLease)
                    .where(InstanceLease.name == name, InstanceLease.holder == holder)
                    .values(expires_at=utcnow() - timedelta(seconds=1))
                    .execution_options(synchronize_session=False))
