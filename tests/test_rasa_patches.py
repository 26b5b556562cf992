"""The Rasa patches: one switchable install, refused on another Rasa version, undone exactly."""

from __future__ import annotations

import logging

import pytest
from rasa.core import processor
from rasa.core.actions.action import ActionExtractSlots, RemoteAction
from rasa.core.actions.forms import FormAction
from rasa.core.policies import memoization, rule_policy
from rasa.core.policies.policy import Policy
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot import rasa_patches
from bot.config import Settings

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
