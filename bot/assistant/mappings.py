"""The slot mappings the runtime fills itself, registered with `bot.rasa_patches.mappings`.

The `language` slot is chosen at every user message from that message and the slot; the
rule is `bot.assistant.language.switched_language`, the same one `actions/language.py` applies
when Rasa runs as released or the actions run on an external server.
"""

from __future__ import annotations

from rasa.shared.core.events import Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.assistant.language import switched_language
from bot.rasa_patches import mappings

LANGUAGE_ACTION = "action_set_language"


def language_slot(tracker: DialogueStateTracker) -> list[Event]:
    """What `action_set_language` returns, read from Rasa's tracker directly."""
    language = switched_language(
        tracker.get_slot("language"),
        mappings.latest_message(tracker),  # what a custom action gets as `latest_message`
        bool(tracker.active_loop and tracker.active_loop.name))
    return [] if language is None else [SlotSet("language", language)]


def register() -> None:
    mappings.register(LANGUAGE_ACTION, language_slot)
