"""Handing the conversation to a person of the network: on request, or after two misses.

The action opens the handoff in the database (with the last messages, for the staff); the
conversation is not paused: while the request waits, the channel passes the person's messages
to the staff and the assistant still answers questions (`bot.staff.waiting`).
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.candidacy_common import button
from actions.common import contact_email, language_of, programme_slot
from actions.knowledge_context import answer_in_context, said_of_previous
from actions.question_parts import SCHEME_QUESTIONS
from actions.store import session_scope
from actions.texts import t
from bot.assistant.language import asked_for
from bot.config import Settings
from bot.db import catalogue
from bot.db.handoffs import open_handoff
from bot.db.queries import localized, utcnow
from bot.knowledge import form
from bot.staff.office_hours import OfficeHours

FALLBACK_INTENTS = ("nlu_fallback", "out_of_scope")
# Intents worth offering as "did you mean": each has an answer and a button label.
ANSWERABLE = ("ask_programme_info", "ask_eligibility", "ask_funding", "ask_deadline",
              "ask_application_process", "apply", "list_programmes", "ask_events",
              "subscribe_reminders", "unsubscribe_reminders", "ask_about_network",
              "ask_contact", "request_human", "ask_capabilities", "ask_candidacy_status")
# Two candidates are offered when, together, they hold most of the classifier's belief and
# the second is a real contender; otherwise the plain fallback answer is clearer.
TWO_CANDIDATES_MIN_SHARE = 0.5
SECOND_CANDIDATE_MIN = 0.15
CONTEXT_MESSAGES = 8  # what the staff see of the conversation before the request
FORM_ECHOES = ("utter_candidacy_summary", "utter_candidacy_warnings")  # repeat the answers


def recent_messages(tracker: Tracker, limit: int = CONTEXT_MESSAGES) -> list[dict[str, Any]]:
    """The conversation's last messages for the staff, without the candidacy's answers.

    What the user typed while the form was asking (e-mail, phone, SIREN, pitch) and the
    summary that repeats it are personal data the staff chat does not need: such an entry
    keeps its place but no text (`hidden`), and the staff see "[form answer]".
    """
    said: list[dict[str, Any]] = []
    in_form = False
    for event in tracker.events:
        kind = event.get("event")
        if kind == "active_loop":
            in_form = bool(event.get("name"))
        if kind not in ("user", "bot") or not event.get("text"):
            continue
        action = (event.get("metadata") or {}).get("utter_action")
        hidden = (kind == "user" and in_form) or (kind == "bot" and action in FORM_ECHOES)
        entry = {"at": event.get("timestamp"), "by": kind, "name": None,
                 "text": "" if hidden else event["text"]}
        said.append({**entry, "hidden": "form_answer"} if hidden else entry)
    return said[-limit:]


def in_private(tracker: Tracker) -> bool:
    """A handoff is personal: never from a group chat (the console is private)."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    return metadata.get("chat_type", "private") == "private"


def escalate(dispatcher: CollectingDispatcher, tracker: Tracker, reason: str) -> list:
    settings = Settings.from_env()
    language = language_of(tracker)
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    with session_scope() as session:
        open_handoff(session, chat_id=tracker.sender_id, language=language, reason=reason,
                     user_name=metadata.get("user_name"), username=metadata.get("username"),
                     programme_key=programme_slot(tracker),
                     transcript=recent_messages(tracker))
    hours, now = OfficeHours.parse(settings.office_hours), utcnow()
    if hours.is_open(now):
        dispatcher.utter_message(response="utter_handoff_opened",
                                 minutes=round(settings.handoff_repost_after / 60))
    else:
        dispatcher.utter_message(response="utter_handoff_opened_out_of_hours",
                                 hours=hours.describe(language), when=hours.when(now, language))
    return []


class ActionRequestHuman(Action):
    """A person, when the staff chat exists; the network's address otherwise (console)."""

    def name(self) -> str:
        return "action_request_human"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        if Settings.from_env().staff_chat_id is None or not in_private(tracker):
            dispatcher.utter_message(response="utter_request_human", email=contact_email())
            return []
        return escalate(dispatcher, tracker, "request")


# The replies that say the message was not understood or cannot be helped with.
REFUSALS = ("utter_default", "utter_out_of_scope", "utter_did_you_mean", "utter_default_again")


