"""Shared fixtures: an empty migrated SQLite database per test, pointed to by DATABASE_URL."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture
def database_url(tmp_path, monkeypatch) -> str:
    from tests.factories import make_database

    url = make_database(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    return url
