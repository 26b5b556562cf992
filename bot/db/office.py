"""The back-office's logins and audit log.

A login link carries a random token; only its SHA-256 is stored. It works once, within
LINK_LIFETIME: `use_login` marks it used in the same statement that checks it, so two clicks
racing cannot both log in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models_staff import AuditEntry, OfficeLogin
from bot.db.queries import utcnow

LINK_LIFETIME = timedelta(minutes=10)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_login(session: Session, staff_id: int | str, staff_name: str) -> str:
    """A new one-time token for this staff member (the link's last part)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(OfficeLogin(token_hash=_hash(token), staff_id=str(staff_id),
                            staff_name=staff_name, created_at=now,
                            expires_at=now + LINK_LIFETIME))
    session.flush()
    return token


def use_login(session: Session, token: str) -> OfficeLogin | None:
    """The login this token opens, once and in time; None otherwise."""
    now = utcnow()
    used = session.execute(update(OfficeLogin).where(
        OfficeLogin.token_hash == _hash(token), OfficeLogin.used_at.is_(None),
        OfficeLogin.expires_at > now).values(used_at=now)).rowcount
    if not used:
        return None
    return session.execute(select(OfficeLogin)
                           .where(OfficeLogin.token_hash == _hash(token))).scalar_one()


def audit(session: Session, who: str, action: str, target: str,
          detail: dict[str, Any] | None = None) -> None:
    session.add(AuditEntry(at=utcnow(), who=who, action=action, target=target, detail=detail))


def audit_entries(session: Session, limit: int = 200) -> list[AuditEntry]:
    return list(session.execute(select(AuditEntry).order_by(AuditEntry.at.desc(),
                                                            AuditEntry.id.desc())
                                .limit(limit)).scalars())
