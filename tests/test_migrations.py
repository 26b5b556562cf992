"""The migrations build exactly the tables the models describe (hand-written ones included)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.db import models, models_chats, models_staff  # noqa: F401 - every table
from bot.db.base import Base
from bot.db.migrate import is_current, upgrade
from bot.db.session import get_engine


def test_the_migrated_schema_is_the_models_schema(database_url):
    ours = set(Base.metadata.tables)
    with get_engine(database_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": False,
            "include_object": lambda obj, name, type_, reflected, compare_to: not (
                type_ == "table" and reflected and name not in ours)})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_a_database_is_current_only_once_every_migration_ran(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert is_current(url) is False
    upgrade(url)
    assert is_current(url) is True
