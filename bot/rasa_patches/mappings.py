"""A slot's custom mapping action run as a function of this process, not as a remote action.

Rasa 3.6 runs a slot's custom mapping action (`ActionExtractSlots._run_custom_action`) at
every user message as a `RemoteAction`: the whole conversation turned into a payload, the
action's response checked against the action server's schema and read back into events. For
the `language` slot that was ~0.6 ms of CPU per message under `ftbot bench` (py-spy), for a
choice that reads the latest message and one slot. A function registered here under the
action's name is given Rasa's tracker instead and returns the events; as from a remote action,
Rasa keeps only `SlotSet` and `BotUttered` events, and a failure is logged and fills nothing.
Actions not registered run as Rasa runs them.

Installed and removed only through `bot.rasa_patches` (version guard, RASA_PATCHES switch);
what is registered stays registered, and is only used while the patch is installed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from rasa.core.actions.action import ActionExtractSlots
from rasa.shared.core.events import BotUttered, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

Mapping = Callable[[DialogueStateTracker], list[Event]]
_original = ActionExtractSlots.__dict__["_run_custom_action"]
_registered: dict[str, Mapping] = {}


def register(action_name: str, mapping: Mapping) -> None:
    """Run `mapping(tracker)` instead of the custom action `action_name`."""
    _registered[action_name] = mapping


async def _run_custom_action(self: ActionExtractSlots, custom_action: str, output_channel: Any,
                             nlg: Any, tracker: DialogueStateTracker, domain: Any
                             ) -> list[Event]:
    mapping = _registered.get(custom_action)
    if mapping is None:
        return await _original(self, custom_action, output_channel, nlg, tracker, domain)
    try:
        events = mapping(tracker)
    except Exception:  # as a failed remote action: logged, no slot filled
        logger.exception("Slot mapping %s failed", custom_action)
        return []
    return [event for event in events if isinstance(event, (SlotSet, BotUttered))]


def latest_message(tracker: DialogueStateTracker) -> dict[str, Any]:
    """What a custom action gets as `latest_message` (rasa-sdk's), read from Rasa's tracker
    (its private `_latest_message_data`, as Rasa builds the action's payload)."""
    return tracker._latest_message_data() or {}


def install() -> None:
    ActionExtractSlots._run_custom_action = _run_custom_action


def uninstall() -> None:
    ActionExtractSlots._run_custom_action = _original
