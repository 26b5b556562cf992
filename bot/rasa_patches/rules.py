"""The rule policy finds the rules that match a conversation through an index.

`RulePolicy._get_possible_keys` tests every rule against the conversation's latest state,
then the survivors against the states before it. With ~170 rules, called two or three times
per prediction and two or three predictions per message, that first pass was ~2.5 ms of a
message's CPU (cProfile, `ftbot bench`). Most rules name the previous action, the intent and
the active form of their last state, and a rule that names one of them can only match a
conversation with that same value. So the rules are indexed once per lookup by those three
values (or "any" when the rule does not constrain it); the first pass tests only the rules
of the matching buckets with Rasa's own `_is_rule_applicable`, so the result is Rasa's.

The set returned is built in the order Rasa's own filter builds it (the lookup's keys
filtered in their set order), so that `max(keys, key=len)` breaks a tie between two rules of
the same length exactly as Rasa does. A conversation state without a previous action (a
conversation's start, where Rasa ignores the rest of the state) goes to Rasa's own function.

Installed and removed only through `bot.rasa_patches` (version guard, RASA_PATCHES switch).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import (
    ACTIVE_LOOP,
    LOOP_NAME,
    PREVIOUS_ACTION,
    SHOULD_NOT_BE_SET,
    USER,
)
from rasa.shared.nlu.constants import ACTION_NAME, INTENT

State = dict[str, dict[str, Any]]
Signature = tuple[str | None, ...]

# The values a rule's last state usually constrains: (sub-state, key).
INDEXED = ((PREVIOUS_ACTION, ACTION_NAME), (USER, INTENT), (ACTIVE_LOOP, LOOP_NAME))

_original = RulePolicy.__dict__["_get_possible_keys"]


def _constraint(state: State, sub_state: str, key: str) -> str | None:
    """The value a rule state requires (None: it accepts any), as `_does_rule_match_state`."""
    value = state.get(sub_state, {}).get(key)
    if isinstance(value, str) and value and value != SHOULD_NOT_BE_SET:
        return value
    return None


@dataclass
class _Index:
    lookup: dict[str, Any]  # held, so that its id is not reused while indexed
    size: int
    keys: set[str]  # built as Rasa builds it: `set(lookup.keys())`, same iteration order
    buckets: dict[Signature, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, lookup: dict[str, Any]) -> _Index:
        index = cls(lookup, len(lookup), set(lookup.keys()))
        for key in index.keys:
            states = RulePolicy._rule_key_to_state(key)
            last = states[-1] if states else {}
            signature = tuple(_constraint(last, sub, name) for sub, name in INDEXED)
            index.buckets[signature].add(key)
        return index

    def candidates(self, state: State) -> set[str]:
        """The rules whose last state may match `state`: a superset of those that do."""
        options = []
        for sub_state, key in INDEXED:
            value = state.get(sub_state, {}).get(key)
            options.append((value, None) if isinstance(value, str) and value else (None,))
        found: set[str] = set()
        for signature in itertools.product(*options):
            found |= self.buckets.get(signature, set())
        return found


_indexes: dict[int, _Index] = {}


def _index_of(lookup: dict[str, Any]) -> _Index:
    index = _indexes.get(id(lookup))
    if index is None or index.lookup is not lookup or index.size != len(lookup):
        index = _indexes[id(lookup)] = _Index.of(lookup)
    return index


def _get_possible_keys(self: RulePolicy, lookup: dict[str, Any],
                       states: list[State]) -> set[str]:
    if not states or not states[-1].get(PREVIOUS_ACTION):
        return _original(self, lookup, states)
    index = _index_of(lookup)
    latest = states[-1]
    candidates = index.candidates(latest)
    possible_keys = {key for key in index.keys
                     if key in candidates and self._is_rule_applicable(key, 0, latest)}
    for turn_index, state in enumerate(reversed(states[:-1]), start=1):
        possible_keys = {key for key in possible_keys
                         if self._is_rule_applicable(key, turn_index, state)}
    return possible_keys


def install() -> None:
    RulePolicy._get_possible_keys = _get_possible_keys


def uninstall() -> None:
    RulePolicy._get_possible_keys = _original
    _indexes.clear()
