"""The slot mappings the runtime fills itself, registered with `bot.rasa_patches.mappings`.

The `language` slot is chosen at every user message from that message and the slot; the
rule is `bot.assistant.language.choose_language`, the same one `actions/language.py` applies
when Rasa runs as released or the actions run on an external server.
"""

from __future__ import annotations

from rasa.shared.core.events import Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.assistant.language import choose_language
from bot.rasa_patches import mappings

LANGUAGE_ACTION = "action_set_language"


def language_slot(tracker: DialogueStateTracker) -> list[Event]:
    """What `action_set_language` returns, read from Rasa's tracker directly."""
    message = tracker._latest_message_data() or {}  # what a custom action gets as such
    current = tracker.get_slot("language")
    language = choose_language(
        current,
        message.get("metadata") or {},
        message.get("text") or "",
        message.get("entities") or [],
        answering_form=bool(tracker.active_loop and tracker.active_loop.name),
    )
    return [] if language == current else [SlotSet("language", language)]


def register() -> None:
    mappings.register(LANGUAGE_ACTION, language_slot)
