"""A custom action's payload: each event of the conversation turned into a dict once.

Rasa 3.6 sends every custom action the whole conversation (`RemoteAction._action_call_format`:
`tracker.current_state(EventVerbosity.ALL)`), calling `as_dict()` on every event each time.
That happens two or three times per message (the `language` slot's mapping action, the answer
or the form's validation), and the conversation grows: ~0.6 ms of CPU per message under
`ftbot bench` (py-spy), a third of what running a custom action costs.

Events before the conversation's latest user message are done: Rasa only appends after them.
Their dicts are kept for the last conversations (by sender) with the event objects they came
from; the next payload reuses them as far as its events are those same objects (identity, not
equality: a conversation read back from the database, or restarted, is turned into dicts
again), and makes dicts for the rest, the current turn's events always among them. The list is
new each time, as Rasa's; the dicts of done events are shared between payloads, so a consumer
must not change them in place (Rasa's own dicts already share each event's containers).
Tests compare the payload with Rasa's at every custom action of real conversations.

Installed and removed only through `bot.rasa_patches` (version guard, RASA_PATCHES switch).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

MAX_CONVERSATIONS = 64  # only the conversations taking a turn now need their dicts
_original = DialogueStateTracker.__dict__["current_state"]


@dataclass(frozen=True)
class _Done:
    """A conversation's done events and their dicts, position by position."""

    events: list[Event]
    dicts: list[dict[str, Any]]


_done: OrderedDict[str, _Done] = OrderedDict()


def _done_count(events: list[Event]) -> int:
    """How many events come before the latest user message (0 without one)."""
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return index
    return 0


def event_dicts(tracker: DialogueStateTracker) -> list[dict[str, Any]]:
    """`[e.as_dict() for e in tracker.events]`, the done events' dicts made once."""
    events = list(tracker.events)
    kept = _done.get(tracker.sender_id)
    same = 0
    if kept is not None:
        limit = min(len(kept.events), len(events))
        while same < limit and kept.events[same] is events[same]:
            same += 1
    dicts = kept.dicts[:same] if same else []
    dicts.extend(event.as_dict() for event in events[same:])
    done = _done_count(events)
    _done[tracker.sender_id] = _Done(events[:done], dicts[:done])
    _done.move_to_end(tracker.sender_id)
    while len(_done) > MAX_CONVERSATIONS:
        _done.popitem(last=False)
    return dicts


def current_state(self: DialogueStateTracker,
                  event_verbosity: EventVerbosity = EventVerbosity.NONE) -> dict[str, Any]:
    if event_verbosity is not EventVerbosity.ALL:
        return _original(self, event_verbosity)
    state = _original(self, EventVerbosity.NONE)  # everything but the events
    state["events"] = event_dicts(self)
    return state


def install() -> None:
    DialogueStateTracker.current_state = current_state


def uninstall() -> None:
    DialogueStateTracker.current_state = _original
    _done.clear()
