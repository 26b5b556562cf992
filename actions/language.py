"""The `language` slot: the channel's preference, switched when the user clearly writes
in the other language (lingua, restricted to French and English)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lingua import Language, LanguageDetector, LanguageDetectorBuilder
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

SUPPORTED = ("fr", "en")
DEFAULT = "fr"
MIN_CONFIDENCE = 0.65
MIN_LETTERS = 4
# Brand words are English in both languages; they must not sway detection.
_BRANDS = re.compile(r"french\s*tech|normandy|tech\s*40|hubs?|ticket|pass|bft|progenn", re.I)
_CODES = {Language.FRENCH: "fr", Language.ENGLISH: "en"}


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_CODES).build()


def detect(text: str, entities: list[dict[str, Any]] | None = None) -> str | None:
    """'fr' or 'en' when the text clearly is one of them, else None."""
    for entity in sorted(entities or [], key=lambda e: e.get("start", 0), reverse=True):
        if "start" in entity and "end" in entity:
            text = text[: entity["start"]] + " " + text[entity["end"] :]
    text = _BRANDS.sub(" ", text)
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    values = detector().compute_language_confidence_values(text)
    best = values[0] if values else None
    if best is None or best.value < MIN_CONFIDENCE:
        return None
    return _CODES[best.language]


def choose_language(current: str | None, metadata: dict[str, Any], text: str,
                    entities: list[dict[str, Any]]) -> str:
    """Explicit choice > what the user writes > channel preference > current > French."""
    preferred = metadata.get("language")
    if preferred in SUPPORTED and metadata.get("language_locked"):
        return preferred
    detected = None if text.startswith("/") else detect(text, entities)
    for candidate in (detected, current if current in SUPPORTED else None, preferred):
        if candidate in SUPPORTED:
            return candidate
    return DEFAULT


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
        )
        return [] if language == current else [SlotSet("language", language)]
