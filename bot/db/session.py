"""Engine and sessions built from `DATABASE_URL` (SQLite by default, PostgreSQL alike)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    # WAL lets the Rasa tracker store and our queries share the file without blocking readers.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url`, else for `DATABASE_URL` as it is now; one engine per URL."""
    return _engine(url or Settings.from_env().database_url)


@lru_cache(maxsize=8)
def _engine(url: str, future: bool = True) -> Engine:
    engine = create_engine(url, future=future, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def legacy_engine(url: str) -> Engine:
    """For APScheduler 3's job store only: it still calls the 1.x `Engine.execute`."""
    return _engine(url, future=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """One transaction: committed on success, rolled back on any error."""
    factory = sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
