"""What every answering action shares: language, database access, formatting."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.store import session_scope
from bot.assistant.programme_extractor import fold
from bot.config import language_for
from bot.dates import event_when, long_date
from bot.db.models import Event, Programme
from bot.db.queries import get_setting, localized

# Keys of the settings staff keep in the seed file
NETWORK_NAME = "network_name"
CONTACT_EMAIL = "contact_email"


def contact_email() -> str:
    with session_scope() as session:
        return get_setting(session, CONTACT_EMAIL) or ""


def programme_slot(tracker: Tracker) -> str | None:
    """The scheme the message is about: the one of two just compared it points to ("and the
    first one, who is it for?"), else the `programme` slot when it holds a scheme key."""
    value = ordinal_programme(tracker) or tracker.get_slot("programme")
    return value if isinstance(value, str) and value else None


# "the first one", "le second", "the latter": one of the schemes a message named before.
_ORDINAL = re.compile(r"\b(?:(?:the\W+)?(first|second)\W+one|the\W+(former|latter)|"
                      r"(?:le|la)\W+(premier|premiere|second|seconde|deuxieme)\b"
                      r"(?!\W+(?:hub|axe|point|comite|batiment|totem|groupe)))")


# The schemes the advisor has just recommended, in its order, when it has (registered by
# actions.advisor_answer, which imports this module).
RECOMMENDED: list[Callable[[Tracker], list[str] | None]] = []


def ordinal_programme(tracker: Tracker) -> str | None:
    message = tracker.latest_message or {}
    if any(e.get("entity") == "programme" for e in message.get("entities") or []):
        return None
    found = _ORDINAL.search(fold(message.get("text") or ""))
    if found is None:
        return None
    index = 0 if found.group(found.lastindex) in ("first", "former", "premier", "premiere") \
        else 1
    for listed in RECOMMENDED:  # "le premier c'est quoi ?" after the advisor's answer
        keys = listed(tracker)
        if keys is not None:
            return keys[index] if index < len(keys) else None
    for event in reversed(tracker.events[:-1]):
        if event.get("event") != "user":
            continue
        named = sorted((e for e in (event.get("parse_data") or {}).get("entities") or []
                        if e.get("entity") == "programme" and isinstance(e.get("value"), str)),
                       key=lambda e: e.get("start") or 0)
        keys = list(dict.fromkeys(e["value"] for e in named))
        if len(keys) >= 2:
            return keys[index] if index < len(keys) else None
    return None


def remember_question(tracker: Tracker, intent: str) -> list[dict[str, Any]]:
    """`last_question` set to `intent`, for a follow-up naming another scheme (if it changed)."""
    return [] if tracker.get_slot("last_question") == intent else [
        SlotSet("last_question", intent)]


def latest_entity(tracker: Tracker, name: str) -> str | None:
    """The latest message's entity `name` when it is text (a forged payload may hold more)."""
    return next((v for v in tracker.get_latest_entity_values(name) if isinstance(v, str)), None)


def language_of(tracker: Tracker) -> str:
    """The conversation's language by the one rule (bot.config.language_for): an action server
    sees only the tracker, its `language` slot (a /language choice is in it: Rasa sets it)."""
    return language_for(slot=tracker.get_slot("language"))


def event_line(event: Event, language: str) -> str:
    parts = [f"• {localized(event.title, language)} — {event_when(event, language)}"]
    if event.place:
        parts.append(event.place)
    line = ", ".join(parts)
    if event.url:
        line += f" ({event.url})"
    return line


def programme_facts(programme: Programme, language: str) -> dict[str, Any]:
    """Template variables every programme answer uses."""
    return {
        "name": localized(programme.name, language),
        "source": programme.source_title,
        "date": long_date(programme.information_date, language),
        "contact": localized(programme.contact, language) or "",
    }


def ask_which_programme(
    dispatcher: CollectingDispatcher, intent: str, programmes: list[Programme], language: str
) -> None:
    """Buttons that repeat the user's question with the chosen programme."""
    buttons = [
        {
            "title": localized(p.name, language),
            "payload": f'/{intent}{{"programme":"{p.key}"}}',
        }
        for p in programmes
    ]
    dispatcher.utter_message(response="utter_which_programme", buttons=buttons)


def network_name() -> str:
    """The network's name as the staff keep it (the settings), for texts naming it."""
    with session_scope() as session:
        return get_setting(session, NETWORK_NAME) or "Normandy French Tech"
