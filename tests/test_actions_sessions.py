"""The custom actions use the database their endpoint hands them, never DATABASE_URL: each
assistant its own, even several in one process (issue 34); an action server, which hands
nothing, configures them from the settings once (actions/store.py)."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from rasa_sdk.executor import ActionExecutor

from actions import store
from bot.db.migrate import upgrade
from bot.db.seed import apply_seed, load_seed
from bot.db.session import get_engine, session_factory, session_scope
from bot.rasa_patches.endpoint import InProcessActionEndpoint
from tests.support.actions import endpoint
from tests.support.assistant import MODEL, needs_model
from tests.support.candidacy_scripts import ANSWERS, happy_answers
from tests.support.console import candidacies_of
from tests.support.factories import SEED_FILE, make_programme, texts

NOWHERE = "sqlite:////nonexistent-directory/nowhere.db"  # any use of it fails


def migrated(directory: Path, name: str) -> str:
    url = f"sqlite:///{directory / name}.db"
    upgrade(url)
    return url


def with_summary(url: str, summary: str) -> str:
    with session_scope(url) as session:
        make_programme(session, "pass_french_tech", summary=texts(summary))
    return url


TRACKER = {"sender_id": "u", "slots": {"programme": "pass_french_tech", "language": "fr"},
           "latest_message": {"text": "", "intent": {"name": "x"}, "entities": []},
           "events": [], "paused": False, "followup_action": None, "active_loop": {},
           "latest_action_name": "action_listen"}
PROGRAMME_INFO = {"next_action": "action_programme_info", "sender_id": "u", "tracker": TRACKER}


async def summary_told(on: InProcessActionEndpoint | ActionExecutor) -> str:
    [answer] = (await on.run(PROGRAMME_INFO) if isinstance(on, ActionExecutor)
                else await on.request(json=PROGRAMME_INFO))["responses"]
    return answer["summary"]


async def test_two_endpoints_on_two_databases_each_answer_from_their_own(tmp_path,
                                                                         monkeypatch):
    """Both built before either runs: the factory is each endpoint's, not the last one's."""
    monkeypatch.setenv("DATABASE_URL", NOWHERE)
    first = with_summary(migrated(tmp_path, "first"), "Le pass de la première base.")
    second = with_summary(migrated(tmp_path, "second"), "Le pass de la seconde base.")
    on_first, on_second = endpoint(first), endpoint(second)
    assert await summary_told(on_first) == "Le pass de la première base."
    assert await summary_told(on_second) == "Le pass de la seconde base."
    assert await asyncio.gather(summary_told(on_first), summary_told(on_second),
                                summary_told(on_first)) == [
        "Le pass de la première base.", "Le pass de la seconde base.",
        "Le pass de la première base."]


async def test_the_in_process_actions_read_no_database_url(database_url, monkeypatch):
    with_summary(database_url, "Le pass de la base confiée.")
    on_it = endpoint(database_url)
    monkeypatch.setenv("DATABASE_URL", NOWHERE)
    assert await summary_told(on_it) == "Le pass de la base confiée."
    monkeypatch.delenv("DATABASE_URL")
    assert await summary_told(on_it) == "Le pass de la base confiée."


async def test_an_action_server_configures_the_actions_from_the_settings_once(
        tmp_path, monkeypatch):
    """As `rasa run actions` runs them: rasa-sdk's executor, no factory handed per run."""
    url = with_summary(migrated(tmp_path, "server"), "Le pass du serveur d'actions.")
    monkeypatch.setattr(store, "_configured", None)
    monkeypatch.setenv("DATABASE_URL", url)
    executor = ActionExecutor()
    executor.register_package("actions")
    assert await summary_told(executor) == "Le pass du serveur d'actions."
    assert store.sessions().kw["bind"] is get_engine(url)
    monkeypatch.setenv("DATABASE_URL", NOWHERE)  # read once, at the first action
    assert store.sessions().kw["bind"] is get_engine(url)
    handed = session_factory(NOWHERE)
    with store.handed(handed):
        assert store.sessions() is handed
    assert store.sessions().kw["bind"] is get_engine(url)


def seeded(directory: Path, name: str) -> str:
    url = migrated(directory, name)
    with session_scope(url) as session:
        apply_seed(session, load_seed(SEED_FILE))
    return url


async def apply_through(assistant, sender: str) -> None:
    """A Pass French Tech candidacy made and sent through the whole assistant."""
    await assistant.handle(sender, ANSWERS["fr"]["apply_pass"])
    for line in happy_answers("fr"):
        await assistant.handle(sender, line)
    await assistant.handle(sender, "/affirm", payload=True)  # the summary's "send" button


@needs_model
@pytest.mark.slow
async def test_two_assistants_in_one_process_store_in_their_own_database(tmp_path,
                                                                         monkeypatch):
    """Both loaded before either answers. DATABASE_URL names the first database: an action of
    the second that read it would store there. (The knowledge router, an NLU component, still
    reads DATABASE_URL; with it unset it would read the project's own database.)"""
    from bot.assistant.runtime import Assistant
    from bot.config import Settings

    first, second = seeded(tmp_path, "first"), seeded(tmp_path, "second")
    monkeypatch.setenv("DATABASE_URL", first)
    assistants = [Assistant.load(Settings(database_url=url, model_path=MODEL))
                  for url in (first, second)]
    senders = [f"two-{uuid.uuid4().hex[:8]}" for _ in assistants]
    for assistant, sender in zip(assistants, senders, strict=True):
        await apply_through(assistant, sender)
    [in_first] = candidacies_of(first, senders[0])
    [in_second] = candidacies_of(second, senders[1])
    assert in_first.programme_key == in_second.programme_key == "pass_french_tech"
    assert candidacies_of(first, senders[1]) == candidacies_of(second, senders[0]) == []
