"""The advisor's questions: its own (stage, place, need) with their answers as buttons, a
scheme's yes/no question in the scheme's words, and "which answer?" when changing one; every
one takes "I don't know" (but "which answer?", which offers "all")."""

from __future__ import annotations

from abc import ABC, abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advisor import ALLOWED, CHECK, load_programmes, situation_of
from actions.advisor_answer import needs_text
from actions.advisor_change import ALL, CHANGING, change_choices
from actions.candidacy_common import button
from actions.common import language_of
from actions.texts import t
from bot.advisor.recommend import DONT_KNOW, next_question, yes_no_question
from bot.db.queries import localized


def dont_know_button(language: str) -> dict[str, str]:
    return button(t("button_dont_know", language), f'/find_programme{{"advisor":"{DONT_KNOW}"}}')


def moved_on(tracker: Tracker, slot: str) -> bool:
    """The question was asked, then asked again after a question of the person's, who asked
    something else again and got an answer this turn: they have moved on, so it is not asked
    a third time (the form waits; an answer is still taken). Never a silent turn."""
    asked, events = tracker.get_slot("advisor_asked"), list(reversed(tracker.events))
    latest = next((i for i, e in enumerate(events) if e.get("event") == "user"), None)
    if latest is None or not any(e.get("event") == "bot" for e in events[:latest]):
        return False  # nothing said yet this turn: the question is the answer
    asks = 0
    for event in events[latest:]:
        kind, name, value = event.get("event"), event.get("name"), event.get("value")
        if kind == "active_loop" or kind == "slot" and (
                name == slot and value is not None
                or name == "requested_slot" and value not in (slot, None)
                or name == "advisor_asked" and value != asked or name == "advisor_answers"):
            break  # answered, another question, or the advisor started
        asks += kind == "slot" and name == "requested_slot" and value == slot
    return asks >= 2


class _AskAdvisorChoice(Action, ABC):
    """One of the advisor's own questions, its answers as buttons, "I don't know" last."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot asked."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        if moved_on(tracker, self.slot):
            return []
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
        if moved_on(tracker, CHECK):
            return []
        language = language_of(tracker)
        programmes = load_programmes()
        changing = tracker.get_slot(CHANGING)
        question = (changing if str(changing).startswith("answer:")
                    else next_question(programmes, situation_of(tracker)) or "")
        key = question.removeprefix("answer:")
        asked = yes_no_question(programmes, key) if question.startswith("answer:") else None
        if asked is None:  # the rules changed meanwhile: nothing to ask
            return [SlotSet(CHECK, None)]
        dispatcher.utter_message(text=localized(asked["text"], language), buttons=[
            button(t("value_yes", language).capitalize(), "/affirm"),
            button(t("value_no", language).capitalize(), "/deny"), dont_know_button(language)])
        return [SlotSet("advisor_asked", key)]


def _value(choice: str, tracker: Tracker, language: str) -> str:
    """What the answer is now ("une idée", "Caen", "un financement, un réseau", "oui")."""
    if choice.startswith("answer:"):
        said = (tracker.get_slot("advisor_answers") or {}).get(choice.removeprefix("answer:"))
        return t("value_yes" if said is True else "value_no" if said is False
                 else "advisor_unknown", language)
    if choice == "need":
        return needs_text(situation_of(tracker).needs, language) or t("advisor_unknown",
                                                                      language)
    value = tracker.get_slot(f"advisor_{choice}")
    town = (tracker.get_slot("advisor_town") or [None])[0] if choice == "region" else None
    return town or (t(f"advisor_{choice}_{value}", language) if value != DONT_KNOW
                    else t("advisor_unknown", language))


class ActionAskAdvisorChange(Action):
    """"Which answer do you want to change?": a button per answer given, and "all"."""

    def name(self) -> str:
        return "action_ask_advisor_change"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        programmes = load_programmes()
        buttons = []
        for choice in change_choices(tracker, programmes):
            if choice == ALL:
                title = t("advisor_change_all", language)
            elif choice.startswith("answer:"):
                question = yes_no_question(programmes, choice.removeprefix("answer:")) or {}
                title = t("advisor_change_answer", language,
                          question=localized(question.get("text"), language),
                          value=_value(choice, tracker, language))
            else:
                title = t(f"advisor_change_{choice}", language,
                          value=_value(choice, tracker, language))
            buttons.append(button(title, f'/find_programme{{"advisor":"{choice}"}}'))
        dispatcher.utter_message(text=t("advisor_which_answer", language), buttons=buttons)
        return []
