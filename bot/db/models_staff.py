"""What the staff do: each status change of a candidacy (who, when, what was said), the notes
and messages written on it besides, the
messages owed to applicants, kept until Telegram took them (an outbox), the back-office's
one-time login links, its sessions and its audit log.

Written in the same transaction as the change itself: a crash after the change can only delay
the applicant's message, never lose it.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Integer, String, Text

from bot.db.base import Base


class CandidacyStatusChange(Base):
    __tablename__ = "candidacy_status_changes"

    id = Column(Integer, primary_key=True)
    candidacy_id = Column(ForeignKey("candidacies.id", ondelete="CASCADE"), nullable=False,
                          index=True)
    status_from = Column(String(16), nullable=False)
    status_to = Column(String(16), nullable=False)
    changed_by = Column(String(200), nullable=False)  # a staff member's name, or "command line"
    changed_at = Column(DateTime(timezone=True), nullable=False)
    note = Column(Text)  # the staff's message to the applicant, when there was one


class ApplicantMessage(Base):
    """A message to an applicant's chat, in their language, until Telegram takes it."""

    __tablename__ = "applicant_messages"

    id = Column(Integer, primary_key=True)
    chat_id = Column(String(32), nullable=False, index=True)
    text = Column(Text, nullable=False)
    buttons = Column(JSON)  # [{"title", "payload"}] under the text (bot.reply.Reply), if any
    created_at = Column(DateTime(timezone=True), nullable=False)
    claimed_at = Column(DateTime(timezone=True))  # a sender is on it (taken again when stale)
    sent_at = Column(DateTime(timezone=True), index=True)
    given_up = Column(String(32))  # blocked | refused | attempts: never sent, and why
    attempts = Column(Integer, nullable=False, default=0)


class OfficeLogin(Base):
    """A one-time link to the back-office, for one member of the staff chat (stored hashed)."""

    __tablename__ = "office_logins"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    staff_id = Column(String(32), nullable=False)  # the Telegram user
    staff_name = Column(String(200), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)
    expires_at = Column(DateTime(timezone=True), nullable=False)
    used_at = Column(DateTime(timezone=True))


class AuditEntry(Base):
    """Every change made from the back-office: who, when, what."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime(timezone=True), nullable=False, index=True)
    who = Column(String(200), nullable=False)
    action = Column(String(64), nullable=False)
    target = Column(String(200), nullable=False, index=True)  # a page's history is read by it
    detail = Column(JSON)  # for a change: {"changes": {field: [before, after]}, ...}


class OfficeSession(Base):
    """A back-office session, server-side: the cookie carries only a random token, whose hash
    is here. It ends for good at logout, when its member leaves the staff chat, or at
    `expires_at` (set once at login, never extended)."""

    __tablename__ = "office_sessions"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    staff_id = Column(String(32), nullable=False, index=True)  # Telegram user, or "command line"
    staff_name = Column(String(200), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)
    expires_at = Column(DateTime(timezone=True), nullable=False)
    checked_at = Column(DateTime(timezone=True), nullable=False)  # membership last confirmed
    ended_at = Column(DateTime(timezone=True))
    ended_why = Column(String(16))  # logout | left


class CandidacyNote(Base):
    """What the staff wrote on a candidacy besides its status: an internal note (never sent),
    or a message sent to the applicant without a change of status."""

    __tablename__ = "candidacy_notes"

    id = Column(Integer, primary_key=True)
    candidacy_id = Column(ForeignKey("candidacies.id", ondelete="CASCADE"), nullable=False,
                          index=True)
    written_by = Column(String(200), nullable=False)
    written_at = Column(DateTime(timezone=True), nullable=False)
    text = Column(Text, nullable=False)
    sent = Column(Boolean, nullable=False, default=False)  # to the applicant, through the outbox


class CandidacyAssignment(Base):
    """Who of the staff looks after a candidacy (one at most); none until someone is given it."""

    __tablename__ = "candidacy_assignments"

    candidacy_id = Column(ForeignKey("candidacies.id", ondelete="CASCADE"), primary_key=True)
    staff_id = Column(String(32), nullable=False, index=True)  # Telegram user
    staff_name = Column(String(200), nullable=False)
    assigned_by = Column(String(200), nullable=False)
    assigned_at = Column(DateTime(timezone=True), nullable=False)
