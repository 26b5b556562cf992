""""Modifier mes réponses" after the advisor's answer: which answer (buttons per answer given:
the stage, the place, the needs, each scheme question answered, or all of them), then only that
question, then the recommendation again; as the candidacy's summary changes one answer.

The answer being changed is in `advisor_changing`: CHOOSING while the person picks one, then
the advisor's question it asks again (`"stage"`, `"region"`, `"need"`, `"answer:<key>"`).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.advisor.recommend import DONT_KNOW, yes_no_question

CHANGE = "advisor_change"  # the question "which answer?"; its value, the one chosen
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
