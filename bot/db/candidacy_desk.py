"""The back-office's candidacies list, in the database: the filters, the sort orders, who of the
staff looks after each one (assignment), and a candidacy's previous and next in the list as
the staff member sees it (same filter, same order), for thousands of rows.

Every order ends with the candidacy's id, so that a page, its neighbours and the CSV read the
same sequence; the neighbours are found with a window function (row_number, standard SQL: the
same statement on SQLite and PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.db.candidacies import CandidacyFilter
from bot.db.models import Candidacy
from bot.db.models_staff import CandidacyAssignment, OfficeLogin
from bot.db.queries import utcnow

SORTS = {  # name → the ORDER BY (the id last: a total order)
    "oldest": (Candidacy.submitted_at, Candidacy.id),
    "newest": (Candidacy.submitted_at.desc(), Candidacy.id.desc()),
    "updated": (Candidacy.updated_at.desc(), Candidacy.id.desc()),
    "name": (func.lower(func.coalesce(Candidacy.full_name, "")), Candidacy.id),
    "company": (func.lower(func.coalesce(Candidacy.company, "")), Candidacy.id),
    "status": (Candidacy.status, Candidacy.submitted_at, Candidacy.id),
}
DEFAULT_SORT = "oldest"  # first come, first served
UNASSIGNED = "none"


@dataclass(frozen=True)
class DeskQuery:
    """The list as a staff member asked for it: the filter, the order, and whose it is
    (`assigned`: a staff member's id, UNASSIGNED, or None for everyone's)."""

    where: CandidacyFilter = field(default_factory=CandidacyFilter)
    sort: str = DEFAULT_SORT
    assigned: str | None = None

    def apply(self, query: Select) -> Select:
        query = self.where.where(query.outerjoin(
            CandidacyAssignment, CandidacyAssignment.candidacy_id == Candidacy.id))
        if self.assigned == UNASSIGNED:
            query = query.where(CandidacyAssignment.staff_id.is_(None))
        elif self.assigned:
            query = query.where(CandidacyAssignment.staff_id == self.assigned)
        return query

    def order(self) -> tuple[Any, ...]:
        return SORTS.get(self.sort, SORTS[DEFAULT_SORT])


def count(session: Session, query: DeskQuery) -> int:
    return session.execute(query.apply(select(func.count(Candidacy.id)).select_from(Candidacy))
                           ).scalar()


def rows(session: Session, query: DeskQuery, offset: int = 0,
         limit: int | None = None) -> list[tuple[Candidacy, str | None]]:
    """(candidacy, the name of the staff member who has it) in the list's order."""
    statement = query.apply(select(Candidacy, CandidacyAssignment.staff_name)
                            .select_from(Candidacy)).order_by(*query.order())
    return [(c, name) for c, name in session.execute(statement.offset(offset).limit(limit))]


def neighbours(session: Session, query: DeskQuery, reference: str
               ) -> tuple[str | None, str | None, int | None]:
    """(previous reference, next reference, this one's position from 1) in the list; the
    position is None when the candidacy is not in it (the filter no longer matches)."""
    numbered = query.apply(select(
        Candidacy.reference.label("reference"),
        func.row_number().over(order_by=query.order()).label("n")).select_from(Candidacy)
    ).subquery()
    here = session.execute(select(numbered.c.n).where(numbered.c.reference == reference)
                           ).scalar()
    if here is None:
        return None, None, None
    around = dict(session.execute(select(numbered.c.n, numbered.c.reference)
                                  .where(numbered.c.n.in_((here - 1, here + 1)))).all())
    return around.get(here - 1), around.get(here + 1), here


def assignee(session: Session, candidacy: Candidacy) -> CandidacyAssignment | None:
    return session.get(CandidacyAssignment, candidacy.id)


def assign(session: Session, candidacy: Candidacy, staff: tuple[str, str] | None,
           by: str) -> tuple[str | None, str | None]:
    """Give the candidacy to `staff` (id, name), or to no one; (name before, name after)."""
    current = assignee(session, candidacy)
    before = current.staff_name if current else None
    if staff is None:
        session.execute(delete(CandidacyAssignment)
                        .where(CandidacyAssignment.candidacy_id == candidacy.id))
        return before, None
    if current is None:
        current = CandidacyAssignment(candidacy_id=candidacy.id)
        session.add(current)
    current.staff_id, current.staff_name = staff
    current.assigned_by, current.assigned_at = by, utcnow()
    session.flush()
    return before, staff[1]


def staff_members(session: Session) -> list[tuple[str, str]]:
    """(id, name) of everyone who was ever given a login link, by name (the latest name a
    member used); those a candidacy can be assigned to."""
    latest: dict[str, tuple[Any, str]] = {}
    for staff_id, name, at in session.execute(
            select(OfficeLogin.staff_id, OfficeLogin.staff_name, func.max(
                OfficeLogin.created_at)).group_by(OfficeLogin.staff_id, OfficeLogin.staff_name)):
        if staff_id not in latest or at > latest[staff_id][0]:
            latest[staff_id] = (at, name)
    return sorted(((staff_id, name) for staff_id, (_, name) in latest.items()),
                  key=lambda member: member[1].lower())
