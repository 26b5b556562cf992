""""Modifier mes réponses" after the advisor's answer: which answer (buttons per answer given:
the stage, the place, the needs, each scheme question answered, or all of them), then only that
question, then the recommendation again; as the candidacy's summary changes one answer. And
"et si on était à Caen ?" while a question waits: the place it supposes, from then on.

The answer being changed is in `advisor_changing`: CHOOSING while the person picks one, then
the advisor's question it asks again (`"stage"`, `"region"`, `"need"`, `"answer:<key>"`).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of
from actions.texts import t
from bot.advisor.reading import imagines, read
from bot.advisor.recommend import DONT_KNOW, yes_no_question

CHANGE = "advisor_change"  # the question "which answer?"; its value, the one chosen
ADVICE: list[Any] = []  # the advice's action, registered by actions.advisor_answer (no cycle)
CHANGING = "advisor_changing"
CHOOSING = "choosing"
ALL = "all"
SLOTS = {"stage": "advisor_stage", "region": "advisor_region", "need": "advisor_need"}
# what else an answer takes with it when it is asked again
WITH = {"region": ("advisor_town",), "need": ("advisor_priority",)}
EVERY_SLOT = ("advisor_stage", "advisor_region", "advisor_town", "advisor_need",
              "advisor_answers", "advisor_check", "advisor_asked", "advisor_failures",
              "advisor_told", "advisor_priority")


def change_choices(tracker: Tracker, programmes: list[Any]) -> list[str]:
    """The answers given, in the order they are asked, then "all"."""
    choices = [topic for topic, slot in SLOTS.items() if tracker.get_slot(slot) is not None]
    answers = tracker.get_slot("advisor_answers") or {}
    choices[2:2] = [f"answer:{key}" for key in answers if yes_no_question(programmes, key)]
    return [*choices, ALL]


def changing_slot(tracker: Tracker) -> str | None:
    """The form's slot asked for the change: "which answer?", then that answer's question."""
    changing = tracker.get_slot(CHANGING)
    if changing == CHOOSING:
        return CHANGE
    if isinstance(changing, str) and changing.startswith("answer:"):
        return "advisor_check"
    return SLOTS.get(changing or "")


def chosen_change(value: str, tracker: Tracker) -> dict[str, Any]:
    """The slots to empty for the answer chosen (every one for "all"; none for "unknown")."""
    if value == ALL:
        return {**dict.fromkeys(EVERY_SLOT), CHANGE: None, CHANGING: None}
    if value == DONT_KNOW or not isinstance(value, str):
        return {CHANGE: None, CHANGING: None}  # not understood twice: nothing changes
    if value.startswith("answer:"):
        answers = dict(tracker.get_slot("advisor_answers") or {})
        answers.pop(value.removeprefix("answer:"), None)
        return {CHANGE: None, CHANGING: value, "advisor_answers": answers or None,
                "advisor_check": None, "advisor_asked": value.removeprefix("answer:")}
    return {CHANGE: None, CHANGING: value, SLOTS[value]: None,
            **dict.fromkeys(WITH.get(value, ()))}


def supposed_place(text: str, requested: str | None, dispatcher: CollectingDispatcher,
                   tracker: Tracker) -> list[dict[str, Any]]:
    """"et si on était à Caen ?", "actually we're in Rouen" while another question waits: the
    place it supposes replaces the one told (the advice will be for it), said so; the question
    waiting is asked again. Nothing when it names no place or supposes nothing."""
    reading = read(text)
    place, answers = reading.place, {"advisor_stage": reading.stage,
                                     "advisor_need": reading.need}
    if place is None or requested == "advisor_region" or answers.get(requested or "") \
            or text.startswith("/") or not imagines(text):
        return []  # an answer to the question waiting: read as one
    language = language_of(tracker)
    region = t(f"advisor_region_{place.region}", language)
    dispatcher.utter_message(text=t("advisor_place_noted", language, place=f"{place.town} "
                                    f"({region})" if place.town else region))
    return [SlotSet("advisor_region", place.region),
            SlotSet("advisor_town", [place.town, place.postcode] if place.town else None)]
