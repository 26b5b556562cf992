"""Shared fixtures: an empty migrated database per test, pointed to by DATABASE_URL.

SQLite by default. With TEST_POSTGRES_URL set (a PostgreSQL URL allowed to create databases,
e.g. postgresql+psycopg2://nft:nft@127.0.0.1:5432/postgres) each test gets a fresh PostgreSQL
database instead, so the same tests prove the same code works on both.

Also: `assistant`, a loaded Assistant per test module on a seeded database of its own (its
actions are handed that database by the assistant; DATABASE_URL names it while the module runs,
for the knowledge router, the console and the office); `fresh_inbox_memory`, for the tests of
the update inbox. The back-office's `site` and the headless Chromium's `browser`
come from tests/support (office.py, browser.py), registered below for every test module.
"""

from __future__ import annotations

import os
import uuid

import pytest
from psycopg2.errors import InsufficientPrivilege
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_fixed

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
pytest_plugins = ["tests.support.office", "tests.support.browser"]  # their fixtures


def _postgres_database(admin_url: str):
    name = f"nft_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        from bot.db.session import get_engine

        get_engine(make_url(admin_url).set(database=name).render_as_string(
            hide_password=False)).dispose()
        _drop(admin, name)
        admin.dispose()


@retry(retry=retry_if_exception(lambda e: isinstance(getattr(e, "orig", None),
                                                     InsufficientPrivilege)),
       stop=stop_after_attempt(20), wait=wait_fixed(0.25), reraise=True)
def _drop(admin, name: str) -> None:
    """FORCE may not end an autovacuum worker that just started on the new database (it is
    not our role's): it ends within moments, so the drop is tried again."""
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def emulator():
    """The Bot API emulator on a free loopback port, one per test module."""
    from devtools.emulator import Emulator

    emulator = Emulator()
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture
def database_url(tmp_path, monkeypatch):
    from bot.db.migrate import upgrade

    admin_url = os.environ.get("TEST_POSTGRES_URL")
    if admin_url:
        databases = _postgres_database(admin_url)
        url = next(databases)
    else:
        databases, url = None, f"sqlite:///{tmp_path / 'test.db'}"
    upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    if databases:
        databases.close()


@pytest.fixture(scope="module")
def office_database_url(tmp_path_factory) -> str:
    """A seeded database for one module's bot with its back-office."""
    from tests.support.assistant import seeded_database

    return seeded_database(tmp_path_factory.mktemp("office"))


@pytest.fixture(scope="module")
async def office_bot(office_database_url, emulator):
    """A bot process with a staff chat and its admin server (the back-office), per module."""
    from devtools.emulator import free_port
    from tests.support.staff import STAFF_ENV
    from tests.support.telegram_harness import BotProcess

    port = free_port()
    bot = BotProcess(office_database_url, f"{emulator.url}/bot", **STAFF_ENV,
                     ADMIN_PORT=str(port), ADMIN_URL=f"http://127.0.0.1:{port}/admin")
    bot.start()
    await bot.wait_ready()
    yield bot
    assert bot.stop() == 0


@pytest.fixture
def rasa_patched():
    """The Rasa patches installed the supported way, and left as they were found."""
    from bot import rasa_patches

    was = rasa_patches.installed()
    rasa_patches.install()
    yield
    if not was:
        rasa_patches.uninstall()


@pytest.fixture(scope="module")
def assistant(request, tmp_path_factory):
    """A loaded Assistant on a seeded database of the test module's own (a module may
    define an `assistant` of its own instead)."""
    from tests.support.assistant import in_process_assistant

    yield from in_process_assistant(
        tmp_path_factory.mktemp(request.module.__name__.rpartition(".")[2]))


@pytest.fixture
def fresh_inbox_memory():
    """Which updates this process stored as pending is process state: a test using it starts
    and ends with none known."""
    import bot.telegram.updates as updates

    updates._known_pending.clear()
    yield
    updates._known_pending.clear()
