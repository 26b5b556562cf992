"""The `language` slot: the channel's preference, switched when the user clearly writes
in the other language (see bot.assistant.language)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.assistant.language import SUPPORTED, detect
from bot.config import default_language


def choose_language(current: str | None, metadata: dict[str, Any], text: str,
                    entities: list[dict[str, Any]], answering_form: bool = False) -> str:
    """Explicit choice > what the user writes > the conversation so far > channel > default.

    An answer to a form's question (a name, an address, a pitch) is data, not a sign of the
    language the user wants: it never switches the language.
    """
    preferred = metadata.get("language")
    if preferred in SUPPORTED and metadata.get("language_locked"):
        return preferred
    guess = not text.startswith("/") and not (answering_form and current in SUPPORTED)
    detected = detect(text, entities) if guess else None
    for candidate in (detected, current if current in SUPPORTED else None, preferred):
        if candidate in SUPPORTED:
            return candidate
    return default_language()


class ActionSetLanguage(Action):
    """Custom slot mapping run by Rasa at every user turn."""

    def name(self) -> str:
        return "action_set_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        message = tracker.latest_message or {}
        current = tracker.get_slot("language")
        language = choose_language(
            current,
            message.get("metadata") or {},
            message.get("text") or "",
            message.get("entities") or [],
            answering_form=bool((tracker.active_loop or {}).get("name")),
        )
        return [] if language == current else [SlotSet("language", language)]
