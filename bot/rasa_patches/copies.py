"""A tracker copied by copying its state, not by replaying its conversation.

Before each action Rasa 3.6's processor copies the conversation (`_run_action`:
`tracker.copy()`), and `DialogueStateTracker.copy` is `travel_back_in_time(inf)`: a new
tracker with every slot reset, then every event of the conversation applied again. The cost
grows with the conversation (~50 events replayed per copy under `ftbot bench`, ~7 % of the
bot's CPU). Rasa's tracker states its own invariant (trackers.py, 3.6.21): its state "MUST be
re-creatable by processing all the events". So the copy takes the state as it is: the same
event objects, each slot copied as `copy.copy` copies it, the attributes the events set
(their mutable containers copied, as a replay builds its own), and what `init_copy` leaves
unset (`sender_source`, `model_id`, `assistant_id`) left unset. A tracker whose events
cannot be all replayed (a timestamp that is not a number, the log cut by
`max_event_history`) gets Rasa's copy. Tests compare both copies at every action of real
conversations.

A form does the same twice per turn (`FormAction._temporary_tracker`, to validate the slots
and to choose the next question): a new tracker replaying every event since the last
restart, then the form's own events. In a conversation without a restart, that is the
tracker's copy with those events applied, which is what it now is (with a restart, Rasa's).
Tests compare both at every form turn of real conversations.

Installed and removed only through `bot.rasa_patches` (version guard, RASA_PATCHES switch).
"""

from __future__ import annotations

import dataclasses
import math

from rasa.core.actions.forms import FormAction
from rasa.shared.constants import DEFAULT_SENDER_ID
from rasa.shared.core.constants import REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    Restarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker

_original = DialogueStateTracker.__dict__["copy"]
_original_temporary = FormAction.__dict__["_temporary_tracker"]


def _slot_copy(slot: Slot) -> Slot:
    """`copy.copy(slot)` without its generic machinery: Slot classes keep plain `__dict__`s."""
    copied = object.__new__(type(slot))
    copied.__dict__.update(slot.__dict__)
    return copied


def copy(self: DialogueStateTracker) -> DialogueStateTracker:
    """`DialogueStateTracker.copy`: the state a replay of every event would rebuild."""
    events = self.events
    if (self._max_event_history is not None
            or any(not isinstance(event.timestamp, (int, float)) or math.isnan(event.timestamp)
                   for event in events)):
        return _original(self)
    new = DialogueStateTracker.__new__(DialogueStateTracker)
    new._max_event_history = None
    new.events = new._create_events(list(events))
    new.sender_id = self.sender_id or DEFAULT_SENDER_ID  # as init_copy names it
    new.slots = {name: _slot_copy(slot) for name, slot in self.slots.items()}
    new.sender_source = None
    new.is_rule_tracker = self.is_rule_tracker
    new._paused = self._paused
    new.followup_action = self.followup_action
    new.latest_action = dict(self.latest_action) if self.latest_action is not None else None
    new.latest_message = (self.latest_message if _logged(self.latest_message, events)
                          else UserUttered.empty())
    new.latest_bot_utterance = (self.latest_bot_utterance
                                if _logged(self.latest_bot_utterance, events)
                                else BotUttered.empty())
    new.active_loop = (dataclasses.replace(self.active_loop) if self.active_loop is not None
                       else None)
    new.model_id = None
    new.assistant_id = None
    return new


def _logged(event: object, events: object) -> bool:
    """Whether the tracker's latest message (or utterance) is one of its events, as a replay
    would set it; otherwise it is the empty one a reset creates."""
    return event is not None and any(logged is event for logged in reversed(events))


def _temporary_tracker(self: FormAction, current_tracker: DialogueStateTracker,
                       additional_events: list[Event], domain: Domain) -> DialogueStateTracker:
    """`FormAction._temporary_tracker`: what Rasa's replay since the last restart builds."""
    if current_tracker._max_event_history is not None or any(
            isinstance(event, Restarted) for event in current_tracker.events):
        return _original_temporary(self, current_tracker, additional_events, domain)
    tracker = copy(current_tracker)
    # Rasa's events, in Rasa's order: the slot the form asks for, the form's execution, then
    # the events of this run.
    for event in [SlotSet(REQUESTED_SLOT, self.get_slot_to_fill(current_tracker)),
                  ActionExecuted(self.name()), *additional_events]:
        tracker.update(event)
    return tracker


def install() -> None:
    DialogueStateTracker.copy = copy
    FormAction._temporary_tracker = _temporary_tracker


def uninstall() -> None:
    DialogueStateTracker.copy = _original
    FormAction._temporary_tracker = _original_temporary
