"""Rasa's SQL tracker store, with the conversations it last saved kept in memory.

Rasa reloads a conversation from SQL on every message: it selects and decodes every event of
the session and replays them into a tracker, then counts the stored events again to know
which ones to insert. In a long conversation (a candidacy form is ~15 messages) that was
~5 ms of the ~30 ms a message costs. Here the tracker saved last is handed out again as long
as the database still holds exactly what was saved: one small query (the number of the
conversation's events and their highest id) checks it on every retrieve, so a change made
elsewhere (`/forget`, `ftbot privacy`, another replica) is always seen, and SQL stays the
only truth: a restart, or a miss, reads it like Rasa does.

Part of the Rasa boundary (`bot.rasa_patches`): the cache reads Rasa's SQL store's own query
(`_event_query`) and rows, so it is used only while the patches are installed, i.e. on the
pinned Rasa with RASA_PATCHES on; otherwise `tracker_store_for` gives Rasa's own
`SQLTrackerStore`, on the same engine, and `turn_scope` a scope that does nothing.

Within one turn (`one_turn`: the runtime's check for a turn already held, Rasa's own read,
the read of the replies after the save), the check is made once: after it, or after this
store's own save, the conversation can only change through this process, whose saves all
pass through the cache.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from bot import rasa_patches
from bot.db.session import legacy_engine

logger = logging.getLogger(__name__)

CACHE_SIZE = 1000  # conversations kept; the least recently used is forgotten first


@dataclass(frozen=True)
class Stamp:
    """What the database holds for one conversation: its number of events and highest id."""

    count: int
    last_id: int | None


@dataclass(frozen=True)
class _Statements:
    """The statements of every turn, built once (building one and its cache key cost ~0.25 ms
    of CPU each time, more than running it on SQLite)."""

    stamp: sa.sql.Select
    last_id: sa.sql.Select
    insert: sa.sql.Insert

    @classmethod
    def of(cls, events: sa.Table) -> _Statements:
        mine = events.c.sender_id == sa.bindparam("sender")
        return cls(stamp=sa.select(sa.func.count(events.c.id), sa.func.max(events.c.id))
                   .where(mine),
                   last_id=sa.select(sa.func.max(events.c.id)).where(mine),
                   insert=sa.insert(events))


@dataclass
class _Turn:
    sender_id: str
    checked: bool = False  # the cache was found to hold what the database holds


_turn: ContextVar[_Turn | None] = ContextVar("tracker_store_turn", default=None)


def _this_turn(sender_id: str) -> _Turn | None:
    turn = _turn.get()
    return turn if turn is not None and turn.sender_id == sender_id else None


@dataclass
class _Saved:
    tracker: DialogueStateTracker
    length: int  # len(tracker.events) when saved: more means changed and not saved
    stamp: Stamp


class CachedSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` that does not reload a conversation nobody else has changed."""

    def __init__(self, *args, cache_size: int = CACHE_SIZE, **kwargs) -> None:  # noqa: ANN002,ANN003
        super().__init__(*args, **kwargs)
        self.cache_size = cache_size
        self._saved: OrderedDict[str, _Saved] = OrderedDict()

    def _stamp(self, connection: sa.engine.Connection, sender_id: str) -> Stamp:
        count, last_id = connection.execute(self._statements.stamp,
                                            {"sender": sender_id}).one()
        return Stamp(count, last_id)

    @functools.cached_property
    def _statements(self) -> _Statements:
        return _Statements.of(self.SQLEvent.__table__)

    @contextmanager
    def one_turn(self, sender_id: str) -> Iterator[None]:
        """The reads of one turn of `sender_id`: the database is checked once."""
        token = _turn.set(_Turn(sender_id))
        try:
            yield
        finally:
            _turn.reset(token)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        saved = self._saved.get(sender_id)
        if saved is not None:
            turn = _this_turn(sender_id)
            if len(saved.tracker.events) == saved.length and (
                    (turn is not None and turn.checked) or self._holds(sender_id, saved.stamp)):
                self._saved.move_to_end(sender_id)
                if turn is not None:
                    turn.checked = True
                return saved.tracker
            del self._saved[sender_id]  # changed elsewhere, or changed here and not saved
        return await super().retrieve(sender_id)

    def _holds(self, sender_id: str, stamp: Stamp) -> bool:
        """Whether the database holds exactly what this stamp describes."""
        with self.engine.connect() as connection:
            return self._stamp(connection, sender_id) == stamp

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        saved = self._saved.pop(sender_id, None)
        if saved is not None and saved.tracker is not tracker:
            saved = None
        # A Core transaction: a Session around these statements cost ~0.3 ms more per turn.
        with self.engine.begin() as connection:
            # Handed out by retrieve after checking the database: what it held is known.
            start = saved.length if saved else self._stored_in_session(connection, sender_id)
            new_events = list(itertools.islice(tracker.events, start, None))
            rows = [self._row(sender_id, event) for event in new_events]
            if rows:  # Core's executemany: the ORM's unit of work cost ~1.5 ms per turn
                connection.execute(self._statements.insert, rows)
            stamp = (Stamp(saved.stamp.count + len(rows),
                           self._last_id(connection, sender_id) if rows
                           else saved.stamp.last_id)
                     if saved else self._stamp(connection, sender_id))
        if not any(_starts_session(event) for event in new_events):
            # A new session is read back from SQL without the previous one: not kept, so
            # that the tracker handed out is always the one Rasa would have loaded.
            self._saved[sender_id] = _Saved(tracker, len(tracker.events), stamp)
            while len(self._saved) > self.cache_size:
                self._saved.popitem(last=False)
            turn = _this_turn(sender_id)
            if turn is not None:
                turn.checked = True  # the cache holds what was just written

    def _stored_in_session(self, connection: sa.engine.Connection, sender_id: str) -> int:
        """How many events of the current session are stored (what Rasa's save counts)."""
        with sa.orm.Session(bind=connection) as session:  # Rasa's query is an ORM one
            return self._event_query(session, sender_id,
                                     fetch_events_from_all_sessions=False).count()

    def _last_id(self, connection: sa.engine.Connection, sender_id: str) -> int | None:
        """The conversation's highest id, just after this transaction's insert. A row another
        process committed meanwhile may be the highest: the stamp's count, computed without
        it, then differs from the database's, and the next read reloads (never trusts)."""
        return connection.execute(self._statements.last_id, {"sender": sender_id}).scalar()

    def _row(self, sender_id: str, event: Event) -> dict[str, object]:
        """The row Rasa's own `SQLTrackerStore.save` writes for the event."""
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }


