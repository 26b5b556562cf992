"""The candidacy form's validation: one `validate_<slot>` per question, and why one is refused.

A message that is not the answer is heard first (`actions.candidacy_hear`: a question, a
hesitation, a correction answered here; an interruption fills nothing, the rules answer it),
then the same step is asked again. An answer ("probably Rouen" too) is read by
`actions.candidacy_answers`; a date in relative words is confirmed first (`candidacy_dates`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.advisor_answer import candidacy_prefill
from actions.candidacy_answers import (
    MIN_EXPECTATIONS,
    MIN_PITCH,
    NETWORK_WORDS,
    entity_value,
    is_yes_no,
    read_answer,
)
from actions.candidacy_common import (
    ANSWER_SLOTS,
    DECLINED,
    NETWORK,
    OPTIONAL,
    SCHEME_SLOTS,
    SKIP,
    SKIPPED,
    button,
    candidacy_name,
    consent_slot,
    consent_time,
    contact_line,
    founding_date,
    founding_slot,
    known_lines,
    load_programme,
    scheme_questions,
    stored_town,
)
from actions.candidacy_dates import Reading, confirmed_date, read_relative, written_precision
from actions.candidacy_within import listen
from actions.common import contact_email, language_of
from actions.store import session_scope
from actions.texts import t
from bot.candidacy.validation import (
    Checked,
    check_company,
    check_email,
    check_founding_date,
    check_name,
    check_phone,
    check_siren,
    check_stage,
    check_text,
    check_town,
    check_yes_no,
    founding_date_possible,
)
from bot.db.candidacies import open_candidacy
from bot.db.queries import localized, utcnow


def _typed(value: Any) -> str:  # any other value (a forged payload's entity) reads as nothing
    return value if isinstance(value, str) else ""


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

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        """A message that is not the answer is heard first (`actions.candidacy_hear`); an
        answer said inside a sentence is taken out of it (`actions.candidacy_within`)."""
        tracker, said, heard = listen(  # said: a question answered beside the answer
            dispatcher, tracker, tracker.get_slot("requested_slot"), lambda slot, value: getattr(
                self, f"validate_{slot}")(value, dispatcher, tracker, domain))
        return [*said, *(await super().run(dispatcher, tracker, domain) if heard is None
                         else heard)]

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        requested = tracker.get_slot("requested_slot")
        if requested is None:  # activation: the scheme may come with "I want to apply to X"
            if (message.get("intent") or {}).get("name") != "apply":
                return []
            chosen = entity_value(message, "candidacy_programme", "programme")
            if not chosen and NETWORK_WORDS.search(message.get("text") or ""):
                chosen = NETWORK  # "I want to join the Normandy French Tech"
            return [SlotSet("candidacy_programme", chosen)] if chosen else []
        proposed = tracker.get_slot("candidacy_proposed")
        intent = (message.get("intent") or {}).get("name")
        if (requested == "candidacy_programme" and proposed not in (None, DECLINED)
                and intent in ("affirm", "deny")  # the answer to "Applying for: X?"
                and not entity_value(message, "candidacy_programme", "programme")):
            return [SlotSet(requested, proposed if intent == "affirm" else DECLINED)]
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
        return self._checked(slot, check(_typed(value)), dispatcher, tracker)

    def _required(self, slot: str, value: Any, check: Any, dispatcher: CollectingDispatcher,
                  tracker: Tracker, expected: str | None = None) -> dict[str, Any]:
        if value == SKIP:
            return self._fail(slot, "required", dispatcher, tracker, expected)
        return self._checked(slot, check(_typed(value)), dispatcher, tracker, expected)

    # --- one validator per question -----------------------------------------------------------
    def validate_candidacy_programme(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        slot, language = "candidacy_programme", language_of(tracker)
        if value == DECLINED:  # "another scheme" than the one proposed: the list comes next
            return {slot: None, "candidacy_proposed": DECLINED}
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
        more: dict[str, Any] = {"programme": key} if key else {}
        known = candidacy_prefill(tracker, programme)
        if known:  # what the advisor already knows is not asked again
            dispatcher.utter_message(response="utter_candidacy_prefilled",
                                     answers=known_lines(known, programme, language))
        return self._ok(slot, value, tracker, **more, **known)

    @staticmethod
    def _opening(tracker: Tracker) -> str | None:
        """"Let's start" for a new candidacy, "let's pick up" for one the user comes back to."""
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        if intent == "edit_candidacy":
            return None  # the summary comes back as soon as the edited answer is given
        answered = any(tracker.get_slot(slot) is not None
                       for slot in ("candidacy_consent", *ANSWER_SLOTS[1:]))
        named = (entity_value(message, "candidacy_programme", "programme")
                 or NETWORK_WORDS.search(message.get("text") or ""))
        fresh = (tracker.get_slot("requested_slot") == "candidacy_programme"
                 or (intent == "apply" and named))
        return "utter_candidacy_start" if fresh and not answered else "utter_candidacy_resume"

    def validate_candidacy_consent(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        slot = "candidacy_consent"
        if consent_time(value) is not None:
            return {slot: value}  # given earlier, stored in the form's own shape
        if isinstance(value, str):  # words: only an explicit yes or no
            checked = check_yes_no(value)
            value = checked.value if checked.ok else None
        if not isinstance(value, bool):
            return self._fail(slot, "yes_no", dispatcher, tracker, "expected_yes_no")
        if value:  # recorded with its time, which the candidacy keeps
            return self._ok(slot, consent_slot(utcnow()), tracker)
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
        return self._required("company_name", value, check_company, dispatcher, tracker,
                              "expected_text")

    def validate_company_siren(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._optional("company_siren", value, check_siren, dispatcher, tracker)

    def validate_company_town(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if stored_town(value) is not None:  # already read: [town, postcode], checked again
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
        founded = founding_date(value)  # already read and stored: checked again
        precision = (value.get if isinstance(value, dict) else {}.get)("precision", "day")
        pending = confirmed_date(tracker.get_slot("candidacy_pending"), value)
        if pending is not None:  # the answer to "2025, is that right?"
            if pending is False:  # no: the question again
                return {slot: None, "candidacy_pending": None}
            founded = pending
            precision = Reading.of(tracker.get_slot("candidacy_pending")).precision
        stage = tracker.get_slot("company_stage")
        reading = read_relative(_typed(value), future=stage in ("idea", "creation"))
        if founded is None and reading is not None and founding_date_possible(reading.day):
            return {slot: None, "candidacy_pending": reading.slot()}  # to be confirmed
        if founded is None:
            result = self._required(slot, value, check_founding_date, dispatcher, tracker)
            founded, precision = result[slot], written_precision(_typed(value))
            if founded is None:
                return {**result, "candidacy_pending": None}
        if stage in ("young", "established") and founded > date.today():
            return {**self._fail(slot, "date_future_company", dispatcher, tracker),
                    "candidacy_pending": None}
        return self._ok(slot, founding_slot(founded, precision), tracker,
                        candidacy_pending=None)

    def _scheme_answer(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                       tracker: Tracker) -> dict[str, Any]:
        if isinstance(value, bool):
            return self._ok(slot, value, tracker)
        if is_yes_no(slot, tracker.get_slot("candidacy_programme")):
            checked = check_yes_no(_typed(value))
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

    def _text(self, slot: str, value: Any, minimum: int, dispatcher: CollectingDispatcher,
              tracker: Tracker) -> dict[str, Any]:
        checked = (check_text(_typed(value), minimum) if value != SKIP
                   else Checked(None, "required"))
        if checked.ok:
            return self._ok(slot, checked.value, tracker)
        return self._fail(slot, checked.error, dispatcher, tracker, "expected_text",
                          minimum=minimum)

    def validate_candidacy_pitch(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._text("candidacy_pitch", value, MIN_PITCH, dispatcher, tracker)

    def validate_candidacy_expectations(self, value: Any, dispatcher: CollectingDispatcher,
                                        tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._text("candidacy_expectations", value, MIN_EXPECTATIONS, dispatcher,
                          tracker)
