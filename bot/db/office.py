"""The back-office's logins and audit log.

A login link carries a random token; only its SHA-256 is stored. It works once, within
LINK_LIFETIME: `use_login` marks it used in the same statement that checks it, so two clicks
racing cannot both log in.

A login opens a session kept here (`open_session`): the cookie holds only its random token,
stored hashed. A session ends for good at logout or when its member leaves the staff chat
(`end_session`, `end_sessions_of`), and at its absolute end, SESSION_LIFETIME after the login,
whatever is asked in between.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models_staff import AuditEntry, OfficeLogin, OfficeSession
from bot.db.queries import utcnow

LINK_LIFETIME = timedelta(minutes=10)
SESSION_LIFETIME = timedelta(hours=12)


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


def login_owner(session: Session, token: str) -> tuple[str, str] | None:
    """(staff id, name) of the link this token is, whether or not it still works; None when
    no link ever had it (a guess)."""
    found = session.execute(select(OfficeLogin.staff_id, OfficeLogin.staff_name).where(
        OfficeLogin.token_hash == _hash(token))).first()
    return (found[0], found[1]) if found else None


def open_session(session: Session, login: OfficeLogin) -> str:
    """A new session for the member this login names; its token (for the cookie only)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(OfficeSession(token_hash=_hash(token), staff_id=login.staff_id,
                              staff_name=login.staff_name, created_at=now,
                              expires_at=now + SESSION_LIFETIME, checked_at=now))
    session.flush()
    return token


def live_session(session: Session, token: str) -> OfficeSession | None:
    """The session this token holds, if it has not ended; None otherwise."""
    if not token:
        return None
    return session.execute(select(OfficeSession).where(
        OfficeSession.token_hash == _hash(token), OfficeSession.ended_at.is_(None),
        OfficeSession.expires_at > utcnow())).scalar_one_or_none()


def end_session(session: Session, token: str, why: str) -> None:
    session.execute(update(OfficeSession).where(
        OfficeSession.token_hash == _hash(token), OfficeSession.ended_at.is_(None))
        .values(ended_at=utcnow(), ended_why=why))


def end_sessions_of(session: Session, staff_id: str, why: str) -> int:
    """Every live session of this member ended (they left the staff chat); how many."""
    return session.execute(update(OfficeSession).where(
        OfficeSession.staff_id == str(staff_id), OfficeSession.ended_at.is_(None))
        .values(ended_at=utcnow(), ended_why=why)).rowcount


def membership_confirmed(session: Session, token: str) -> None:
    session.execute(update(OfficeSession).where(OfficeSession.token_hash == _hash(token))
                    .values(checked_at=utcnow()))


def audit(session: Session, who: str, action: str, target: str,
          detail: dict[str, Any] | None = None) -> None:
    session.add(AuditEntry(at=utcnow(), who=who, action=action, target=target, detail=detail))


def audit_entries(session: Session, limit: int = 200) -> list[AuditEntry]:
    return list(session.execute(select(AuditEntry).order_by(AuditEntry.at.desc(),
                                                            AuditEntry.id.desc())
                                .limit(limit)).scalars())
