"""Helpers for tests that need the trained model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

MODEL = PROJECT_ROOT / "models" / "nft.tar.gz"
needs_model = pytest.mark.skipif(
    not MODEL.exists() and os.environ.get("CI") != "true",
    reason="no trained model: run `make train` (CI fails instead of skipping)",
)


def ftbot(*args: str, database_url: str, stdin: str | None = None, timeout: float = 240,
          **env_vars: str) -> subprocess.CompletedProcess:
    """Run the real `ftbot` command line in a child process (no Telegram unless given)."""
    env = {**os.environ, "TELEGRAM_TOKEN": "", "DATABASE_URL": database_url,
           "TF_CPP_MIN_LOG_LEVEL": "3", **env_vars}
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=timeout, cwd=PROJECT_ROOT)


def programme_fact(database_url: str, key: str, field: str, language: str) -> str:
    """A programme's text as the database holds it: what an answer must show."""
    from bot.db.queries import get_programme
    from bot.db.session import session_scope

    with session_scope(database_url) as session:
        return getattr(get_programme(session, key), field)[language]


def seeded_database(directory: Path, seed_file: Path | None = None) -> str:
    url = f"sqlite:///{directory / 'assistant.db'}"
    assert ftbot("db", "upgrade", database_url=url).returncode == 0
    args = ("db", "seed", str(seed_file)) if seed_file else ("db", "seed")
    result = ftbot(*args, database_url=url)
    assert result.returncode == 0, result.stderr
    return url


def in_process_assistant(directory: Path):
    """A loaded Assistant on its own seeded database (a generator: use with `yield from`).

    Its actions use that database, handed to them by the assistant, whatever DATABASE_URL
    says. DATABASE_URL names it too while the module runs, for the rest of the bot that still
    reads it: the knowledge router (an NLU component Rasa builds from the model,
    bot/assistant/knowledge_router.py), the console, the office."""
    from bot.assistant.runtime import Assistant
    from bot.config import Settings

    url = seeded_database(directory)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        yield Assistant.load(Settings(database_url=url, model_path=MODEL))
