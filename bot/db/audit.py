"""The audit log read back: a change's before and after values, the log filtered (who, what,
which record, when) a page at a time, and one record's history, read from the rows that
concern it (by its target, indexed), however long the log has grown.

Written by bot.db.office.audit; a change's detail holds {"changes": {field: [before, after]}}
(values made JSON-safe: dates as ISO text).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.db.models_staff import AuditEntry

MAX_VALUE = 5000  # characters of a value kept in the log (a long text is cut, and says so)


def jsonable(value: Any) -> Any:
    """`value` as the JSON column stores it (dates as ISO text), long texts cut."""
    if isinstance(value, str) and len(value) > MAX_VALUE:
        return value[:MAX_VALUE] + "…"
    return json.loads(json.dumps(value, default=str))


def changes(before: Mapping[str, Any], after: Mapping[str, Any],
            fields: Iterable[str]) -> dict[str, list[Any]]:
    """{field: [before, after]} for each of `fields` whose value differs."""
    return {name: [jsonable(before.get(name)), jsonable(after.get(name))] for name in fields
            if jsonable(before.get(name)) != jsonable(after.get(name))}


@dataclass(frozen=True)
class AuditFilter:
    who: str | None = None  # exactly
    action: str | None = None  # exactly
    target: str | None = None  # contained in the target, ignoring case
    since: date | None = None  # on or after this day (UTC)
    until: date | None = None  # on or before this day (UTC)

    def where(self, query: Select) -> Select:
        if self.who:
            query = query.where(AuditEntry.who == self.who)
        if self.action:
            query = query.where(AuditEntry.action == self.action)
        if self.target:
            query = query.where(func.lower(AuditEntry.target).contains(
                self.target.lower(), autoescape=True))
        if self.since:
            query = query.where(AuditEntry.at >= _midnight(self.since))
        if self.until:
            query = query.where(AuditEntry.at < _midnight(self.until + timedelta(1)))
        return query


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, timezone.utc)


def count(session: Session, where: AuditFilter) -> int:
    return session.execute(where.where(select(func.count(AuditEntry.id)))).scalar()


def entries(session: Session, where: AuditFilter, offset: int = 0,
            limit: int = 50) -> list[AuditEntry]:
    """Newest first."""
    return list(session.execute(where.where(select(AuditEntry)).order_by(
        AuditEntry.at.desc(), AuditEntry.id.desc()).offset(offset).limit(limit)).scalars())


def choices(session: Session) -> tuple[list[str], list[str]]:
    """(everyone who changed something, every kind of change), for the filters' lists."""
    people = session.execute(select(AuditEntry.who).distinct().order_by(AuditEntry.who))
    actions = session.execute(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    return list(people.scalars()), list(actions.scalars())


def history(session: Session, target: str, actions: Iterable[str],
            limit: int = 200) -> list[AuditEntry]:
    """The changes made to one record (its target, these kinds of change), newest first."""
    return list(session.execute(select(AuditEntry).where(
        AuditEntry.target == target, AuditEntry.action.in_(tuple(actions))).order_by(
        AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)).scalars())
