"""Around the candidacy form: the summary with its pre-check, submission, cancel, pause, edit."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.candidacy_answers import named_field
from actions.candidacy_common import (
    ANSWER_SLOTS,
    DECLINED,
    FORM,
    NETWORK,
    SCHEME_SLOTS,
    SKIPPED,
    button,
    candidacy_name,
    consent_time,
    founding_date,
    founding_shown,
    in_progress,
    load_programme,
    reset_events,
    scheme_questions,
)
from actions.common import NETWORK_NAME, language_of
from actions.store import session_scope
from actions.texts import t
from bot.advisor.places import NORMANDIE, find_place
from bot.candidacy.eligibility import Facts, Unmet, precheck
from bot.candidacy.validation import in_normandy
from bot.db.candidacies import DuplicateCandidacy, submit
from bot.db.models import Programme
from bot.db.queries import get_setting, localized
from bot.staff.announce import announce_candidacy

logger = logging.getLogger(__name__)
EDITABLE = tuple(slot for slot in ANSWER_SLOTS if slot not in SCHEME_SLOTS)


def _answers(tracker: Tracker, programme: Programme | None) -> dict[str, Any]:
    """The scheme's own questions, by their key in the programme's record."""
    questions = scheme_questions(programme)
    pairs = zip(questions, SCHEME_SLOTS, strict=False)
    return {question["key"]: tracker.get_slot(slot) for question, slot in pairs}


def _facts(tracker: Tracker, programme: Programme | None) -> Facts:
    town, postcode = tracker.get_slot("company_town") or (None, None)
    where = in_normandy(postcode)
    if where is None and town:  # no postcode: a town we know ("Rouen", "Lyon") still tells
        place = find_place(town)
        where = None if place is None else place.region == NORMANDIE
    return Facts(stage=tracker.get_slot("company_stage"), in_normandy=where,
                 answers=_answers(tracker, programme))


def _shown(value: Any, language: str) -> str:
    if value is None or value == SKIPPED:
        return t("value_skipped", language)
    if isinstance(value, bool):
        return t("value_yes" if value else "value_no", language)
    return str(value)


def _town_line(tracker: Tracker, language: str) -> str:
    town, postcode = tracker.get_slot("company_town") or ("", None)
    where = in_normandy(postcode)
    place = f"{town} {postcode}" if postcode else town
    if where is None:
        return place
    return f"{place} ({t('in_normandy_yes' if where else 'in_normandy_no', language)})"


def summary_lines(tracker: Tracker, language: str, programme: Programme | None) -> list[str]:
    key = tracker.get_slot("candidacy_programme")
    values: dict[str, str] = {
        "candidacy_programme": candidacy_name(key, language, programme),
        "company_town": _town_line(tracker, language),
        "company_stage": t(f"stage_{tracker.get_slot('company_stage')}", language),
        "company_founded_on": founding_shown(tracker.get_slot("company_founded_on"), language),
    }
    lines = []
    for slot in EDITABLE:
        value = values.get(slot) or _shown(tracker.get_slot(slot), language)
        lines.append(t("line", language, label=t(f"label_{slot}", language), value=value))
        if slot == "company_founded_on":
            for question, scheme_slot in zip(scheme_questions(programme), SCHEME_SLOTS,
                                             strict=False):
                answer = _shown(tracker.get_slot(scheme_slot), language)
                lines.append(f"• {localized(question['text'], language)} {answer}")
    return lines


def warning_lines(unmet: list[Unmet], tracker: Tracker, language: str) -> list[str]:
    town, _postcode = tracker.get_slot("company_town") or ("", None)
    lines = []
    for rule in unmet:
        value = (t(f"stage_{rule.value}", language) if rule.reason == "stage"
                 else _shown(rule.value, language))
        lines.append(t(f"warning_{rule.reason}", language, rule=localized(rule.text, language),
                       value=value, town=town))
    return lines


def complete(tracker: Tracker, programme: Programme | None) -> bool:
    """Every question answered, consent given: what the summary and the submission need."""
    asked = SCHEME_SLOTS[:len(scheme_questions(programme))]
    needed = [s for s in ANSWER_SLOTS if s not in SCHEME_SLOTS] + list(asked)
    return (not tracker.get_slot("candidacy_halted")
            and consent_time(tracker.get_slot("candidacy_consent")) is not None
            and founding_date(tracker.get_slot("company_founded_on")) is not None
            and all(tracker.get_slot(s) is not None for s in needed))


class ActionReviewCandidacy(Action):
    """Once the form ends: the pre-check, then the summary with send / change / cancel."""

    def name(self) -> str:
        return "action_review_candidacy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        if tracker.get_slot("candidacy_halted"):
            # No consent, or a duplicate: already said, nothing kept. The conversation moves
            # on from here, so that a "non" or "annuler" next is not read as an answer to a
            # summary that was never shown (the rules after this action expect one).
            return [*reset_events(), FollowupAction("utter_anything_else")]
        key = tracker.get_slot("candidacy_programme")
        programme = load_programme(key)
        if not complete(tracker, programme):
            return []
        language = language_of(tracker)
        unmet = precheck(programme.rules if programme else [], _facts(tracker, programme))
        choices = _summary_buttons(unmet, language)
        if shown_before(tracker):  # a question at the summary was answered: ask again, briefly
            dispatcher.utter_message(text=t("summary_again", language, programme=candidacy_name(
                key, language, programme)), buttons=choices)
            return []
        if unmet:
            dispatcher.utter_message(response="utter_candidacy_warnings",
                                     name=candidacy_name(key, language, programme),
                                     warnings="\n".join(warning_lines(unmet, tracker, language)))
        dispatcher.utter_message(
            response="utter_candidacy_summary",
            summary="\n".join(summary_lines(tracker, language, programme)), buttons=choices)
        return []


def shown_before(tracker: Tracker) -> bool:
    """The summary was the last thing asked before the person's message (which was then
    answered by another action): this run asks its question again."""
    events = tracker.events
    user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=None)
    if user is None:
        return False
    before = [e.get("name") for e in events[:user] if e.get("event") == "action"
              and e.get("name") not in ("action_listen", "action_extract_slots")]
    return bool(before) and before[-1] == "action_review_candidacy"


def _summary_buttons(unmet: list[Unmet], language: str) -> list[dict[str, str]]:
    send = "button_send_anyway" if unmet else "button_send"
    return [button(t(send, language), "/affirm"),
            button(t("button_edit", language), "/edit_candidacy"),
            button(t("button_cancel", language), "/cancel")]


def candidacy_fields(tracker: Tracker, programme: Programme | None) -> dict[str, Any]:
    """The slots as the candidacies table stores them (skipped answers become empty)."""
    def value(slot: str) -> Any:
        answer = tracker.get_slot(slot)
        return None if answer == SKIPPED else answer

    town, postcode = tracker.get_slot("company_town")
    unmet = precheck(programme.rules if programme else [], _facts(tracker, programme))
    return {
        "full_name": value("applicant_name"), "email": value("applicant_email"),
        "phone": value("applicant_phone"), "company": value("company_name"),
        "siren": value("company_siren"), "town": town, "postcode": postcode,
        "in_normandy": in_normandy(postcode), "stage": value("company_stage"),
        "founded_on": founding_date(value("company_founded_on")),
        "pitch": value("candidacy_pitch"), "expectations": value("candidacy_expectations"),
        "answers": _answers(tracker, programme) or None,
        "eligibility_warnings": [rule.code for rule in unmet] or None,
        "consent_at": consent_time(tracker.get_slot("candidacy_consent")),
    }


class ActionSubmitCandidacy(Action):
    """Store the candidacy once, give its reference, tell the staff."""

    def name(self) -> str:
        return "action_submit_candidacy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        key = tracker.get_slot("candidacy_programme")
        programme = load_programme(key)
        if not complete(tracker, programme):  # e.g. an old "send" button: nothing to send
            dispatcher.utter_message(response="utter_candidacy_nothing_in_progress")
            return []
        programme_key = None if key == NETWORK else key
        fields = candidacy_fields(tracker, programme)
        try:
            with session_scope() as session:
                candidacy = submit(session, chat_id=tracker.sender_id, language=language,
                                   programme_key=programme_key, fields=fields)
                reference = candidacy.reference
                network = get_setting(session, NETWORK_NAME)
                announce_candidacy(session, candidacy)
        except DuplicateCandidacy as duplicate:
            dispatcher.utter_message(response="utter_candidacy_duplicate",
                                     name=candidacy_name(key, language, programme),
                                     reference=duplicate.reference)
            return reset_events()
        dispatcher.utter_message(response="utter_candidacy_submitted", reference=reference,
                                 network=network)
        return reset_events()


class ActionCancelCandidacy(Action):
    def name(self) -> str:
        return "action_cancel_candidacy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(response="utter_candidacy_cancelled")
        return reset_events()


class ActionPauseCandidacy(Action):
    """"Later": the answers stay; "I want to apply" picks the form up where it stopped."""

    def name(self) -> str:
        return "action_pause_candidacy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        started = in_progress(tracker) or tracker.get_slot("candidacy_proposed") not in (
            None, DECLINED)  # "Applying for: X?" asked: picked up there
        dispatcher.utter_message(response="utter_candidacy_paused" if started
                                 else "utter_candidacy_nothing_in_progress")
        return []


class ActionEditCandidacy(Action):
    """Choose an answer (named in the message, else with buttons), forget it, and let the
    form ask it again."""

    def name(self) -> str:
        return "action_edit_candidacy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        if not in_progress(tracker):
            dispatcher.utter_message(response="utter_candidacy_nothing_in_progress")
            return []
        message = tracker.latest_message or {}
        field = next((e.get("value") for e in message.get("entities", [])
                      if e.get("entity") == "candidacy_field"), None)
        if field is None and not (message.get("text") or "").startswith("/"):
            field = named_field(message.get("text") or "")  # "je veux modifier mon email"
        if field not in EDITABLE:
            buttons = [button(t(f"label_{slot}", language),
                              f'/edit_candidacy{{"candidacy_field":"{slot}"}}')
                       for slot in EDITABLE]
            dispatcher.utter_message(response="utter_candidacy_which_field", buttons=buttons)
            return []
        forget = [field, *SCHEME_SLOTS] if field == "candidacy_programme" else [field]
        return [*(SlotSet(slot, None) for slot in forget), FollowupAction(FORM)]
