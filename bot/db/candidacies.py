"""Candidacies: numbered references, one open candidacy per applicant and scheme, statuses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.db.models import Candidacy
from bot.db.models_staff import CandidacyNote, CandidacyStatusChange
from bot.db.queries import utcnow

STATUSES = ("submitted", "in_review", "accepted", "rejected", "withdrawn")
OPEN_STATUSES = ("submitted", "in_review")
PERSONAL_FIELDS = ("full_name", "email", "phone", "company", "siren", "town", "postcode",
                   "pitch", "expectations", "answers")


class DuplicateCandidacy(Exception):
    """The applicant already has an open candidacy to this scheme."""

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.reference = reference


class UnknownStatus(ValueError):
    pass


@dataclass(frozen=True)
class CandidacyFilter:
    status: str | None = None
    programme_key: str | None = None
    search: str | None = None  # in the reference, name, company, e-mail and town
    since: date | None = None  # submitted on or after this day (UTC)
    until: date | None = None  # submitted on or before this day (UTC)

    def where(self, query: Select) -> Select:
        """`query` kept to these candidacies, in the database (a search ignores case)."""
        if self.status:
            query = query.where(Candidacy.status == self.status)
        if self.programme_key:
            query = query.where(Candidacy.programme_key == self.programme_key)
        if self.search:
            wanted = self.search.lower()
            query = query.where(or_(*(func.lower(column).contains(wanted, autoescape=True)
                                      for column in SEARCHED)))
        if self.since:
            query = query.where(Candidacy.submitted_at >= _midnight(self.since))
        if self.until:
            query = query.where(Candidacy.submitted_at < _midnight(self.until + timedelta(1)))
        return query


SEARCHED = (Candidacy.reference, Candidacy.full_name, Candidacy.company, Candidacy.email,
            Candidacy.town)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, timezone.utc)


def open_candidacy(session: Session, chat_id: str, programme_key: str | None) -> Candidacy | None:
    query = select(Candidacy).where(Candidacy.chat_id == chat_id,
                                    Candidacy.status.in_(OPEN_STATUSES))
    query = query.where(Candidacy.programme_key.is_(None) if programme_key is None
                        else Candidacy.programme_key == programme_key)
    return session.execute(query.limit(1)).scalar_one_or_none()


def _next_number(session: Session, year: int) -> int:
    last = session.execute(select(func.max(Candidacy.number))
                           .where(Candidacy.year == year)).scalar()
    return (last or 0) + 1


def submit(session: Session, *, chat_id: str, language: str, programme_key: str | None,
           fields: dict[str, Any]) -> Candidacy:
    """Store a candidacy with a new reference like NFT-2026-0001.

    Raises DuplicateCandidacy with the existing reference when one is still open. Two
    submissions racing for a number are kept apart by the (year, number) unique constraint.
    """
    existing = open_candidacy(session, chat_id, programme_key)
    if existing is not None:
        raise DuplicateCandidacy(existing.reference)
    now = utcnow()
    number = _next_number(session, now.year)
    candidacy = Candidacy(
        reference=f"NFT-{now.year}-{number:04d}", year=now.year, number=number,
        chat_id=chat_id, language=language, programme_key=programme_key, status="submitted",
        submitted_at=now, updated_at=now, consent_at=fields.pop("consent_at", now), **fields,
    )
    session.add(candidacy)
    session.flush()
    return candidacy


def list_candidacies(session: Session, where: CandidacyFilter = CandidacyFilter(),
                     offset: int = 0, limit: int | None = None) -> list[Candidacy]:
    """Oldest first; `offset` and `limit` for a page."""
    query = where.where(select(Candidacy)).order_by(Candidacy.year, Candidacy.number)
    return list(session.execute(query.offset(offset).limit(limit)).scalars())


def count_candidacies(session: Session, where: CandidacyFilter = CandidacyFilter()) -> int:
    return session.execute(where.where(select(func.count()).select_from(Candidacy))).scalar()


def by_reference(session: Session, reference: str) -> Candidacy | None:
    return session.execute(select(Candidacy).where(Candidacy.reference == reference)
                           ).scalar_one_or_none()


def set_status(session: Session, reference: str, status: str, by: str = "command line",
               note: str | None = None) -> Candidacy | None:
    """The new status, recorded with who changed it (no record when it is the same)."""
    if status not in STATUSES:
        raise UnknownStatus(f"{status!r} is not one of {', '.join(STATUSES)}")
    candidacy = by_reference(session, reference)
    if candidacy is not None and candidacy.status != status:
        now = utcnow()
        session.add(CandidacyStatusChange(candidacy_id=candidacy.id, status_from=candidacy.status,
                                          status_to=status, changed_by=by, changed_at=now,
                                          note=note))
        candidacy.status = status
        candidacy.updated_at = now
    return candidacy


def status_history(session: Session, candidacy: Candidacy) -> list[CandidacyStatusChange]:
    return list(session.execute(
        select(CandidacyStatusChange).where(CandidacyStatusChange.candidacy_id == candidacy.id)
        .order_by(CandidacyStatusChange.changed_at, CandidacyStatusChange.id)).scalars())


def notes(session: Session, candidacy: Candidacy) -> list[CandidacyNote]:
    """The staff's internal notes and the messages sent without a change of status, oldest
    first."""
    return list(session.execute(
        select(CandidacyNote).where(CandidacyNote.candidacy_id == candidacy.id)
        .order_by(CandidacyNote.written_at, CandidacyNote.id)).scalars())


def add_note(session: Session, candidacy: Candidacy, by: str, text: str,
             sent: bool = False) -> CandidacyNote:
    note = CandidacyNote(candidacy_id=candidacy.id, written_by=by, written_at=utcnow(),
                         text=text, sent=sent)
    session.add(note)
    return note


def for_chat(session: Session, chat_id: str) -> list[Candidacy]:
    return list(session.execute(select(Candidacy).where(Candidacy.chat_id == chat_id)
                                .order_by(Candidacy.id)).scalars())


def anonymise_for_chat(session: Session, chat_id: str) -> list[str]:
    """Blank the personal fields of a chat's candidacies; returns the references kept.

    What stays (reference, scheme, status, dates) is what the network needs to account for
    the decisions it took; nothing in it identifies the applicant any more.
    """
    kept = []
    for candidacy in for_chat(session, chat_id):
        for field in PERSONAL_FIELDS:
            setattr(candidacy, field, None)
        candidacy.chat_id = None
        candidacy.anonymised_at = utcnow()
        for change in status_history(session, candidacy):  # what staff wrote to the person
            change.note = None
        for note in notes(session, candidacy):  # and about them
            session.delete(note)
        kept.append(candidacy.reference)
    return kept


def as_dict(candidacy: Candidacy) -> dict[str, Any]:
    values = {column.name: getattr(candidacy, column.name)
              for column in Candidacy.__table__.columns if column.name not in ("id", "chat_id")}
    return {key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in values.items()}
