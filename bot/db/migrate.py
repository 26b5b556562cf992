"""Schema migrations through Alembic, configured in code so no alembic.ini is needed."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.db.session import get_engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Bring the database to the newest schema (creates it when empty)."""
    config = alembic_config(url)
    with get_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_current(url: str) -> bool:
    """Whether the database has the newest schema (the code's tables all exist).

    A read-only check at every start: Alembic's notes on its dialect are not logged.
    """
    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    notes = logging.getLogger("alembic.runtime.migration")
    level = notes.level
    notes.setLevel(logging.WARNING)
    try:
        with get_engine(url).connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads()) == heads
    finally:
        notes.setLevel(level)


def revision(url: str, message: str) -> None:
    """Developers: autogenerate a migration after changing bot/db/models.py."""
    config = alembic_config(url)
    with get_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
