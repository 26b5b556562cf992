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
database, restarted or copied is replayed from the start, as Rasa does). When the history
changed after some point (each turn of a form removes the previous turn's user message from
the history Rasa's policies see), the replay goes back to that point. What is returned is a
copy, so callers may change it as they do with Rasa's.
"""

from __future__ import annotations

import itertools
import operator
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

from rasa.shared.core import constants as core
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

MAX_CONVERSATIONS = 1000
_original = Domain.states_for_tracker_history
_original_applied_events = DialogueStateTracker.applied_events


@dataclass
class _Applied:
    """A tracker's applied events, as far as its event log was read."""

    tracker: weakref.ref  # weak: a tracker's entry must not keep its events alive
    log: weakref.ref
    first: Event | None = None
    last: Event | None = None
    read: int = 0
    loop_names: frozenset[str] = frozenset()
    applied: list[Event] = field(default_factory=list)

    def follows(self, tracker: DialogueStateTracker) -> bool:
        """True when the tracker's log is the one read, grown only at its end."""
        log = tracker.events
        return (self.tracker() is tracker and self.log() is log and len(log) >= self.read
                and (not self.read or (log[0] is self.first and log[self.read - 1] is self.last)))


_applied: OrderedDict[int, _Applied] = OrderedDict()


def _loop_names(events: Any) -> frozenset[str]:
    return frozenset(e.name for e in events if isinstance(e, ActiveLoop) and e.name)


def applied_events(self: DialogueStateTracker) -> list[Event]:
    """`DialogueStateTracker.applied_events`, reading only the events logged since last time.

    Rasa's loop (trackers.py, 3.6.21) carries nothing from one event to the next but the list
    it builds, and the names of every loop in the whole log; a new loop name means starting
    over, as Rasa would."""
    entry = _applied.get(id(self))
    new = (list(itertools.islice(self.events, entry.read, None))
           if entry is not None and entry.follows(self) else None)
    if new is None or not _loop_names(new) <= entry.loop_names:
        entry = _Applied(weakref.ref(self), weakref.ref(self.events),
                         loop_names=_loop_names(self.events))
        new = list(self.events)
    applied = entry.applied
    for event in new:
        if isinstance(event, (Restarted, SessionStarted)):
            applied.clear()
        elif isinstance(event, ActionReverted):
            self._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            self._undo_till_previous(UserUttered, applied)
            self._undo_till_previous(ActionExecuted, applied)
        elif (isinstance(event, ActionExecuted) and event.action_name in entry.loop_names
              and not self._first_loop_execution_or_unhappy_path(event.action_name, applied)):
            self._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)
    if new:
        entry.read = len(self.events)
        entry.first, entry.last = self.events[0], self.events[-1]
    _applied[id(self)] = entry
    _applied.move_to_end(id(self))
    while len(_applied) > MAX_CONVERSATIONS:
        _applied.popitem(last=False)
    return list(applied)


@dataclass
class _Replay:
    """Where one conversation's replay stopped, ready to go on."""

    domain: Domain
    running: DialogueStateTracker
    events: list[Event] = field(default_factory=list)
    states: list[State] = field(default_factory=list)
    last_ml_action_sub_state: Any = None
    turn_was_hidden: bool = False
    # before events[i]: how many states there were, and the loop's two variables
    marks: list[tuple[int, Any, bool]] = field(default_factory=list)

    def rewind(self, keep: int, tracker: DialogueStateTracker) -> None:
        """Go back to just before events[keep]; the tracker is rebuilt by applying events."""
        count, self.last_ml_action_sub_state, self.turn_was_hidden = self.marks[keep]
        del self.states[count:], self.events[keep:], self.marks[keep:]
        self.running = tracker.init_copy()
        for event in self.events:
            self.running.update(event)


_replays: OrderedDict[tuple, _Replay] = OrderedDict()


def _key(domain: Domain, tracker: DialogueStateTracker, omit_unset_slots: bool,
         ignore_rule_only_turns: bool, rule_only_data: dict[str, Any] | None) -> tuple:
    """What the replay depends on besides the events (the replaying tracker is an `init_copy`)."""
    rule_only = repr(sorted(rule_only_data.items())) if rule_only_data else ""
    return (id(domain), tracker.sender_id, tracker.is_rule_tracker, tuple(tracker.slots),
            tracker._max_event_history, omit_unset_slots, ignore_rule_only_turns, rule_only)


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


def _shared_prefix(replay: _Replay, applied: list[Event]) -> int:
    """How many applied events are the very events the replay went through."""
    return next((n for n, same in enumerate(map(operator.is_, applied, replay.events))
                 if not same), min(len(applied), len(replay.events)))


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
    shared = _shared_prefix(replay, applied) if replay and replay.domain is self else 0
    if not shared:
        replay = _Replay(self, tracker.init_copy())
    elif shared < len(replay.events):  # e.g. a form's turn, which Rasa's history drops
        replay.rewind(shared, tracker)
    _replays[key] = replay
    _replays.move_to_end(key)
    while len(_replays) > MAX_CONVERSATIONS:
        _replays.popitem(last=False)

    options = (omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    for event in applied[len(replay.events):]:
        replay.marks.append((len(replay.states), replay.last_ml_action_sub_state,
                             replay.turn_was_hidden))
        if isinstance(event, ActionExecuted):
            skipped = ignore_rule_only_turns and _hidden(self, replay.running,
                                                        event.hide_rule_turn, replay)
            if not skipped:
                replay.states.append(_state(self, replay.running, replay, *options))
        replay.running.update(event)
        replay.events.append(event)

    # The state after the last event is built on a scratch copy of the loop's variables:
    # the next event may be an action that hides this turn.
    last = replace(replay)
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
    DialogueStateTracker.applied_events = applied_events


def uninstall() -> None:
    Domain.states_for_tracker_history = _original
    DialogueStateTracker.applied_events = _original_applied_events
    _replays.clear()
    _applied.clear()
