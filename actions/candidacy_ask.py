"""The candidacy form's questions that depend on the database: which scheme, and the
questions a scheme's record adds."""

from __future__ import annotations

from abc import ABC, abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.candidacy_common import (
    DECLINED,
    NETWORK,
    SCHEME_SLOTS,
    SKIPPED,
    button,
    load_programme,
    scheme_questions,
)
from actions.candidacy_dates import Reading
from actions.common import language_of
from actions.store import session_scope
from actions.texts import t
from bot.db import catalogue
from bot.db.queries import localized


class ActionAskCandidacyProgramme(Action):
    """The scheme the conversation was about, proposed first (yes / another scheme); else,
    or once declined, the schemes that take candidacies in the chat and joining the network."""

    def name(self) -> str:
        return "action_ask_candidacy_programme"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        proposed = tracker.get_slot("candidacy_proposed")
        # Asked again (after a question, "later"...): the scheme proposed first, once more.
        discussed = tracker.get_slot("programme") if proposed is None else proposed
        if discussed not in (None, DECLINED):
            programme = load_programme(discussed)
            if programme is not None and programme.candidacy is not None:
                dispatcher.utter_message(response="utter_candidacy_propose_programme",
                                         name=localized(programme.name, language))
                return [SlotSet("candidacy_proposed", programme.key)]
        with session_scope() as session:
            buttons = [button(localized(p.name, language),
                              f'/apply{{"candidacy_programme":"{p.key}"}}')
                       for p in catalogue.programmes(session) if p.candidacy is not None]
        buttons.append(button(t("button_network", language),
                              f'/apply{{"candidacy_programme":"{NETWORK}"}}'))
        dispatcher.utter_message(response="utter_candidacy_which_programme", buttons=buttons)
        return [] if tracker.get_slot("candidacy_proposed") else [SlotSet("candidacy_proposed",
                                                                          DECLINED)]


class ActionAskCompanyFoundedOn(Action):
    """The founding date; once read from relative words ("l'an dernier"), whether that is
    the date meant ("2025, is that right?")."""

    def name(self) -> str:
        return "action_ask_company_founded_on"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        reading = Reading.of(tracker.get_slot("candidacy_pending"))
        if reading is None:
            dispatcher.utter_message(response="utter_ask_company_founded_on")
            return []
        dispatcher.utter_message(
            text=t("date_confirm", language, when=reading.shown(language)),
            buttons=[button(t("value_yes", language).capitalize(), "/affirm"),
                     button(t("value_no", language).capitalize(), "/deny")])
        return []


class _AskSchemeAnswer(Action, ABC):
    """A question the scheme's record adds (e.g. the French Tech Ticket: from abroad?)."""

    @property
    @abstractmethod
    def index(self) -> int:
        """Which of the scheme's questions (0-based)."""

    def name(self) -> str:
        return f"action_ask_scheme_answer_{self.index + 1}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        questions = scheme_questions(load_programme(tracker.get_slot("candidacy_programme")))
        if self.index >= len(questions):  # the scheme changed meanwhile: nothing to ask
            return [SlotSet(SCHEME_SLOTS[self.index], SKIPPED)]
        question = questions[self.index]
        buttons = ([button(t("value_yes", language).capitalize(), "/affirm"),
                    button(t("value_no", language).capitalize(), "/deny")]
                   if question["kind"] == "yes_no" else [])
        dispatcher.utter_message(text=localized(question["text"], language), buttons=buttons)
        return []


class ActionAskSchemeAnswer1(_AskSchemeAnswer):
    index = 0


class ActionAskSchemeAnswer2(_AskSchemeAnswer):
    index = 1


class ActionAskSchemeAnswer3(_AskSchemeAnswer):
    index = 2
