"""The Rasa boundary: one switchable install, refused on another Rasa version, undone exactly;
off or refused, every part of the boundary (the tracker store, the turn scope, the endpoint)
is Rasa's own or does nothing, through the same calls."""

from __future__ import annotations

import logging

import pytest
from rasa.core import processor
from rasa.core.actions.action import ActionExtractSlots, RemoteAction
from rasa.core.actions.forms import FormAction
from rasa.core.policies import memoization, rule_policy
from rasa.core.policies.policy import Policy
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.tracker_store import AwaitableTrackerStore, FailSafeTrackerStore, SQLTrackerStore
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import rasa_patches
from bot.config import Settings
from bot.db.session import legacy_engine, session_factory
from bot.rasa_patches.endpoint import InProcessActionEndpoint, action_endpoint
from bot.rasa_patches.tracker_store import CachedSQLTrackerStore, tracker_store_for, turn_scope

PATCHED = [(RemoteAction, "_validate_action_result"), (Event, "resolve_by_type"),
           (Domain, "states_for_tracker_history"), (DialogueStateTracker, "applied_events"),
           (RulePolicy, "_get_possible_keys"), (DaskGraphRunner, "run"),
           (DialogueStateTracker, "copy"), (processor, "copy"), (memoization, "copy"),
           (rule_policy, "copy"), (Domain, "is_empty"),
           (FormAction, "_temporary_tracker"), (DialogueStateTracker, "current_state"),
           (ActionExtractSlots, "_run_custom_action")]


def rasa_as_released() -> dict:
    """Each patched attribute as Rasa defines it (the rule policy's formatting: Policy's)."""
    found = {(owner, name): owner.__dict__[name] for owner, name in PATCHED}
    found["RulePolicy.format_tracker_states"] = RulePolicy.__dict__.get(
        "format_tracker_states", Policy.__dict__["format_tracker_states"])
    return found


@pytest.fixture
def unpatched():
    """Rasa without the patches, whatever the tests before did; left as found."""
    was = rasa_patches.installed()
    rasa_patches.uninstall()
    yield rasa_as_released()
    rasa_patches.uninstall()
    if was:
        rasa_patches.install()


def test_install_replaces_each_patched_function_and_uninstall_puts_rasas_back(unpatched):
    assert rasa_patches.install() is True
    assert rasa_patches.installed()
    assert all(owner.__dict__[name] is not unpatched[(owner, name)] for owner, name in PATCHED)
    assert RulePolicy.__dict__["format_tracker_states"] is not unpatched[
        "RulePolicy.format_tracker_states"]
    rasa_patches.uninstall()
    assert not rasa_patches.installed()
    assert rasa_as_released() == unpatched


def test_installing_twice_patches_once(unpatched):
    rasa_patches.install()
    first = rasa_as_released()
    assert rasa_patches.install() is True
    assert rasa_as_released() == first


def test_switched_off_nothing_is_patched(unpatched, caplog):
    with caplog.at_level(logging.INFO, logger="bot.rasa_patches"):
        assert rasa_patches.install(enabled=False) is False
    assert rasa_as_released() == unpatched
    assert "RASA_PATCHES=off" in caplog.text


def test_another_rasa_version_is_refused_with_one_warning(unpatched, caplog):
    with caplog.at_level(logging.INFO, logger="bot.rasa_patches"):
        assert rasa_patches.install(rasa_version="3.7.0") is False
    assert rasa_as_released() == unpatched
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "3.7.0" in warnings[0].getMessage()
    assert rasa_patches.PINNED_RASA in warnings[0].getMessage()


def test_the_pinned_version_is_the_installed_one():
    import rasa

    assert rasa.__version__ == rasa_patches.PINNED_RASA


@pytest.mark.parametrize(("value", "expected"), [("", True), ("on", True), ("OFF", False),
                                                  ("false", False), ("1", True)])
def test_the_switch_reads_on_and_off(monkeypatch, value, expected):
    monkeypatch.setenv("RASA_PATCHES", value)
    assert Settings.from_env().rasa_patches is expected


def test_a_misspelt_switch_is_refused(monkeypatch):
    monkeypatch.setenv("RASA_PATCHES", "of")
    with pytest.raises(ValueError, match="RASA_PATCHES"):
        Settings.from_env()


def as_the_agent_wraps_it(store: SQLTrackerStore) -> AwaitableTrackerStore:
    return AwaitableTrackerStore(FailSafeTrackerStore(store))


@pytest.mark.parametrize("refusal", [{"enabled": False}, {"rasa_version": "3.7.0"}],
                         ids=["RASA_PATCHES=off", "another Rasa"])
def test_off_or_refused_the_store_is_rasas_own_and_the_turn_scope_does_nothing(
        unpatched, database_url, refusal):
    assert rasa_patches.install(**refusal) is False
    store = tracker_store_for(database_url)
    assert type(store) is SQLTrackerStore  # Rasa's, not a subclass of ours
    assert store.engine is legacy_engine(database_url)  # on our engine all the same
    with turn_scope(as_the_agent_wraps_it(store))("42") as scope:
        assert scope is None  # nothing held, nothing checked: Rasa reads as it always does


def test_installed_the_store_is_the_cached_one_and_the_turn_scope_its_own(unpatched,
                                                                          database_url):
    assert rasa_patches.install() is True
    store = tracker_store_for(database_url)
    assert type(store) is CachedSQLTrackerStore and store.engine is legacy_engine(database_url)
    assert turn_scope(as_the_agent_wraps_it(store)) == store.one_turn


def test_the_actions_run_in_this_process_unless_an_action_server_is_named(database_url):
    assert isinstance(action_endpoint(None, session_factory(database_url)),
                      InProcessActionEndpoint)
    remote = action_endpoint("http://actions:5055/webhook", session_factory(database_url))
    assert type(remote) is EndpointConfig and remote.url == "http://actions:5055/webhook"
