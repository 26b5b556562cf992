"""The `language` slot: the channel's preference, switched when the user clearly writes
in the other language (`bot.assistant.language.switched_language`).

The runtime fills the slot itself (`bot.assistant.mappings`) when the Rasa patches are
installed; this action is the same rule for Rasa as released and for an external action
server.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.assistant.language import switched_language


class ActionSetLanguage(Action):
    """Custom slot mapping run by Rasa at every user turn."""

    def name(self) -> str:
        return "action_set_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = switched_language(tracker.get_slot("language"), tracker.latest_message or {},
                                     bool((tracker.active_loop or {}).get("name")))
        return [] if language is None else [SlotSet("language", language)]
