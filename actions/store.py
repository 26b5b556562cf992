"""The database the actions use: the session factory they were handed, never `DATABASE_URL`.

Whoever runs the actions hands them their sessions:
- the in-process endpoint (`bot.rasa_patches.endpoint`), built with its assistant's own
  factory, calls this package's `setup(sessions)` once at start-up (looked up by the package's
  name, as rasa-sdk loads the actions: the bot never imports them) and runs every action inside
  the scope it returns, which hands the factory through a context variable. The factory is
  the endpoint's, not the process's: two assistants on two databases in one process (tests,
  `ftbot bench`) each run their actions on their own, even at the same time in one event loop
  (each task has its own context);
- a separate action server (`rasa run actions`) hands nothing per run: rasa-sdk 3.6 calls no
  start-up code of the action package (its one extension point, a top-level
  `rasa_sdk_plugins` package, only attaches Sanic extensions), so there the first action
  configures the package from `Settings` (DATABASE_URL, `.env`) once; `configure()` may do it
  before. Only this fallback reads the environment, and only where no factory was handed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db.session import session_factory, transaction

_handed: ContextVar[sessionmaker | None] = ContextVar("actions_sessions", default=None)
_configured: sessionmaker | None = None


def configure(sessions: sessionmaker) -> None:
    """The sessions of every action run that is not handed its own (the action server's)."""
    global _configured
    _configured = sessions


@contextmanager
def handed(sessions: sessionmaker) -> Iterator[None]:
    """Within it, the actions of this task use `sessions`."""
    token = _handed.set(sessions)
    try:
        yield
    finally:
        _handed.reset(token)


def setup(sessions: sessionmaker) -> Callable[[], AbstractContextManager[None]]:
    """The start-up hook of the in-process endpoint: what each of its action runs is wrapped
    in so that the actions use `sessions` (exported as `actions.setup`)."""
    return partial(handed, sessions)


def sessions() -> sessionmaker:
    """The factory of the action running now: the one handed to its run, else the process's."""
    global _configured
    handed_now = _handed.get()
    if handed_now is not None:
        return handed_now
    if _configured is None:  # the action server's first action
        _configured = session_factory(Settings.from_env().database_url)
    return _configured


@contextmanager
def session_scope() -> Iterator[Session]:
    """One transaction on the actions' database: committed on success, rolled back on error."""
    with transaction(sessions()) as session:
        yield session
