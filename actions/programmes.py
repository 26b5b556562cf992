"""Answers about one programme, or the list of them, from the database."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advisor_answer import recommend_for_need, why_not
from actions.common import (
    ask_which_programme,
    contact_email,
    language_of,
    latest_entity,
    long_date,
    programme_facts,
    programme_slot,
    remember_question,
)
from actions.eligibility import eligibility_verdict
from actions.knowledge import ASPECT_QUESTION, follow_up_aspect, user_text
from actions.knowledge_context import (
    FOLLOW_UP_ACTIONS,
    NETWORK_QUESTION,
    answer_in_context,
    network_fact,
)
from actions.network import ActionContact
from actions.question_parts import other_questions
from actions.store import session_scope
from actions.texts import t
from bot.advisor.reading import read
from bot.db import catalogue
from bot.db.models import Programme
from bot.db.queries import localized
from bot.knowledge import wishes

MAX_NAMED = 3  # schemes answered at once when a message names several
NEEDS_ASKED = {"ask_funding": "funding"}  # a question about money is a need for it
SURE = 0.9  # a scheme's question the classifier is this sure of is asked of the scheme in context


class ProgrammeAction(Action, ABC):
    """Finds the programme (entity, else the conversation's slot, else asks) then answers;
    a message naming several schemes gets the answer for each, one asking several questions
    of a scheme each answer. The question is remembered (`last_question`): a follow-up naming
    only another scheme ("et pour la bourse ?") gets it answered (ActionFollowUp)."""

    intent = ""

    @abstractmethod
    def answer(self, dispatcher: CollectingDispatcher, programme: Programme, language: str) -> None:
        """Utter the answer about `programme`."""

    question = ""  # the message answered ("mon pote est marocain, il peut ?")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        self.question = user_text(tracker)
        key = programme_slot(tracker)
        remembered = remember_question(tracker, self.intent)
        named = list(dict.fromkeys(v for v in tracker.get_latest_entity_values("programme")
                                   if isinstance(v, str)))
        if len(named) == 1 and (said := why_not(dispatcher, tracker)) is not None:
            return remembered + said  # "pourquoi pas le pass ?" after the advice
        if not named:  # "et pour le financement ?" after the advice; not "et ça donne cb ?"
            # after a scheme's description (its amount, not a need)
            need = read(user_text(tracker)).need or (None if key else NEEDS_ASKED.get(
                self.intent))
            said = recommend_for_need(dispatcher, tracker, need)
            last = str(tracker.get_slot("last_question"))  # after a fact, the overview:
            sure = key and ((tracker.latest_message or {}).get("intent") or {}).get(
                "confidence", 0.0) >= SURE  # "combien on touche ?" after the Ticket: its own
            if said is None and not sure and (last.startswith(ASPECT_QUESTION)
                                              or last == NETWORK_QUESTION):
                said = answer_in_context(dispatcher, tracker, delegate=False)  # "members?"
            if said is not None:
                return remembered + said
        if len(named) > 1:  # "la différence entre la bourse et le pass": each one answered
            with session_scope() as session:
                found = [p for k in named[:MAX_NAMED]
                         if (p := catalogue.programme(session, k)) is not None]
                for programme in found:
                    self.answer(dispatcher, programme, language)
            if found:
                return remembered
        with session_scope() as session:
            programme = catalogue.programme(session, key)
            if programme is None:
                if key:
                    dispatcher.utter_message(response="utter_programme_unknown")
                elif (said := network_fact(dispatcher, tracker)) is not None:
                    return remembered + said  # "le montant du fonds de la French Tech ?"
                ask_which_programme(dispatcher, self.intent, catalogue.programmes(session),
                                    language)
                return remembered + ([SlotSet("programme", None)] if key else [])
            self.answer(dispatcher, programme, language)
            for other in other_questions(tracker, self.intent):  # "…? and is it open to…?"
                QUESTIONS[other]().answer(dispatcher, programme, language)
        moved = key != tracker.get_slot("programme")  # "and the first one?": now the subject
        return remembered + ([SlotSet("programme", key)] if moved else [])


def _or_empty(texts: dict | None, language: str) -> str:
    return localized(texts, language) or ""


class ActionProgrammeInfo(ProgrammeAction):
    intent = "ask_programme_info"

    def name(self) -> str:
        return "action_programme_info"

    def answer(self, dispatcher: CollectingDispatcher, programme: Programme, language: str) -> None:
        dispatcher.utter_message(
            response="utter_programme_info",
            summary=localized(programme.summary, language),
            offer=_or_empty(programme.offer, language),
            **programme_facts(programme, language),
        )


class ActionEligibility(ProgrammeAction):
    intent = "ask_eligibility"

    def name(self) -> str:
        return "action_eligibility"

    def answer(self, dispatcher: CollectingDispatcher, programme: Programme, language: str) -> None:
        facts = programme_facts(programme, language)
        summary = localized(programme.eligibility_summary, language)
        if not summary and not programme.rules:
            dispatcher.utter_message(response="utter_eligibility_unknown", **facts)
            return
        # the conditions as a list: a ✓ would say the person meets them (the advisor's job)
        rules = "\n".join(f"• {localized(rule.text, language)}" for rule in programme.rules)
        verdict = eligibility_verdict(programme, self.question)
        if verdict:  # "I'm French, can I get the Ticket?": "No, from what you say." first
            summary = f"{t('eligibility_' + verdict, language)} {summary or ''}".strip()
        dispatcher.utter_message(
            response="utter_eligibility", eligibility=summary or "", rules=rules, **facts
        )


class ActionFunding(ProgrammeAction):
    intent = "ask_funding"

    def name(self) -> str:
        return "action_funding"

    def answer(self, dispatcher: CollectingDispatcher, programme: Programme, language: str) -> None:
        facts = programme_facts(programme, language)
        funding = localized(programme.funding, language)
        if programme.funding_amount_eur:
            amount = f"{programme.funding_amount_eur:,} €".replace(",", "\u202f")
            funding = f"{amount}. {funding}" if funding else amount
        if not funding:
            dispatcher.utter_message(response="utter_funding_unknown", **facts)
            return
        if programme.funding_amount_eur:
            dispatcher.utter_message(response="utter_funding", funding=funding, **facts)
        else:  # the source gives no amount: who can tell
            dispatcher.utter_message(response="utter_funding_no_amount", funding=funding,
                                     email=contact_email(), **facts)


class ActionDeadline(ProgrammeAction):
    intent = "ask_deadline"

    def name(self) -> str:
        return "action_deadline"

    def answer(self, dispatcher: CollectingDispatcher, programme: Programme, language: str) -> None:
        facts = programme_facts(programme, language)
        lines = [
            " – ".join(
                part
                for part in (
                    f"• {localized(call.title, language)}",
                    long_date(call.opens_at.date(), language) if call.opens_at else "",
                    long_date(call.closes_at.date(), language) if call.closes_at else "",
                )
                if part
            )
            for call in programme.calls
        ]
        note = localized(programme.deadline_note, language)
        if note:
            lines.append(note)
        if not lines:
            dispatcher.utter_message(response="utter_deadline_unknown", **facts)
            return
        dispatcher.utter_message(response="utter_deadline", calls="\n".join(lines), **facts)


class ActionApplicationProcess(ProgrammeAction):
    intent = "ask_application_process"

    def name(self) -> str:
        return "action_application_process"

    def answer(self, dispatcher: CollectingDispatcher, programme: Programme, language: str) -> None:
        facts = programme_facts(programme, language)
        how = localized(programme.how_to_apply, language)
        if not how:
            dispatcher.utter_message(response="utter_application_process_unknown", **facts)
        else:
            documents = localized(programme.documents, language) or ""
            dispatcher.utter_message(response="utter_application_process", how_to_apply=how,
                                     documents=documents, **facts)
        if programme.candidacy is not None:  # the chat takes it: say so, one button away
            name = localized(programme.name, language)
            payload = f'/apply{{"candidacy_programme":"{programme.key}"}}'
            dispatcher.utter_message(text=t("apply_here", language, name=name), buttons=[
                {"title": t("button_apply_to", language, name=name), "payload": payload}])


class ActionFollowUp(Action):
    """"Et pour la bourse ?": the conversation's last question, about the scheme now named
    (the programme slot, filled from the message); no question yet: what the scheme is. One
    naming no scheme ("et pour les étudiants ?"): the last answer again would look like a bot
    stuck in a loop, so it asks what to tell about the scheme discussed, each a button."""

    def name(self) -> str:
        return "action_follow_up"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        key = programme_slot(tracker)
        if not key and latest_entity(tracker, "programme") is None \
                and (said := answer_in_context(dispatcher, tracker)) is not None:
            return said  # "and the fund?" after the attractiveness platform's budget
        if key and latest_entity(tracker, "programme") is None:
            language = language_of(tracker)
            with session_scope() as session:
                programme = catalogue.programme(session, key)
                name = localized(programme.name, language) if programme else None
            if name is not None:
                dispatcher.utter_message(response="utter_follow_up_which_question", name=name,
                                         buttons=question_buttons(key, language))
                return []
        question, text = tracker.get_slot("last_question"), user_text(tracker)
        if isinstance(question, str) and question.startswith(ASPECT_QUESTION) \
                and not wishes.asks_existence(text):  # "et y a un accélérateur aussi ?": it
            said = follow_up_aspect(dispatcher, tracker, question[len(ASPECT_QUESTION):])
            if said is not None:
                return said
        if wishes.asks_existence(text):
            question = ActionProgrammeInfo.intent
        elif wishes.asks_fit(text):  # "et le pass, ça marche pour nous ?"
            question = ActionEligibility.intent
        action = QUESTIONS.get(question, ActionProgrammeInfo)()
        return action.run(dispatcher, tracker, domain)


QUESTIONS: dict[str, type[Action]] = {
    **{action.intent: action
       for action in (ActionProgrammeInfo, ActionEligibility, ActionFunding, ActionDeadline,
                      ActionApplicationProcess)},
    "ask_contact": ActionContact,
}
FOLLOW_UP_ACTIONS.update(QUESTIONS)


def question_buttons(key: str, language: str) -> list[dict[str, Any]]:
    """Every question about one scheme, then a person of the network."""
    buttons = [{"title": t(f"intent_{intent}", language),
                "payload": f'/{intent}{{"programme":"{key}"}}'}
               for intent in QUESTIONS if intent != "ask_contact"]
    buttons.append({"title": t("button_human", language), "payload": "/request_human"})
    return buttons


class ActionCapabilities(Action):
    """What the assistant can do, naming the schemes the database holds today."""

    def name(self) -> str:
        return "action_capabilities"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        with session_scope() as session:
            names = [localized(p.name, language) for p in catalogue.programmes(session)]
        dispatcher.utter_message(response="utter_capabilities", programmes=", ".join(names))
        return []


class ActionListProgrammes(Action):
    def name(self) -> str:
        return "action_list_programmes"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        with session_scope() as session:
            programmes = catalogue.programmes(session)
        lines = [
            f"• {localized(p.name, language)} — {_first_sentence(localized(p.summary, language))}"
            for p in programmes
        ]
        buttons: list[dict[str, Any]] = [
            {
                "title": localized(p.name, language),
                "payload": f'/ask_programme_info{{"programme":"{p.key}"}}',
            }
            for p in programmes
        ]
        buttons.append({"title": t("button_which_for_me", language), "payload": "/find_programme"})
        dispatcher.utter_message(
            response="utter_programme_list", programmes="\n".join(lines), buttons=buttons
        )
        return []


def _first_sentence(text: str | None) -> str:
    if not text:
        return ""
    head = text.split(". ")[0].split(" : ")[0]
    return head.rstrip(".") + "."
