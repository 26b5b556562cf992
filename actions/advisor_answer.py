"""The advisor's answer: the schemes that fit, each with its reasons, and what to do next; and
what a candidacy started from it takes over (the advisor's answers are not asked again)."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advisor import load_programmes, situation_of
from actions.advisor_change import ADVICE
from actions.candidacy_common import SCHEME_SLOTS, button, scheme_questions, stored_town
from actions.common import RECOMMENDED, contact_email, language_of
from actions.texts import t
from bot.advisor.reading import adds_to_needs, read
from bot.advisor.recommend import DONT_KNOW, Fit, assess, need_value, recommend
from bot.assistant.programme_extractor import fold
from bot.candidacy.eligibility import MET, UNKNOWN
from bot.db.models import Programme
from bot.db.queries import localized

MARKS = {MET: "✓", UNKNOWN: "?"}
MAX_BUTTON_PROGRAMMES = 3


def describe(tracker: Tracker, language: str) -> str:
    """"idée · Rouen (Normandie) · besoin : financement": what the answer is based on."""
    situation = situation_of(tracker)
    town = (tracker.get_slot("advisor_town") or [None])[0]
    parts = []
    if situation.stage and situation.stage != DONT_KNOW:
        parts.append(t(f"advisor_stage_{situation.stage}", language))
    if situation.region and situation.region != DONT_KNOW:
        region = t(f"advisor_region_{situation.region}", language)
        parts.append(f"{town} ({region})" if town else region)
    if situation.answers.get("founder_from_abroad") is True:
        parts.append(t("advisor_from_abroad", language))
    if situation.needs:
        parts.append(t("advisor_need_is", language, need=needs_text(situation.needs, language)))
    return " · ".join(parts) or t("advisor_nothing_known", language)


def needs_text(needs: tuple[str, ...], language: str) -> str:
    """"un financement, un accompagnement": every need stated, the one that matters most first."""
    return ", ".join(t(f"advisor_need_{need}", language) for need in needs)


def _one_line(programme: Programme, language: str) -> str:
    text = localized(programme.offer, language) or localized(programme.summary, language) or ""
    return text.split(". ")[0].rstrip(".") + "."


def _item(number: int, fit: Fit, language: str) -> str:
    lines = [f"{number}. {localized(fit.programme.name, language)} — "
             f"{_one_line(fit.programme, language)}"]
    lines += [f"   {MARKS[reason.status]} {localized(reason.text, language)}"
              for reason in fit.reasons]
    return "\n".join(lines)


def _ruled_out(fits: list[Fit], language: str) -> str:
    if not fits:
        return ""
    items = [f"{localized(fit.programme.name, language)} (✗ "
             + localized(next(r.text for r in fit.reasons if r.status not in MARKS), language)
             + ")" for fit in fits]
    return "\n\n" + t("advisor_ruled_out", language, programmes="; ".join(items))


class ActionRecommendProgrammes(Action):
    """Every scheme the answers allow, best first, computed now from the database."""

    def name(self) -> str:
        return "action_recommend_programmes"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        result = recommend(load_programmes(), situation_of(tracker))
        situation = describe(tracker, language)
        restart = button(t("button_advisor_restart", language),
                         '/find_programme{"advisor":"restart"}')
        human = button(t("button_human", language), "/request_human")
        if not result.matches:
            dispatcher.utter_message(response="utter_advisor_nothing", situation=situation,
                                     ruled_out=_ruled_out(result.ruled_out, language),
                                     email=contact_email(), buttons=[human, restart])
            return []
        items = "\n\n".join(_item(i, fit, language) for i, fit in enumerate(result.matches, 1))
        if result.need_unmatched:
            need = needs_text(situation_of(tracker).needs, language)
            items = t("advisor_need_unmatched", language, need=need) + "\n\n" + items
        if result.also:
            items += "\n\n" + t("advisor_also", language, programmes=", ".join(
                localized(fit.programme.name, language) for fit in result.also))
        items += _ruled_out(result.ruled_out, language)
        buttons = []
        for fit in result.matches[:MAX_BUTTON_PROGRAMMES]:
            key, name = fit.programme.key, localized(fit.programme.name, language)
            buttons.append(button(t("button_learn_more", language, name=name),
                                  f'/ask_programme_info{{"programme":"{key}"}}'))
            if fit.programme.candidacy is not None:
                buttons.append(button(t("button_apply_to", language, name=name),
                                      f'/apply{{"candidacy_programme":"{key}"}}'))
        dispatcher.utter_message(response="utter_advisor_recommendation", situation=situation,
                                 programmes=items, buttons=[*buttons, human, restart])
        return [SlotSet("programme", result.matches[0].programme.key)]


def candidacy_prefill(tracker: Tracker, programme: Programme | None) -> dict[str, Any]:
    """The candidacy answers the advisor already has, for the questions not yet answered."""
    facts = situation_of(tracker).facts()  # stage and answers as the rules read them
    known: dict[str, Any] = {}
    if facts.stage:
        known["company_stage"] = facts.stage
    town = tracker.get_slot("advisor_town")
    if stored_town(town) is not None:  # the shape the candidacy form stores and checks
        known["company_town"] = town
    answers = facts.answers
    for question, slot in zip(scheme_questions(programme), SCHEME_SLOTS, strict=False):
        if isinstance(answers.get(question["key"]), bool):
            known[slot] = answers[question["key"]]
    return {slot: value for slot, value in known.items() if tracker.get_slot(slot) is None}


def recommended(tracker: Tracker) -> list[str] | None:
    """The schemes the advisor has just recommended for the situation told, in its order;
    None when it has not just spoken."""
    if not advisor_just_spoke(tracker):
        return None
    return [fit.programme.key for fit in recommend(load_programmes(),
                                                   situation_of(tracker)).matches]


RECOMMENDED.append(recommended)


ADVICE.append(ActionRecommendProgrammes)  # for the form's "what would I get?" (actions.advisor)
ADVISOR_ACTIONS = ("action_recommend_programmes", "advisor_form")


def advisor_just_spoke(tracker: Tracker) -> bool:
    """The assistant's last action before this message was the advisor's."""
    for event in reversed(tracker.events[:-1] if tracker.events else []):
        if event.get("event") == "action" and event.get("name") not in (
                "action_listen", "action_session_start", None):
            return event.get("name") in ADVISOR_ACTIONS
    return False


def recommend_for_need(dispatcher: CollectingDispatcher, tracker: Tracker,
                       need: str | None) -> list | None:
    """"et pour le financement, il y a quoi ?" right after a recommendation: the same
    situation, this need; "vous avez oublié que je veux aussi un accompagnement": this need
    too. None when the advisor has not just spoken."""
    if need is None or not advisor_just_spoke(tracker):
        return None
    text = (tracker.latest_message or {}).get("text") or ""
    reading = read(text)
    said = [need, *(other for other in reading.needs if other != need)]
    if adds_to_needs(text):
        said = [*situation_of(tracker).needs, *said]
    value = need_value(said)
    events = [SlotSet("advisor_need", value)]
    if reading.priority:
        events.append(SlotSet("advisor_priority", reading.priority))
    for event in events:  # this run's copy; the events keep them
        tracker.slots[event["name"]] = event["value"]
    return [*events, *ActionRecommendProgrammes().run(dispatcher, tracker, {})]


# "pourquoi pas le pass ?", "why not the Bourse?": one scheme's conditions, after the advice.
_WHY_NOT = re.compile(r"\b(?:pourquoi\W+pas|why\W+not|pourquoi\W+(?:il|elle)\W+n\W?est\W+pas|"
                      r"what\W+about)\b")


def why_not(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """The named scheme's conditions against what the person said, each ✓, ? or ✗; None
    when the message asks no such thing or the advisor has not just answered."""
    message = tracker.latest_message or {}
    named = [e.get("value") for e in message.get("entities") or []
             if e.get("entity") == "programme"]
    if len(named) != 1 or not _WHY_NOT.search(fold(message.get("text") or "")) \
            or not advisor_just_spoke(tracker):
        return None
    programme = next((p for p in load_programmes() if p.key == named[0]), None)
    if programme is None:
        return None
    language = language_of(tracker)
    fit = assess(programme, situation_of(tracker))
    lines = [f"{MARKS.get(r.status, '✗')} {localized(r.text, language)}" for r in fit.reasons]
    dispatcher.utter_message(text=t("advisor_why_not", language,
                                    name=localized(programme.name, language),
                                    checks="\n".join(lines) or "?"))
    return [SlotSet("programme", programme.key)]
