"""`ask_knowledge`: the knowledge router's question answered from the stored facts, read in
context first; when no fact answers after all, the message as the intent model read it (a
scheme's question, the network, the advisor, a turn of talk, or the fallback)."""

from __future__ import annotations

import copy
import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.candidacy_status import ActionCandidacyStatus, has_candidacy
from actions.common import contact_email, language_of
from actions.eligibility import eligibility_in_context
from actions.handoff import ActionFallback
from actions.knowledge import ASPECT_QUESTION, KNOWLEDGE, answer_from_knowledge, say_entry
from actions.knowledge_choice import which_for_you
from actions.knowledge_context import ASK_KNOWLEDGE, answer_in_context, nearest_question
from actions.network import ActionAboutNetwork
from actions.programmes import QUESTIONS, ActionCapabilities, ActionEligibility
from actions.store import session_scope
from bot.db import catalogue
from bot.db.queries import localized
from bot.knowledge import form
from bot.knowledge.retrieval import NOT_OF_A_SUBJECT

# What a turn of talk gets (nlu/rules.yml) when the knowledge router took it for a question.
TALK_REPLIES = {"greet": "utter_greet", "goodbye": "utter_goodbye", "thank": "utter_thank",
                "affirm": "utter_anything_else", "deny": "utter_anything_else",
                "bot_challenge": "utter_bot_challenge"}


class ActionKnowledge(Action):
    """`ask_knowledge` (bot/assistant/knowledge_router.py): the stored fact; when none
    answers after all, the question as the intent model read it."""

    def name(self) -> str:
        return "action_knowledge"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        found = (tracker.latest_message or {}).get(KNOWLEDGE) or {}
        # "depuis où ?" after a fact; with no fact found, an intent's question too ("pour
        # qui ?" after a scheme's description)
        if found.get("form") == "which_for_me":  # "so which one's for me?" after two schemes
            return which_for_you(dispatcher, tracker) or (
                [] if tracker.active_loop_name else [FollowupAction("advisor_form")])
        if (found.get("intent") == "ask_candidacy_status" and not _names_subject(tracker)
                and has_candidacy(tracker)):  # "et ça en est où ?" after applying
            return ActionCandidacyStatus().run(dispatcher, tracker, domain)
        if found.get("intent") == "ask_eligibility" and eligibility_in_context(tracker):
            # "faut venir de l'étranger pr l'avoir ?" after the Ticket: its rules say
            return ActionEligibility().run(dispatcher, tracker, domain)
        said = answer_in_context(dispatcher, tracker, intents=not found.get("aspect"))
        if said is None and found.get("form") == "unsaid" and not tracker.get_slot(
                "last_question"):  # "is there a fablab at Seine Innopolis?" (a follow-up's
            said = not_said_of_fact(dispatcher, tracker, found["aspect"])  # gap: its reading)
        if said is None:
            said = answer_from_knowledge(dispatcher, tracker)
        if said is not None:
            return said
        intent = found.get("intent")
        if intent in NOT_OF_A_SUBJECT:  # a question after all, about the scheme discussed
            intent = nearest_question(tracker) or intent
        if intent == "find_programme" and tracker.active_loop_name != "advisor_form":
            return [FollowupAction("advisor_form")]  # no follow-up after all: the advisor
        text = (tracker.latest_message or {}).get("text") or ""
        if intent in TALK_REPLIES and not (intent in ("affirm", "deny", "thank", "greet") and (
                form.is_question(text) and not form.is_yes_no(text))):  # "pourquoi ?": no "ok"
            # "c'est qui qui la donne ?" was no follow-up: the bot
            if not tracker.active_loop_name:  # (a form asks its question again anyway)
                dispatcher.utter_message(response=TALK_REPLIES[intent])
            return []
        action = {**QUESTIONS, "ask_about_network": ActionAboutNetwork,
                  "ask_capabilities": ActionCapabilities}.get(intent)
        return (action or ActionFallback)().run(dispatcher, as_classified(tracker), domain)


def not_said_of_fact(dispatcher: CollectingDispatcher, tracker: Tracker,
                     aspect: str) -> list | None:
    """What the source says of the thing a fact is about, and that it does not say what was
    asked of it ("who is the director of Seine Innopolis?"); a fact the source is silent on
    says so itself. None for no network fact."""
    with session_scope() as session:
        entries = catalogue.knowledge(session)
    fact = next((e for e in entries if e.aspect == aspect and e.subject == "network"), None)
    if fact is None:
        return None
    if fact.known:
        dispatcher.utter_message(response="utter_knowledge_not_said_of", contact=contact_email(),
                                 answer=localized(fact.answer, language_of(tracker)) or "")
    else:
        say_entry(dispatcher, fact, language_of(tracker))
    return [SlotSet("last_question", ASPECT_QUESTION + aspect), SlotSet("programme", None)]


_OWN = re.compile(r"candidature|dossier|application|candidacy", re.IGNORECASE)


def _names_subject(tracker: Tracker) -> bool:
    """The message names a scheme or a part of the network ("où en est PROGENN ?", "où en
    est le normandy tech 40"), not only a status ("et ça en est où ?", "any news?")."""
    message = tracker.latest_message or {}
    if message.get("entities"):
        return True
    text = message.get("text") or ""
    return not _OWN.search(text) and len(re.findall(r"\w+", text)) > 5


def as_classified(tracker: Tracker) -> Tracker:
    """The tracker with its latest message as the intent model read it, before the knowledge
    router: the fallback's buttons and clarification follow what the classifier hesitated on."""
    message = dict(tracker.latest_message or {})
    intent = (message.get(KNOWLEDGE) or {}).get("intent")
    if not intent:
        return tracker
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != ASK_KNOWLEDGE]
    message["intent"] = next((r for r in ranking if r.get("name") == intent),
                             {"name": intent, "confidence": 0.0})
    message["intent_ranking"] = ranking
    read = copy.copy(tracker)
    read.latest_message = message
    return read
