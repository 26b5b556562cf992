"""The schemes as the assistant reads them: loaded again when they change, not on every turn.

Owns the process's copy of the programmes (with their rules and calls) and of the knowledge
entries, and the version that says when it is stale. May import `bot.db` modules only.

Reading a programme is three queries and the building of its objects, and the actions read
one or more on most turns (measured: about a tenth of a message's CPU). Every change to a
programme, a rule or a call made through a Session moves a version in the same transaction
(`before_flush`); a read asks the database only for that version, and loads the programmes
again when it moved, whichever process made the change (the office, `ftbot seed`). What this
hands out is detached and shared by every turn: read it, never change it. Writers (the
office, the seed) read through `bot.db.queries`, in their own session; a session that has
changed programmes itself reads them through `bot.db.queries` too, so it sees its own
changes.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from itertools import chain

from sqlalchemy import event, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.db.models import EligibilityRule, KnowledgeEntry, Programme, ProgrammeCall
from bot.db.models_chats import ContentVersion
from bot.db.queries import get_programme, list_knowledge, list_programmes

NAME = "catalogue"
WATCHED = (Programme, EligibilityRule, ProgrammeCall, KnowledgeEntry)
CHANGED = "catalogue_changed"  # in Session.info: this session changed programmes
_table = ContentVersion.__table__
_VERSION = select(_table.c.version).where(_table.c.name == NAME)


@dataclass(frozen=True)
class _Copy:
    version: int
    ordered: tuple[Programme, ...]
    by_key: dict[str, Programme]
    knowledge: tuple[KnowledgeEntry, ...] = ()


_copies: weakref.WeakKeyDictionary[Engine, _Copy] = weakref.WeakKeyDictionary()


@event.listens_for(Session, "before_flush")
def _move_version(session: Session, _context: object, _instances: object) -> None:
    """A change to a programme, a rule or a call moves the version, in its transaction."""
    if any(isinstance(item, WATCHED)
           for item in chain(session.new, session.dirty, session.deleted)):
        session.info[CHANGED] = True
        move_version(session)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _transaction_over(session: Session) -> None:
    session.info.pop(CHANGED, None)


def move_version(session: Session) -> None:
    """Move the version in the session's transaction: done for every ORM change; call it
    yourself after a change made without the ORM's unit of work (a bulk UPDATE, raw SQL)."""
    moved = session.execute(update(_table).where(_table.c.name == NAME)
                            .values(version=_table.c.version + 1)).rowcount
    if not moved:
        session.execute(insert(_table).values(name=NAME, version=1))


def programmes(session: Session) -> list[Programme]:
    """Every programme, in the order they are presented."""
    if session.info.get(CHANGED):
        return list_programmes(session)
    return list(_current(session).ordered)


def programme(session: Session, key: str | None) -> Programme | None:
    if not key:
        return None
    if session.info.get(CHANGED):
        return get_programme(session, key)
    return _current(session).by_key.get(key)


def knowledge(session: Session) -> tuple[KnowledgeEntry, ...]:
    """Every knowledge entry, in order; the same tuple until an entry (or a programme)
    changes, so what is built from it (the retrieval index) can be kept beside it."""
    if session.info.get(CHANGED):
        return tuple(list_knowledge(session))
    return _current(session).knowledge


def _current(session: Session) -> _Copy:
    engine = session.get_bind()
    version = session.execute(_VERSION).scalar() or 0
    copy = _copies.get(engine)
    if copy is None or copy.version != version:
        copy = _copies[engine] = _load(engine)
    return copy


def _load(engine: Engine) -> _Copy:
    """Version and programmes read in one transaction of a session of its own: the objects
    leave it detached, fully loaded (rules and calls included)."""
    with Session(bind=engine, future=True, expire_on_commit=False) as loader:
        version = loader.execute(_VERSION).scalar() or 0
        ordered = tuple(list_programmes(loader))
        entries = tuple(list_knowledge(loader))
    return _Copy(version, ordered, {item.key: item for item in ordered}, entries)
