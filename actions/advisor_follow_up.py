"""Right after the advisor's answer, a message adding a need ("vous avez oublié que je veux
aussi un accompagnement", "actually I also need mentoring", "et aussi un incubateur") is a
correction: the recommendation again, with that need too; so is a statement of a stage, a
place or an origin other than the advice used ("not yet, just an idea", "je suis français").
Whatever else the classifier or the knowledge router took the message for (a question a fact
answers, out of scope, a no) gets the answer it would have got (`nlu/rules_advisor.yml` sends
those intents here after the answer).
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advisor_answer import (
    ActionRecommendProgrammes,
    advisor_just_spoke,
    recommend_for_need,
    recommended,
    why_not,
)
from actions.handoff import ActionFallback
from actions.knowledge_action import ActionKnowledge
from actions.store import session_scope
from bot.advisor.reading import adds_to_needs, imagines, read, states_a_want
from bot.db import catalogue
from bot.knowledge import form


def correct_needs(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """The recommendation again with the needs added; None when the message adds none."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    named = [entity for entity in message.get("entities") or []
             if entity.get("entity") == "programme"]
    if named or not adds_to_needs(text):
        return None  # "le pass aussi ?" is a question about the Pass
    found = message.get("knowledge") or {}
    if found.get("aspect") and form.is_yes_no(text) and not states_a_want(text):
        return None  # "ces grandes entreprises peuvent aussi nous financer ?": a fact's yes
    return recommend_for_need(dispatcher, tracker, read(text).need)


def correct_place(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """"et si on était à Paris ?", "en fait on est à Rouen": the recommendation again for the
    place the message names; None when it names none, or names it in no "what if" or
    correction."""
    text = (tracker.latest_message or {}).get("text") or ""
    place = read(text).place
    if place is None or not imagines(text) or not advisor_just_spoke(tracker):
        return None
    town = [place.town, place.postcode] if place.town else None
    events = [SlotSet("advisor_region", place.region), SlotSet("advisor_town", town)]
    for event in events:  # this run's copy; the events keep them
        tracker.slots[event["name"]] = event["value"]
    return [*events, *ActionRecommendProgrammes().run(dispatcher, tracker, {})]


def correct_situation(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """"not yet, just an idea for now", "non je suis français, j'habite à Caen": a statement,
    right after the advice, of a stage, a place or an origin other than the advice used; the
    recommendation again with it. None for a question or when nothing new is said."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    if "?" in text or not advisor_just_spoke(tracker) or any(
            entity.get("entity") == "programme" for entity in message.get("entities") or []):
        return None
    reading = read(text)
    answers = dict(tracker.get_slot("advisor_answers") or {})
    events = []
    if reading.stage and reading.stage != tracker.get_slot("advisor_stage"):
        events.append(SlotSet("advisor_stage", reading.stage))
    if reading.place and reading.place.region != tracker.get_slot("advisor_region"):
        town = [reading.place.town, reading.place.postcode] if reading.place.town else None
        events += [SlotSet("advisor_region", reading.place.region), SlotSet("advisor_town", town)]
    if reading.foreign_founder is not None and (
            answers.get("founder_from_abroad") != reading.foreign_founder):
        answers["founder_from_abroad"] = reading.foreign_founder
        events.append(SlotSet("advisor_answers", answers))
    if not events:
        return None
    for event in events:  # this run's copy; the events keep them
        tracker.slots[event["name"]] = event["value"]
    return [*events, *ActionRecommendProgrammes().run(dispatcher, tracker, {})]


def scheme_of_the_fact(tracker: Tracker) -> list:
    """"ces grandes entreprises peuvent aussi nous financer ?" right after the advice: the fact
    found belongs to one of the schemes recommended (the Normandy Tech 40's contracts), not to
    the first one listed; that scheme is the one discussed. [] when the question names one, or
    the scheme discussed has that fact, or none recommended has."""
    message = tracker.latest_message or {}
    aspect, keys = (message.get("knowledge") or {}).get("aspect"), recommended(tracker)
    if not aspect or not keys or any(e.get("entity") == "programme"
                                     for e in message.get("entities") or []):
        return []
    with session_scope() as session:
        holders = {e.subject for e in catalogue.knowledge(session) if e.aspect == aspect}
    key = next((key for key in keys if key in holders), None)
    if key is None or tracker.get_slot("programme") in holders:
        return []
    tracker.slots["programme"] = key  # this run's copy; the event keeps it
    return [SlotSet("programme", key)]


class ActionAdvisorFollowUp(Action):
    """The message after a recommendation: a correction of the needs, else its usual answer."""

    def name(self) -> str:
        return "action_advisor_follow_up"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        said = correct_needs(dispatcher, tracker)
        if said is None:
            said = (correct_place(dispatcher, tracker) or correct_situation(dispatcher, tracker)
                    or why_not(dispatcher, tracker))
        if said is not None:
            return said
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent in ("deny", "affirm", "skip"):
            dispatcher.utter_message(response="utter_anything_else")
            return []
        if intent == "ask_knowledge":
            return [*scheme_of_the_fact(tracker), *ActionKnowledge().run(dispatcher, tracker,
                                                                          domain)]
        return ActionFallback().run(dispatcher, tracker, domain)
