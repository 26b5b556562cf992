"""The advisor form: reads the founder's situation and asks only what could change the answer.

Its questions are chosen each turn by `bot.advisor.recommend.next_question` from the rules in
the database; a scheme's own yes/no question (e.g. "are you from abroad?") is asked through
`advisor_check`. Every question takes "I don't know"; a second answer not understood counts
as one, so the advisor never gets stuck. The answers stay in the conversation's slots (for a
candidacy started from the recommendation), and `/forget` erases them with the rest.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.advisor_change import (
    ADVICE,
    CHANGE,
    CHANGING,
    CHOOSING,
    change_choices,
    changing_slot,
    chosen_change,
    supposed_place,
)
from actions.candidacy_answers import entity_value, is_interruption
from actions.candidacy_common import stored_town
from actions.common import language_of
from actions.store import session_scope
from actions.texts import t
from bot.advisor.places import ABROAD, FRANCE, NORMANDIE
from bot.advisor.reading import (
    NEEDS,
    STAGES,
    VISA,
    Reading,
    adds_to_needs,
    asks_what_one_gets,
    read,
    states_a_want,
)
from bot.advisor.recommend import (
    DONT_KNOW,
    IN_FRANCE,
    Situation,
    need_value,
    next_question,
    recommend,
)
from bot.candidacy.validation import check_yes_no
from bot.db import catalogue
from bot.db.models import Programme
from bot.knowledge import form

FORM = "advisor_form"
QUESTION_SLOTS = {"stage": "advisor_stage", "region": "advisor_region", "need": "advisor_need"}
CHECK = "advisor_check"  # a scheme's yes/no question; its key is in `advisor_asked`
ALLOWED = {"advisor_stage": STAGES, "advisor_region": (NORMANDIE, FRANCE, ABROAD),
           "advisor_need": NEEDS}
TOLD = 3  # facts a first message states (stage, place, need…) for the advisor to answer at once
KEPT_SLOTS = ("advisor_stage", "advisor_region", "advisor_town", "advisor_need", "advisor_answers",
              "advisor_priority")
RESTART = "restart"  # the "change my answers" button: which answer? (actions/advisor_change.py)
LEAVING_INTENTS = {"apply", "subscribe_reminders", "unsubscribe_reminders", "follow_up"}


def load_programmes() -> list[Programme]:
    with session_scope() as session:
        return catalogue.programmes(session)


def situation_of(tracker: Tracker) -> Situation:
    answers = tracker.get_slot("advisor_answers")
    return Situation(stage=tracker.get_slot("advisor_stage"),
                     region=tracker.get_slot("advisor_region"),
                     need=tracker.get_slot("advisor_need"),
                     answers=answers if isinstance(answers, dict) else {},
                     priority=tracker.get_slot("advisor_priority"))


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
    if reading.needs:
        found["advisor_need"] = need_value(reading.needs)
    elif reading.priority == VISA and requested == "advisor_need":  # "the visa matters most":
        found["advisor_need"] = DONT_KNOW  # no need named; the ranking follows the visa
    if reading.priority:
        found["advisor_priority"] = reading.priority
    answers = dict(tracker.get_slot("advisor_answers") or {})
    if reading.foreign_founder is not None:
        if reading.corrects:  # "I'm actually French": it was said otherwise before
            answers["founder_from_abroad"] = reading.foreign_founder
        answers.setdefault("founder_from_abroad", reading.foreign_founder)
        found["advisor_answers"] = answers
    if reading.foreign_company:  # "a German startup opening a branch in Normandy": whether it
        answers.setdefault(IN_FRANCE, DONT_KNOW)  # is a French company is not what its place says
        found["advisor_answers"] = answers
    return {slot: value for slot, value in found.items()
            if slot == requested or slot in ("advisor_town", "advisor_answers", "advisor_priority")
            or tracker.get_slot(slot) in (None, DONT_KNOW) or reading.corrects}


class ValidateAdvisorForm(FormValidationAction):
    """One validate_<slot> per question; the next question is the one that matters most."""

    def name(self) -> str:
        return "validate_advisor_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        restarting = tracker.get_slot("requested_slot") is None and _restarts(tracker)
        events = await super().run(dispatcher, tracker, domain)
        # rasa_sdk keeps only the required slots' events: "which answer?" is added here
        return [SlotSet(CHANGING, CHOOSING), *events] if restarting else events

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        # rasa_sdk validates (and keeps) only the slots listed here, and asks the first empty
        # one: what is already answered, then the one question that matters next.
        answered = [slot for slot in KEPT_SLOTS if tracker.get_slot(slot) is not None]
        programmes = load_programmes()
        changed = changing_slot(tracker)
        if changed:  # "change my answers": which one, then only that one
            return answered + [changed]
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
            if _restarts(tracker):
                return [SlotSet(CHANGE, None), SlotSet(CHANGING, CHOOSING)]
            if text.startswith("/"):
                return []
            reading = read(text)
            found = _read_everything(reading, tracker, None)
            if reading.needs and adds_to_needs(text):  # "j'ai aussi besoin de contacts"
                found["advisor_need"] = need_value([*situation_of(tracker).needs, *reading.needs])
            told = sum(value is not None for value in (reading.stage, reading.place,
                                                       reading.need, reading.foreign_founder))
            return [SlotSet(slot, value) for slot, value in found.items()] + \
                [SlotSet("advisor_told", True)] * (told >= TOLD)
        if chosen:
            return [SlotSet(requested, chosen)]
        if supposed := supposed_place(text, requested, dispatcher, tracker):
            return supposed  # "et si on était à Caen, ça changerait quoi ?": that place
        if asks_what_one_gets(text) and not entity_value(message, "programme") \
                and (kept := _restated(tracker)):  # "what would I get exactly?": the advice
            ADVICE[0]().run(dispatcher, tracker, domain)  # from what is known, then the question
            return kept
        if intent != "find_programme" and (is_interruption(message, requested)
                                           or intent in LEAVING_INTENTS):
            return []
        if requested == CHECK and intent in ("affirm", "deny") and text.startswith("/"):
            return [SlotSet(CHECK, intent == "affirm")]
        if text.startswith("/"):
            return []
        reading = read(text)
        found = _read_everything(reading, tracker, requested)
        if intent == "find_programme" and requested not in found:
            # "vous avez quoi pour moi ?", "we're from Lebanon" while a question waits: what
            # it says, and that question again (without "not understood")
            return [SlotSet(slot, value) for slot, value in found.items()] or _restated(tracker)
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
        # the answer changed: the recommendation at once, no other question
        done = {CHANGING: None, "advisor_told": True} \
            if changing_slot(tracker) == slot != CHANGE else {}
        if slot == CHANGE:
            return {**chosen_change(value, tracker), "advisor_failures": failures or None}
        if slot != CHECK:
            return {slot: value, "advisor_failures": failures or None, **done}
        answers = dict(tracker.get_slot("advisor_answers") or {})
        answers[tracker.get_slot("advisor_asked")] = value
        return {CHECK: None, "advisor_answers": answers, "advisor_failures": failures or None,
                **done}

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
        if isinstance(value, list) and value and all(need in NEEDS for need in value):
            return self._answer("advisor_need", need_value(value), tracker)
        if isinstance(value, str) and value not in (*NEEDS, DONT_KNOW) and states_a_want(value):
            # "on cherche surtout à recruter": a need no scheme names; said so, then the
            # schemes open to them, rather than "not understood"
            dispatcher.utter_message(text=t("advisor_need_other", language_of(tracker)))
            return self._answer("advisor_need", DONT_KNOW, tracker)
        return self._choice("advisor_need", value, dispatcher, tracker)

    def validate_advisor_check(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value is None or not tracker.get_slot("advisor_asked"):
            return {CHECK: None}  # emptied, or nothing was asked (a forged payload)
        if isinstance(value, bool) or value == DONT_KNOW:
            return self._answer(CHECK, value, tracker)
        return self._not_understood(CHECK, dispatcher, tracker)

    def validate_advisor_change(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value is None or tracker.get_slot(CHANGING) != CHOOSING:
            return {CHANGE: None}
        if value in change_choices(tracker, load_programmes()):
            return self._answer(CHANGE, value, tracker)
        return self._not_understood(CHANGE, dispatcher, tracker)  # twice: nothing changed

    def validate_advisor_town(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return {"advisor_town": value if stored_town(value) is not None else None}

    def validate_advisor_priority(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return {"advisor_priority": value if value in (*NEEDS, VISA) else None}

    def validate_advisor_answers(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        clean = {key: answer for key, answer in (value or {}).items()
                 if isinstance(key, str) and (isinstance(answer, bool) or answer == DONT_KNOW)}
        return {"advisor_answers": clean or None}


def _restated(tracker: Tracker) -> list[dict[str, Any]]:
    """An answered slot restated: the form goes on, no "not understood" (none answered: [])."""
    kept = next((slot for slot in KEPT_SLOTS if tracker.get_slot(slot) is not None), None)
    return [SlotSet(kept, tracker.get_slot(kept))] if kept else []


def _restarts(tracker: Tracker) -> bool:
    """The "change my answers" button, or the words right after the answer."""
    message = tracker.latest_message or {}
    return entity_value(message, "advisor") == RESTART \
        or (message.get("intent") or {}).get("name") == "edit_candidacy"


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
