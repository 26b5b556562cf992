"""What the staff do to candidacies: each status change (who, when, what was said), and the
messages owed to applicants, kept until Telegram took them (an outbox).

Written in the same transaction as the change itself: a crash after the change can only delay
the applicant's message, never lose it.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text

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
    created_at = Column(DateTime(timezone=True), nullable=False)
    claimed_at = Column(DateTime(timezone=True))  # a sender is on it (taken again when stale)
    sent_at = Column(DateTime(timezone=True), index=True)
    given_up = Column(String(32))  # blocked | refused | attempts: never sent, and why
    attempts = Column(Integer, nullable=False, default=0)