def _refused_last(tracker: Tracker) -> bool:
    """Whether the assistant's last reply before this message was a refusal."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return False
            seen_user = True
        elif event.get("event") == "bot" and seen_user:
            return (event.get("metadata") or {}).get("utter_action") in REFUSALS
    return False


def _previous_user_intent(tracker: Tracker) -> str | None:
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return None
    return ((users[-2].get("parse_data") or {}).get("intent") or {}).get("name")


def two_candidates(message: dict[str, Any]) -> list[str]:
    """The two intents the classifier hesitated between, when it clearly hesitated."""
    ranking = [r for r in message.get("intent_ranking") or []
               if r.get("name") not in FALLBACK_INTENTS]
    if len(ranking) < 2:
        return []
    first, second = ranking[0], ranking[1]
    if (first["name"] not in ANSWERABLE or second["name"] not in ANSWERABLE
            or second["confidence"] < SECOND_CANDIDATE_MIN
            or first["confidence"] + second["confidence"] < TWO_CANDIDATES_MIN_SHARE):
        return []
    return [first["name"], second["name"]]


def payload(intent: str, message: dict[str, Any]) -> str:
    """The button's message: the intent, with the scheme the user named, if any."""
    programmes = [e["value"] for e in message.get("entities") or []
                  if e.get("entity") == "programme"]
    return f'/{intent}{{"programme": "{programmes[0]}"}}' if programmes else f"/{intent}"


class ActionFallback(Action):
    """Not understood, or out of scope: say so; the second time in a row, call a person.

    Low confidence between two intents is not a miss: the two are offered as buttons.
    """

    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        if asked_for(message.get("text") or ""):
            # "je parle anglais": the runtime has switched the language; say so, in it
            dispatcher.utter_message(response="utter_language_switched")
            return []
        # "and Caen?" after Le Havre's axis, "pour qui ?" after the Bourse's description
        said = answer_in_context(dispatcher, tracker, intents=True)
        if said is not None:
            return said
        twice = _previous_user_intent(tracker) in FALLBACK_INTENTS or _refused_last(tracker)
        if twice and Settings.from_env().staff_chat_id is not None and in_private(tracker):
            dispatcher.utter_message(response="utter_handoff_after_fallbacks")
            return escalate(dispatcher, tracker, "fallback")
        if twice:  # never a second refusal without the menu and a person (issue 32, point 5)
            dispatcher.utter_message(response="utter_default_again", email=contact_email())
            return []
        candidates = two_candidates(message) if intent == "nlu_fallback" else []
        if candidates:
            language = language_of(tracker)
            buttons = [button(t(f"intent_{name}", language), payload(name, message))
                       for name in candidates]
            if "request_human" not in candidates:
                buttons.append(button(t("button_human", language), "/request_human"))
            dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
            return []
        # a question nothing placed ("it includes what exactly?", "and who are they?"):
        # about what was just discussed, never "not understood"
        text = message.get("text") or ""  # ("et ça marche comment… ?" follows up, whatever
        asks = intent == "nlu_fallback" or form.is_question(text) and (  # the classifier read)
            intent != "out_of_scope" or re.match(r"\W*(?:et|and)\b", text, re.IGNORECASE))
        if asks and (_clarify_about_the_scheme(dispatcher, tracker)
                     or said_of_previous(dispatcher, tracker) is not None):
            return []
        dispatcher.utter_message(
            response="utter_out_of_scope" if intent == "out_of_scope" else "utter_default")
        return []


def _clarify_about_the_scheme(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A message not understood while a scheme is under discussion: what about it, as
    buttons (issue 32: a clarifying question from the conversation, not "not understood")."""
    key = programme_slot(tracker)
    with session_scope() as session:
        programme = catalogue.programme(session, key) if key else None
        name = localized(programme.name, language_of(tracker)) if programme else None
    if not name:
        return False
    language = language_of(tracker)
    buttons = [button(t(f"intent_{intent}", language), f'/{intent}{{"programme": "{key}"}}')
               for intent in SCHEME_QUESTIONS]
    buttons.append(button(t("button_human", language), "/request_human"))
    dispatcher.utter_message(response="utter_clarify_scheme", name=name, buttons=buttons)
    return True
