"""Rasa's debug-log arguments built only when its debug lines are kept.

Rasa 3.6's processor, memoization and rule policies pass `copy.deepcopy(...)` of the
conversation's states and events to `structlogger.debug(...)`, and the rule policy formats
every state for one of those lines (`format_tracker_states`). Python builds the arguments
before the logger drops the line, so each prediction deep-copies the whole conversation's
states: the cost grows with the conversation (at 170 events, about a fifth of a message's CPU
under cProfile). This process never keeps Rasa's debug lines (`bot.log` configures Rasa's
structlog at WARNING or above: they carry message texts).

In those three modules `copy` serves nothing but such arguments, and the formatted states
nothing but that line (a test reads their source to hold this). So the modules' name `copy`
is bound to a stand-in whose `deepcopy` hands its argument back unchanged while structlog's
configured logger drops debug lines, and copies exactly as before when it keeps them; the
rule policy's `format_tracker_states` likewise returns the states unformatted then.

Installed and removed only through `bot.rasa_patches` (version guard, RASA_PATCHES switch).
"""

from __future__ import annotations

import copy as _copy
import logging
from types import ModuleType
from typing import Any

import structlog
from rasa.core import processor
from rasa.core.policies import memoization, rule_policy
from rasa.core.policies.rule_policy import RulePolicy

MODULES: tuple[ModuleType, ...] = (processor, memoization, rule_policy)
_DROPPED_DEBUG = structlog.make_filtering_bound_logger(logging.CRITICAL).debug
_original_format = RulePolicy.format_tracker_states  # Policy's staticmethod, as a function


def debug_dropped() -> bool:
    """True when structlog's configured logger discards debug lines without reading them."""
    wrapper = structlog.get_config().get("wrapper_class")
    return getattr(wrapper, "debug", None) is _DROPPED_DEBUG


class _CopyForDebugLines:
    """Stands for the `copy` module where it only copies arguments of debug lines."""

    @staticmethod
    def deepcopy(value: Any, memo: dict | None = None) -> Any:
        return value if debug_dropped() else _copy.deepcopy(value, memo)

    def __getattr__(self, name: str) -> Any:
        return getattr(_copy, name)


def _format_tracker_states(states: list) -> Any:
    return states if debug_dropped() else _original_format(states)


def install() -> None:
    stand_in = _CopyForDebugLines()
    for module in MODULES:
        module.copy = stand_in
    RulePolicy.format_tracker_states = staticmethod(_format_tracker_states)


def uninstall() -> None:
    for module in MODULES:
        module.copy = _copy
    if "format_tracker_states" in RulePolicy.__dict__:
        del RulePolicy.format_tracker_states  # Policy's own is found again
