"""Alembic environment: our tables only (Rasa's tracker store manages its own `events` table)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from bot.db import models, models_chats, models_staff  # noqa: F401 - every table
from bot.db.base import Base

config = context.config
OUR_TABLES = set(Base.metadata.tables)


def include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    return not (type_ == "table" and reflected and name not in OUR_TABLES)


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(url, future=True)
    with engine.connect() as conn:
        _run(conn)


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
