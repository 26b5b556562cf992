"""The migrations build exactly the tables the models describe (hand-written ones included)."""

from __future__ import annotations

from datetime import datetime, timezone

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from bot.db import models, models_chats, models_staff  # noqa: F401 - every table
from bot.db.base import Base
from bot.db.migrate import alembic_config, is_current, upgrade
from bot.db.models import Handoff
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


def test_the_outbox_columns_migration_is_additive_and_idempotent(database_url):
    """e4c7a9b2d1f6 (buttons on the applicants' outbox; text, attempts and the reason given up
    on staff notices): rows written before it keep everything, with no attempts counted; run
    again over columns already there (a database stamped back), it changes nothing."""
    config = alembic_config(database_url)

    def run(*step: str) -> None:
        with get_engine(database_url).begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, step[0])(config, step[1])

    run("downgrade", "d9b4f7a2c815")
    with get_engine(database_url).begin() as connection:
        connection.execute(text(
            "INSERT INTO staff_notices (kind, candidacy_reference, created_at) "
            "VALUES ('candidacy', 'NFT-2026-0001', CURRENT_TIMESTAMP)"))
        connection.execute(text(
            "INSERT INTO applicant_messages (chat_id, text, created_at, attempts) "
            "VALUES ('42', 'Votre candidature', CURRENT_TIMESTAMP, 2)"))
    run("upgrade", "head")
    run("stamp", "d9b4f7a2c815")  # as if it had not run: the columns are there already
    run("upgrade", "head")
    assert is_current(database_url)
    with get_engine(database_url).connect() as connection:
        notice = connection.execute(text(
            "SELECT kind, candidacy_reference, text, attempts, given_up FROM staff_notices"
        )).one()
        message = connection.execute(text(
            "SELECT chat_id, text, attempts, buttons FROM applicant_messages")).one()
    assert tuple(notice) == ("candidacy", "NFT-2026-0001", None, 0, None)
    assert tuple(message) == ("42", "Votre candidature", 2, None)


def test_old_handoff_transcripts_get_iso_times(database_url):
    """f1b5d8e3a7c4: a transcript written before issue 33 (Rasa's float timestamps in its
    first lines) holds ISO text after it, everything else kept; run again, nothing changes."""
    config = alembic_config(database_url)

    def run(*step: str) -> None:
        with get_engine(database_url).begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, step[0])(config, step[1])

    old = [{"at": 1_700_000_000.25, "by": "user", "name": None, "text": "allô ?"},
           {"at": "2023-11-14T22:15:00+00:00", "by": "staff", "name": "Camille", "text": "Oui"}]
    run("downgrade", "e4c7a9b2d1f6")
    with get_engine(database_url).begin() as connection:
        connection.execute(Handoff.__table__.insert().values(
            chat_id="42", language="fr", reason="request", status="open",
            opened_at=datetime(2023, 11, 14, 22, 13, tzinfo=timezone.utc), transcript=old))
    run("upgrade", "head")
    run("stamp", "e4c7a9b2d1f6")
    run("upgrade", "head")
    with get_engine(database_url).connect() as connection:
        [transcript] = connection.execute(select(Handoff.__table__.c.transcript)).scalars()
    assert transcript == [{**old[0], "at": "2023-11-14T22:13:20.250000+00:00"}, old[1]]
