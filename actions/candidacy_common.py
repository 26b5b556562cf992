"""What the candidacy form and the actions around it share: its slots and the scheme's record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.common import contact_email
from actions.texts import t
from bot.db.models import Programme
from bot.db.queries import get_programme, localized
from bot.db.session import session_scope

FORM = "candidacy_form"
NETWORK = "network"  # candidacy_programme when the founder applies to join the network
SKIP = "__skip__"  # what the user asked for a question; validators turn it into SKIPPED
SKIPPED = "skipped"  # an optional answer the user chose not to give
OPTIONAL = ("applicant_phone", "company_siren")
SCHEME_SLOTS = ("scheme_answer_1", "scheme_answer_2", "scheme_answer_3")
# The answers, in the order of the summary; each can be edited from the summary.
ANSWER_SLOTS = (
    "candidacy_programme", "applicant_name", "applicant_email", "applicant_phone",
    "company_name", "company_siren", "company_town", "company_stage", "company_founded_on",
    *SCHEME_SLOTS, "candidacy_pitch", "candidacy_expectations",
)
BOOKKEEPING_SLOTS = ("candidacy_consent", "company_postcode", "candidacy_failures",
                     "candidacy_halted")


def reset_events() -> list[dict[str, Any]]:
    """Forget every answer: after a submission, a cancellation or a refused consent."""
    return [SlotSet(slot, None) for slot in (*ANSWER_SLOTS, *BOOKKEEPING_SLOTS)]


def in_progress(tracker: Tracker) -> bool:
    return any(tracker.get_slot(slot) is not None for slot in ANSWER_SLOTS)


def scheme_questions(programme: Programme | None) -> list[dict[str, Any]]:
    return list(((programme.candidacy if programme else None) or {}).get("questions", []))


def load_programme(key: str | None) -> Programme | None:
    """The scheme's record with its rules, still readable once its session is closed."""
    if not key or key == NETWORK:
        return None
    with session_scope() as session:
        return get_programme(session, key)


def candidacy_name(key: str | None, language: str, programme: Programme | None = None) -> str:
    """"Pass French Tech", or "joining the Normandy French Tech" (`programme`: already loaded)."""
    if key == NETWORK:
        return t("network_candidacy", language)
    programme = programme or load_programme(key)
    return localized(programme.name, language) if programme else (key or "")


def contact_line(programme: Programme, language: str) -> str:
    return localized(programme.contact, language) or contact_email()


def consent_time(value: str) -> datetime | None:
    """The consent slot holds the time consent was given (ISO 8601)."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def button(title: str, payload: str) -> dict[str, str]:
    return {"title": title, "payload": payload}
