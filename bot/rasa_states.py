"""Dialogue states computed once per event, not once per prediction.

Rasa 3.6's rule and memoization policies ask `Domain.states_for_tracker_history` for the
states of the whole conversation several times per message: it replays every event of the
session into a fresh tracker and builds a state at each action. The cost grows with the
conversation (~5 ms per message after 30 messages with a candidacy form, ~13 % of the bot's
CPU under load, measured with py-spy).

A conversation only grows at its end, so the replay is resumed where it stopped: for each
conversation and set of options, the replaying tracker, the states built so far and the loop's
two variables are kept. They are reused only when the tracker's applied events begin with
exactly the same event objects (identity, not equality: a conversation read back from the
database, rewound, restarted or copied is replayed from the start, as Rasa does). What is
returned is a copy, so callers may change it as they do with Rasa's.
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from rasa.shared.core import constants as core
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

MAX_CONVERSATIONS = 1000
_original = Domain.states_for_tracker_history


@dataclass
class _Replay:
    """Where one conversation's replay stopped, ready to go on."""

    domain: Domain
    running: DialogueStateTracker
    events: list[Event] = field(default_factory=list)
    states: list[State] = field(default_factory=list)
    last_ml_action_sub_state: Any = None
    turn_was_hidden: bool = False


_replays: OrderedDict[tuple, _Replay] = OrderedDict()


def _key(domain: Domain, tracker: DialogueStateTracker, omit_unset_slots: bool,
         ignore_rule_only_turns: bool, rule_only_data: dict[str, Any] | None) -> tuple:
    rule_only = repr(sorted(rule_only_data.items())) if rule_only_data else ""
    return (id(domain), tracker.sender_id, tracker.is_rule_tracker, omit_unset_slots,
            ignore_rule_only_turns, rule_only)


def _state(domain: Domain, tr: DialogueStateTracker, replay: _Replay, omit_unset_slots: bool,
           ignore_rule_only_turns: bool, rule_only_data: dict[str, Any] | None) -> State:
    """The state at one point, exactly as Rasa's loop builds it (domain.py, 3.6.21)."""
    state = domain.get_active_state(tr, omit_unset_slots=omit_unset_slots)
    if ignore_rule_only_turns:
        domain._remove_rule_only_features(state, rule_only_data)
        if replay.states:
            domain._substitute_rule_only_user_input(state, replay.states[-1])
        if replay.last_ml_action_sub_state:
            state[core.PREVIOUS_ACTION] = replay.last_ml_action_sub_state
    return domain._clean_state(state)


def _hidden(domain: Domain, tr: DialogueStateTracker, hide_rule_turn: bool,
            replay: _Replay) -> bool:
    """Rasa's bookkeeping of hidden rule turns, one step; True when the turn is skipped."""
    if not replay.turn_was_hidden:
        replay.last_ml_action_sub_state = domain._get_prev_action_sub_state(tr)
    if not tr.followup_action and tr.latest_action_name != tr.active_loop_name:
        replay.turn_was_hidden = hide_rule_turn
    return replay.turn_was_hidden


def _resumable(replay: _Replay | None, domain: Domain, applied: list[Event]) -> bool:
    if replay is None or replay.domain is not domain or len(applied) < len(replay.events):
        return False
    return all(map(operator.is_, applied, replay.events))


def _copy(state: State) -> State:
    return {kind: dict(sub_state) for kind, sub_state in state.items()}


def states_for_tracker_history(self: Domain, tracker: DialogueStateTracker,
                               omit_unset_slots: bool = False,
                               ignore_rule_only_turns: bool = False,
                               rule_only_data: dict[str, Any] | None = None) -> list[State]:
    """`Domain.states_for_tracker_history`, resumed from the last call on this conversation."""
    key = _key(self, tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    applied = tracker.applied_events()
    replay = _replays.get(key)
    if not _resumable(replay, self, applied):
        replay = _Replay(self, tracker.init_copy())
    _replays[key] = replay
    _replays.move_to_end(key)
    while len(_replays) > MAX_CONVERSATIONS:
        _replays.popitem(last=False)

    options = (omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    for event in applied[len(replay.events):]:
        if isinstance(event, ActionExecuted):
            skipped = ignore_rule_only_turns and _hidden(self, replay.running,
                                                        event.hide_rule_turn, replay)
            if not skipped:
                replay.states.append(_state(self, replay.running, replay, *options))
        replay.running.update(event)
        replay.events.append(event)

    # The state after the last event is built on a scratch copy of the loop's variables:
    # the next event may be an action that hides this turn.
    last = _Replay(self, replay.running, replay.events, replay.states,
                   replay.last_ml_action_sub_state, replay.turn_was_hidden)
    states = [_copy(state) for state in replay.states]
    if not (ignore_rule_only_turns and _hidden(self, replay.running, False, last)):
        final = _state(self, replay.running, last, *options)
        user = final.get(core.USER)
        if states and user is not None and user is replay.states[-1].get(core.USER):
            final[core.USER] = states[-1][core.USER]  # shared as in Rasa's list
        states.append(final)
    return states


def install() -> None:
    Domain.states_for_tracker_history = states_for_tracker_history


def uninstall() -> None:
    Domain.states_for_tracker_history = _original
    _replays.clear()
