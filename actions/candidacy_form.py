"""The candidacy form: which questions, how an answer is read, and why one is refused.

Only the requested question is ever filled from a message, and a message that is a question
about the schemes (or "cancel", "later", "a person please") fills nothing: the form then
rejects, the interruption rules answer it, and the form asks its question again.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.candidacy_common import (
    ANSWER_SLOTS,
    NETWORK,
    OPTIONAL,
    SCHEME_SLOTS,
    SKIP,
    SKIPPED,
    button,
    candidacy_name,
    consent_time,
    contact_line,
    load_programme,
    scheme_questions,
)
from actions.common import contact_email, language_of
from actions.texts import t
from bot.candidacy.validation import (
    Checked,
    check_email,
    check_founding_date,
    check_name,
    check_phone,
    check_siren,
    check_stage,
    check_text,
    check_town,
    check_yes_no,
)
from bot.db.candidacies import open_candidacy
from bot.db.queries import list_programmes, localized, utcnow
from bot.db.session import session_scope

QUESTION_INTENTS = {
    "ask_programme_info", "ask_eligibility", "ask_funding", "ask_deadline",
    "ask_application_process", "list_programmes", "ask_events", "ask_contact",
    "ask_about_network", "ask_capabilities", "bot_challenge",
}
CONTROL_INTENTS = {"cancel", "continue_later", "goodbye", "request_human", "edit_candidacy"}
QUESTION_WORDS = re.compile(
    r"^(c'est quoi|quel|quelle|quels|quelles|quand|combien|comment|pourquoi|qui|ou|où|"
    r"est-ce|what|when|how|which|who|where|why|is|are|can|could|do|does)\b", re.IGNORECASE)
NETWORK_WORDS = re.compile(r"r[ée]seau|network|rejoindre|join|adh[ée]rer|membre|member",
                           re.IGNORECASE)
MIN_PITCH, MIN_EXPECTATIONS = 20, 10


def looks_like_question(text: str) -> bool:
    return "?" in text or bool(QUESTION_WORDS.match(text.strip()))


def is_interruption(message: dict[str, Any]) -> bool:
    """A message that is not an answer to the form's question."""
    text = message.get("text") or ""
    intent = message.get("intent") or {}
    name, confidence = intent.get("name"), intent.get("confidence") or 0.0
    if text.startswith("/"):  # a button
        return name in QUESTION_INTENTS | CONTROL_INTENTS
    if name in CONTROL_INTENTS:
        return confidence >= 0.6 and len(text.split()) <= 8
    return name in QUESTION_INTENTS and confidence >= 0.5 and looks_like_question(text)


def _entity(message: dict[str, Any], *names: str) -> str | None:
    for entity in message.get("entities") or []:
        if entity.get("entity") in names and entity.get("value"):
            return str(entity["value"])
    return None


def _is_yes_no(slot: str, programme_key: str | None) -> bool:
    if slot == "candidacy_consent":
        return True
    if slot in SCHEME_SLOTS:
        questions = scheme_questions(load_programme(programme_key))
        index = SCHEME_SLOTS.index(slot)
        return index < len(questions) and questions[index]["kind"] == "yes_no"
    return False


def read_answer(slot: str, message: dict[str, Any], programme_key: str | None) -> Any:
    """What the message says for `slot` (not yet checked), or None if it does not answer."""
    if is_interruption(message):
        return None
    text = (message.get("text") or "").strip()
    intent = (message.get("intent") or {}).get("name")
    if slot == "candidacy_programme":
        chosen = _entity(message, "candidacy_programme", "programme")
        return chosen or (NETWORK if NETWORK_WORDS.search(text) else text)
    if _is_yes_no(slot, programme_key):
        return {"affirm": True, "deny": False}.get(intent, text)
    if intent == "skip" or (intent == "deny" and slot in OPTIONAL):
        return SKIP
    return text


