"""The advisor form: reads the founder's situation and asks only what could change the answer.

Its questions are chosen each turn by `bot.advisor.recommend.next_question` from the rules in
the database; a scheme's own yes/no question (e.g. "are you from abroad?") is asked through
`advisor_check`. Every question takes "I don't know"; a second answer not understood counts
as one, so the advisor never gets stuck. The answers stay in the conversation's slots (for a
candidacy started from the recommendation), and `/forget` erases them with the rest.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.candidacy_answers import entity_value, is_interruption
from actions.candidacy_common import button, stored_town
from actions.common import language_of
from actions.texts import t
from bot.advisor.places import ABROAD, FRANCE, NORMANDIE
from bot.advisor.reading import NEEDS, STAGES, Reading, read
from bot.advisor.recommend import (
    DONT_KNOW,
    Situation,
    next_question,
    recommend,
    yes_no_question,
)
from bot.candidacy.validation import check_yes_no
from bot.db import catalogue
from bot.db.models import Programme
from bot.db.queries import localized
from bot.db.session import session_scope
from bot.knowledge import form

FORM = "advisor_form"
QUESTION_SLOTS = {"stage": "advisor_stage", "region": "advisor_region", "need": "advisor_need"}
CHECK = "advisor_check"  # a scheme's yes/no question; its key is in `advisor_asked`
ALLOWED = {"advisor_stage": STAGES, "advisor_region": (NORMANDIE, FRANCE, ABROAD),
           "advisor_need": NEEDS}
ADVISOR_SLOTS = ("advisor_stage", "advisor_region", "advisor_town", "advisor_need",
                 "advisor_answers", CHECK, "advisor_asked", "advisor_failures", "advisor_told")
TOLD = 3  # facts a first message states (stage, place, need…) for the advisor to answer at once
KEPT_SLOTS = ("advisor_stage", "advisor_region", "advisor_town", "advisor_need", "advisor_answers")
RESTART = "restart"  # the "change my answers" button
LEAVING_INTENTS = {"apply", "subscribe_reminders", "unsubscribe_reminders", "follow_up"}


def load_programmes() -> list[Programme]:
    with session_scope() as session:
        return catalogue.programmes(session)


def situation_of(tracker: Tracker) -> Situation:
    answers = tracker.get_slot("advisor_answers")
    return Situation(stage=tracker.get_slot("advisor_stage"),
                     region=tracker.get_slot("advisor_region"),
                     need=tracker.get_slot("advisor_need"),
                     answers=answers if isinstance(answers, dict) else {})


def slot_of(question: str | None) -> str | None:
    if question is None:
        return None
    return CHECK if question.startswith("answer:") else QUESTION_SLOTS[question]


def _read_everything(reading: Reading, tracker: Tracker, requested: str | None
                     ) -> dict[str, Any]:
    """Every fact the words give, for the slots not answered yet (the asked one included)."""
    found: dict[str, Any] = {}
    if reading.stage:
        found["advisor_stage"] = reading.stage
    if reading.place:
        found["advisor_region"] = reading.place.region
        if reading.place.town:
            found["advisor_town"] = [reading.place.town, reading.place.postcode]
    if reading.need:
        found["advisor_need"] = reading.need
    if reading.foreign_founder is not None:
        answers = dict(tracker.get_slot("advisor_answers") or {})
        answers.setdefault("founder_from_abroad", reading.foreign_founder)
        found["advisor_answers"] = answers
    return {slot: value for slot, value in found.items()
            if slot == requested or slot in ("advisor_town", "advisor_answers")
            or tracker.get_slot(slot) in (None, DONT_KNOW)}


class ValidateAdvisorForm(FormValidationAction):
    """One validate_<slot> per question; the next question is the one that matters most."""

    def name(self) -> str:
        return "validate_advisor_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        restarting = (tracker.get_slot("requested_slot") is None
                      and entity_value(tracker.latest_message or {}, "advisor") == RESTART)
        events = await super().run(dispatcher, tracker, domain)
        if not restarting:
            return events
        # rasa_sdk keeps only the required slots' events: the emptied ones are added here
        kept = {event.get("name") for event in events if event.get("event") == "slot"}
        return [SlotSet(slot, None) for slot in ADVISOR_SLOTS if slot not in kept] + events

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        # rasa_sdk validates (and keeps) only the slots listed here, and asks the first empty
        # one: what is already answered, then the one question that matters next.
        answered = [slot for slot in KEPT_SLOTS if tracker.get_slot(slot) is not None]
        programmes = load_programmes()
        if tracker.get_slot("advisor_told") and recommend(programmes,
                                                          situation_of(tracker)).matches:
            return answered  # a situation told at once is answered at once ("?" for the rest)
        slot = slot_of(next_question(programmes, situation_of(tracker)))
        return answered + ([slot] if slot and slot not in answered else [])

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        intent = (message.get("intent") or {}).get("name")
        requested = tracker.get_slot("requested_slot")
        chosen = entity_value(message, "advisor")
        if requested is None:  # activation: the first message may already say a lot
            if chosen == RESTART:
                return [SlotSet(slot, None) for slot in ADVISOR_SLOTS]
            if text.startswith("/"):
                return []
            reading = read(text)
            told = sum(value is not None for value in (reading.stage, reading.place,
                                                       reading.need, reading.foreign_founder))
            return [SlotSet(slot, value) for slot, value in
                    _read_everything(reading, tracker, None).items()] + \
                [SlotSet("advisor_told", True)] * (told >= TOLD)
        if chosen:
            return [SlotSet(requested, chosen)]
        if intent != "find_programme" and (is_interruption(message) or intent in LEAVING_INTENTS):
            return []
        if requested == CHECK and intent in ("affirm", "deny") and text.startswith("/"):
            return [SlotSet(CHECK, intent == "affirm")]
        if text.startswith("/"):
            return []
        reading = read(text)
        found = _read_everything(reading, tracker, requested)
        if intent == "find_programme" and requested not in found:
            # "vous avez quoi pour moi ?" while a question waits: that question, again (an
            # answered slot restated keeps the form going without "not understood")
            kept = next((slot for slot in KEPT_SLOTS if tracker.get_slot(slot) is not None), None)
            return [SlotSet(kept, tracker.get_slot(kept))] if kept else []
        if _asks_instead(message, requested, found):
            return []  # "c quoi la bourse ?": answered (the rules), then asked again
        if requested == CHECK:  # "oui", "non merci", "yes I'm from Brazil"
            said = (found.get("advisor_answers") or {}).get(tracker.get_slot("advisor_asked"))
            checked = check_yes_no(text)
            if isinstance(said, bool) or checked.ok:
                found[CHECK] = said if isinstance(said, bool) else checked.value
            elif intent in ("affirm", "deny") and not reading.dont_know:
                found[CHECK] = intent == "affirm"  # "je ne sais pas" may read as a "no"
        if requested not in found:
            if not reading.dont_know and any(tracker.get_slot(slot) != value
                                             for slot, value in found.items()):
                # "de l'argent et un accompagnement" when the town is asked: kept, and the
                # question that still matters asked next, without "not understood"
                return [SlotSet(slot, value) for slot, value in found.items()]
            # not understood (said so by the validator), or unknown
            found[requested] = DONT_KNOW if reading.dont_know else text
        return [SlotSet(slot, value) for slot, value in found.items()]

    # --- shared by the validators -------------------------------------------------------------
    def _not_understood(self, slot: str, dispatcher: CollectingDispatcher,
                        tracker: Tracker) -> dict[str, Any]:
        """Once: say so and ask again; twice: take it as "I don't know" and move on."""
        language = language_of(tracker)
        failures = dict(tracker.get_slot("advisor_failures") or {})
        failures[slot] = failures.get(slot, 0) + 1
        if failures[slot] >= 2:
            dispatcher.utter_message(text=t("advisor_moving_on", language))
            failures.pop(slot)
            return self._answer(slot, DONT_KNOW, tracker, failures)
        dispatcher.utter_message(text=t("advisor_not_understood", language))
        return {slot: None, "advisor_failures": failures}

    def _answer(self, slot: str, value: Any, tracker: Tracker,
                failures: dict[str, int] | None = None) -> dict[str, Any]:
        if failures is None:
            failures = dict(tracker.get_slot("advisor_failures") or {})
        failures.pop(slot, None)
        if slot != CHECK:
            return {slot: value, "advisor_failures": failures or None}
        answers = dict(tracker.get_slot("advisor_answers") or {})
        answers[tracker.get_slot("advisor_asked")] = value
        return {CHECK: None, "advisor_answers": answers, "advisor_failures": failures or None}

    def _choice(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                tracker: Tracker) -> dict[str, Any]:
        if value is None:  # emptied ("change my answers"): nothing to check
            return {slot: None}
        if value == DONT_KNOW or value in ALLOWED[slot]:
            return self._answer(slot, value, tracker)
        return self._not_understood(slot, dispatcher, tracker)

    # --- one validator per question -----------------------------------------------------------
    def validate_advisor_stage(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._choice("advisor_stage", value, dispatcher, tracker)

    def validate_advisor_region(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._choice("advisor_region", value, dispatcher, tracker)

    def validate_advisor_need(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._choice("advisor_need", value, dispatcher, tracker)

    def validate_advisor_check(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value is None or not tracker.get_slot("advisor_asked"):
            return {CHECK: None}  # emptied, or nothing was asked (a forged payload)
        if isinstance(value, bool) or value == DONT_KNOW:
            return self._answer(CHECK, value, tracker)
        return self._not_understood(CHECK, dispatcher, tracker)

    def validate_advisor_town(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return {"advisor_town": value if stored_town(value) is not None else None}

    def validate_advisor_answers(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        clean = {key: answer for key, answer in (value or {}).items()
                 if isinstance(key, str) and (isinstance(answer, bool) or answer == DONT_KNOW)}
        return {"advisor_answers": clean or None}


def _asks_instead(message: dict[str, Any], requested: str, found: dict[str, Any]) -> bool:
    """A question instead of the answer: one naming a scheme ("et la bourse c'est combien"),
    one the knowledge router took, or one holding nothing the advisor asked for ("what's in
    Caen specifically?" when the need is asked)."""
    text = message.get("text") or ""
    if not form.is_question(text) or check_yes_no(text).ok:
        return False
    intent = (message.get("intent") or {}).get("name")
    return bool(entity_value(message, "programme")) or intent == "ask_knowledge" \
        or requested not in found


def dont_know_button(language: str) -> dict[str, str]:
    return button(t("button_dont_know", language), f'/find_programme{{"advisor":"{DONT_KNOW}"}}')


class _AskAdvisorChoice(Action, ABC):
    """One of the advisor's own questions, its answers as buttons, "I don't know" last."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot asked."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        topic = self.slot.removeprefix("advisor_")
        buttons = [button(t(f"advisor_choice_{topic}_{value}", language),
                          f'/find_programme{{"advisor":"{value}"}}')
                   for value in ALLOWED[self.slot]]
        dispatcher.utter_message(text=t(f"advisor_question_{topic}", language),
                                 buttons=[*buttons, dont_know_button(language)])
        return []


class ActionAskAdvisorStage(_AskAdvisorChoice):
    slot = "advisor_stage"


class ActionAskAdvisorRegion(_AskAdvisorChoice):
    slot = "advisor_region"


class ActionAskAdvisorNeed(_AskAdvisorChoice):
    slot = "advisor_need"


class ActionAskAdvisorCheck(Action):
    """A yes/no question a scheme's rule needs, in the scheme's own words from the database."""

    def name(self) -> str:
        return "action_ask_advisor_check"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        programmes = load_programmes()
        question = next_question(programmes, situation_of(tracker)) or ""
        key = question.removeprefix("answer:")
        asked = yes_no_question(programmes, key) if question.startswith("answer:") else None
        if asked is None:  # the rules changed meanwhile: nothing to ask
            return [SlotSet(CHECK, None)]
        dispatcher.utter_message(text=localized(asked["text"], language), buttons=[
            button(t("value_yes", language).capitalize(), "/affirm"),
            button(t("value_no", language).capitalize(), "/deny"), dont_know_button(language)])
        return [SlotSet("advisor_asked", key)]