def _starts_session(event: Event) -> bool:
    return isinstance(event, SessionStarted) or (
        isinstance(event, ActionExecuted) and event.action_name == ACTION_SESSION_START_NAME)


def tracker_store_for(database_url: str, cache_size: int = CACHE_SIZE,
                      cached: bool | None = None) -> SQLTrackerStore:
    """The tracker store on our database, so a restart loses no conversation.

    Cached while the patches are installed (`cached=None`: the version guard and
    RASA_PATCHES decide, in `bot.rasa_patches.install`); otherwise Rasa's own SQLTrackerStore
    on the same database. `cached` forces one or the other (tests).
    """
    if cached is None:
        cached = rasa_patches.installed()
    url = make_url(database_url)
    options = {"cache_size": cache_size} if cached else {}
    store = (CachedSQLTrackerStore if cached else SQLTrackerStore)(
        dialect=url.drivername,
        host=url.host,
        port=url.port,
        db=url.database or "",
        username=url.username,
        password=url.password,
        query=dict(url.query) or None,
        **options,
    )
    # Rasa's own engine logs a failed statement with its values (conversation texts) and, on
    # SQLite, opens a connection per session without our pragmas: the tracker store shares our
    # engine instead (the same database, `hide_parameters`, our pool). Both modes: privacy.
    store.engine.dispose()
    store.engine = legacy_engine(database_url)
    store.sessionmaker = sessionmaker(bind=store.engine)
    return store


def innermost(store: object) -> object:
    """The store inside the wrappers the Agent puts around it (awaitable, fail-safe): Rasa
    3.6 keeps the wrapped store in a private `_tracker_store`."""
    while hasattr(store, "_tracker_store"):
        store = store._tracker_store
    return store


def turn_scope(store: object) -> Callable[[str], AbstractContextManager]:
    """What holds one turn's reads together: our store's `one_turn`, or, for Rasa's own
    store (patches off), a scope that does nothing. One path for the runtime either way."""
    ours = innermost(store)
    if isinstance(ours, CachedSQLTrackerStore):
        return ours.one_turn
    return lambda sender_id: nullcontext()