class ValidateCandidacyForm(FormValidationAction):
    """One validate_<slot> per question; two failures in a row offer a way out."""

    def name(self) -> str:
        return "validate_candidacy_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        if tracker.get_slot("candidacy_halted"):
            return []  # the form ends without a summary (no consent, or a duplicate)
        asked = len(scheme_questions(load_programme(tracker.get_slot("candidacy_programme"))))
        return [slot for slot in domain_slots
                if slot not in SCHEME_SLOTS or SCHEME_SLOTS.index(slot) < asked]

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        requested = tracker.get_slot("requested_slot")
        if requested is None:  # activation: the scheme may come with "I want to apply to X"
            if (message.get("intent") or {}).get("name") != "apply":
                return []
            chosen = _entity(message, "candidacy_programme", "programme")
            if not chosen and NETWORK_WORDS.search(message.get("text") or ""):
                chosen = NETWORK  # "I want to join the Normandy French Tech"
            return [SlotSet("candidacy_programme", chosen)] if chosen else []
        value = read_answer(requested, message, tracker.get_slot("candidacy_programme"))
        return [] if value is None else [SlotSet(requested, value)]

    # --- shared by the validators -------------------------------------------------------------
    def _ok(self, slot: str, value: Any, tracker: Tracker, **more: Any) -> dict[str, Any]:
        failures = dict(tracker.get_slot("candidacy_failures") or {})
        failures.pop(slot, None)
        return {slot: value, "candidacy_failures": failures or None, **more}

    def _fail(self, slot: str, reason: str, dispatcher: CollectingDispatcher, tracker: Tracker,
              expected: str | None = None, **values: Any) -> dict[str, Any]:
        """Say why; on the second failure in a row, say what is expected and offer a way out."""
        language = language_of(tracker)
        failures = dict(tracker.get_slot("candidacy_failures") or {})
        failures[slot] = failures.get(slot, 0) + 1
        dispatcher.utter_message(text=t(f"invalid_{reason}", language, **values))
        if failures[slot] >= 2:
            buttons = [button(t("button_skip", language), "/skip")] if slot in OPTIONAL else []
            buttons += [button(t("button_later", language), "/continue_later"),
                        button(t("button_human", language), "/request_human")]
            dispatcher.utter_message(response="utter_candidacy_stuck", buttons=buttons,
                                     expected=t(expected or f"expected_{slot}", language))
        return {slot: None, "candidacy_failures": failures}

    def _checked(self, slot: str, checked: Checked, dispatcher: CollectingDispatcher,
                 tracker: Tracker, expected: str | None = None) -> dict[str, Any]:
        if checked.ok:
            return self._ok(slot, checked.value, tracker)
        return self._fail(slot, checked.error, dispatcher, tracker, expected)

    def _optional(self, slot: str, value: Any, check: Any, dispatcher: CollectingDispatcher,
                  tracker: Tracker) -> dict[str, Any]:
        if value in (SKIP, SKIPPED):
            return self._ok(slot, SKIPPED, tracker)
        return self._checked(slot, check(str(value)), dispatcher, tracker)

    def _required(self, slot: str, value: Any, check: Any, dispatcher: CollectingDispatcher,
                  tracker: Tracker, expected: str | None = None) -> dict[str, Any]:
        if value == SKIP:
            return self._fail(slot, "required", dispatcher, tracker, expected)
        return self._checked(slot, check(str(value)), dispatcher, tracker, expected)

    # --- one validator per question -----------------------------------------------------------
    def validate_candidacy_programme(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        slot, language = "candidacy_programme", language_of(tracker)
        programme = load_programme(value)
        if value != NETWORK and (programme is None or programme.candidacy is None):
            if programme is not None:  # a real scheme, but not one the chat takes
                dispatcher.utter_message(response="utter_candidacy_programme_closed",
                                         name=localized(programme.name, language),
                                         contact=contact_line(programme, language))
                return {slot: None}
            return self._fail(slot, "programme_unknown", dispatcher, tracker)
        key = None if value == NETWORK else value
        with session_scope() as session:
            existing = open_candidacy(session, tracker.sender_id, key)
            reference = existing.reference if existing else None
        name = candidacy_name(value, language)
        if reference:
            dispatcher.utter_message(response="utter_candidacy_duplicate", name=name,
                                     reference=reference)
            return {slot: None, "candidacy_halted": "duplicate"}
        opening = self._opening(tracker)
        if opening:
            dispatcher.utter_message(response=opening, name=name)
        more = {"programme": key} if key else {}
        return self._ok(slot, value, tracker, **more)

    @staticmethod
    def _opening(tracker: Tracker) -> str | None:
        """"Let's start" for a new candidacy, "let's pick up" for one the user comes back to."""
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        if intent == "edit_candidacy":
            return None  # the summary comes back as soon as the edited answer is given
        answered = any(tracker.get_slot(slot) is not None
                       for slot in ("candidacy_consent", *ANSWER_SLOTS[1:]))
        fresh = (tracker.get_slot("requested_slot") == "candidacy_programme"
                 or (intent == "apply" and (_entity(message, "candidacy_programme", "programme")
                                            or NETWORK_WORDS.search(message.get("text") or ""))))
        return "utter_candidacy_start" if fresh and not answered else "utter_candidacy_resume"

    def validate_candidacy_consent(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        slot = "candidacy_consent"
        if isinstance(value, str) and consent_time(value):
            return {slot: value}  # given earlier (the form is resuming)
        if isinstance(value, str):
            checked = check_yes_no(value)
            if not checked.ok:
                return self._fail(slot, "yes_no", dispatcher, tracker, "expected_yes_no")
            value = checked.value
        if value:  # recorded with its time, which the candidacy keeps
            return self._ok(slot, utcnow().isoformat(), tracker)
        dispatcher.utter_message(response="utter_candidacy_no_consent", email=contact_email())
        return {slot: None, "candidacy_halted": "no_consent"}

    def validate_applicant_name(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._required("applicant_name", value, check_name, dispatcher, tracker)

    def validate_applicant_email(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._required("applicant_email", value, check_email, dispatcher, tracker)

    def validate_applicant_phone(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._optional("applicant_phone", value, check_phone, dispatcher, tracker)

    def validate_company_name(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._required("company_name", value, check_text, dispatcher, tracker,
                              "expected_text")

    def validate_company_siren(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._optional("company_siren", value, check_siren, dispatcher, tracker)

    def validate_company_town(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if isinstance(value, list):  # already read: [town, postcode]
            return {"company_town": value}
        result = self._required("company_town", value, check_town, dispatcher, tracker)
        town = result["company_town"]
        if town is not None:
            result["company_town"] = list(town)
        return result

    def validate_company_stage(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._required("company_stage", value, check_stage, dispatcher, tracker)

    def validate_company_founded_on(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        slot = "company_founded_on"
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return {slot: value}  # already read
        result = self._required(slot, value, check_founding_date, dispatcher, tracker)
        founded = result[slot]
        if founded is None:
            return result
        if tracker.get_slot("company_stage") in ("young", "established") and founded > date.today():
            return self._fail(slot, "date_future_company", dispatcher, tracker)
        result[slot] = founded.isoformat()
        return result

    def _scheme_answer(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                       tracker: Tracker) -> dict[str, Any]:
        if isinstance(value, bool):
            return self._ok(slot, value, tracker)
        if _is_yes_no(slot, tracker.get_slot("candidacy_programme")):
            checked = check_yes_no(str(value))
            return self._checked(slot, checked, dispatcher, tracker, "expected_yes_no")
        return self._required(slot, value, check_text, dispatcher, tracker, "expected_text")

    def validate_scheme_answer_1(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._scheme_answer("scheme_answer_1", value, dispatcher, tracker)

    def validate_scheme_answer_2(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._scheme_answer("scheme_answer_2", value, dispatcher, tracker)

    def validate_scheme_answer_3(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._scheme_answer("scheme_answer_3", value, dispatcher, tracker)

    def validate_candidacy_pitch(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        checked = check_text(str(value), MIN_PITCH) if value != SKIP else Checked(None, "required")
        if checked.ok:
            return self._ok("candidacy_pitch", checked.value, tracker)
        return self._fail("candidacy_pitch", checked.error, dispatcher, tracker,
                          "expected_text", minimum=MIN_PITCH)

    def validate_candidacy_expectations(self, value: Any, dispatcher: CollectingDispatcher,
                                        tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        slot = "candidacy_expectations"
        checked = (check_text(str(value), MIN_EXPECTATIONS) if value != SKIP
                   else Checked(None, "required"))
        if checked.ok:
            return self._ok(slot, checked.value, tracker)
        return self._fail(slot, checked.error, dispatcher, tracker, "expected_text",
                          minimum=MIN_EXPECTATIONS)


class ActionAskCandidacyProgramme(Action):
    """The schemes that take candidacies in the chat, and joining the network."""

    def name(self) -> str:
        return "action_ask_candidacy_programme"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        with session_scope() as session:
            buttons = [button(localized(p.name, language),
                              f'/apply{{"candidacy_programme":"{p.key}"}}')
                       for p in list_programmes(session) if p.candidacy is not None]
        buttons.append(button(t("button_network", language),
                              f'/apply{{"candidacy_programme":"{NETWORK}"}}'))
        dispatcher.utter_message(response="utter_candidacy_which_programme", buttons=buttons)
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

