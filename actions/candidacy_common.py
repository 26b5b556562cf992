"""What the candidacy form and the actions around it share: its slots and the scheme's record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.common import contact_email
from actions.store import session_scope
from actions.texts import t
from bot.candidacy.validation import check_town, founding_date_possible
from bot.db import catalogue
from bot.db.models import Programme
from bot.db.queries import localized, utcnow

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
T = TypeVar("T")
CLOCK_SLACK = timedelta(minutes=5)  # a consent "from the future" is no consent
BOOKKEEPING_SLOTS = ("candidacy_consent", "company_postcode", "candidacy_failures",
                     "candidacy_halted", "candidacy_proposed", "candidacy_pending")
DECLINED = "declined"  # candidacy_proposed once the user wants another scheme than proposed


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
        return catalogue.programme(session, key)


def candidacy_name(key: str | None, language: str, programme: Programme | None = None) -> str:
    """"Pass French Tech", or "joining the Normandy French Tech" (`programme`: already loaded)."""
    if key == NETWORK:
        return t("network_candidacy", language)
    programme = programme or load_programme(key)
    return localized(programme.name, language) if programme else (key or "")


def contact_line(programme: Programme, language: str) -> str:
    return localized(programme.contact, language) or contact_email()


# Validated answers that could look like typed text (a time, a date) are stored in a shape no
# message can take: a dict. A user typing "2020-01-01" gives a string, read as an answer and
# checked like any other, never taken for a consent or a date already checked.
def consent_slot(moment: datetime) -> dict[str, str]:
    return {"consent_at": moment.isoformat()}


def _stored(value: Any, key: str, parse: Callable[[str], T]) -> T | None:
    """What the form stored under `key` (in a dict, which no message can be), parsed."""
    stored = value.get(key) if isinstance(value, dict) else None
    if not isinstance(stored, str):
        return None
    try:
        return parse(stored)
    except ValueError:
        return None


def consent_time(value: Any) -> datetime | None:
    """When consent was given, from the form's stored shape only; None for anything else."""
    moment = _stored(value, "consent_at", datetime.fromisoformat)
    return moment if moment and moment.tzinfo and moment <= utcnow() + CLOCK_SLACK else None


def founding_slot(day: date, precision: str = "day") -> dict[str, str]:
    """The date, and how precisely it was said ("mars 2024", "septembre prochain": a month),
    so that it is shown back no more precisely (no "1er mars" nobody said)."""
    return {"founded_on": day.isoformat(), **({} if precision == "day" else
                                               {"precision": precision})}


def founding_shown(value: Any, language: str) -> str | None:
    """The founding date as the person said it: "2025", "mars 2024", "15 mars 2024"."""
    from actions.candidacy_dates import Reading

    day = founding_date(value)
    if day is None:
        return None
    precision = value.get("precision") if isinstance(value, dict) else None
    return Reading(day, precision if precision in ("month", "year") else "day").shown(language)


def founding_date(value: Any) -> date | None:
    """The founding date from the form's stored shape, checked again against today."""
    day = _stored(value, "founded_on", date.fromisoformat)
    return day if day and founding_date_possible(day) else None


def stored_town(value: Any) -> tuple[str, str | None] | None:
    """The town as the form stores it ([town, postcode or None]), checked again."""
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
            and (value[1] is None or isinstance(value[1], str))):
        return None
    checked = check_town(f"{value[0]} {value[1] or ''}")
    return checked.value if checked.ok and checked.value == (value[0], value[1]) else None


def known_lines(known: dict[str, Any], programme: Programme | None, language: str) -> str:
    """What the advisor already told, one line per answer it fills."""
    questions = dict(zip(SCHEME_SLOTS, scheme_questions(programme), strict=False))
    lines = []
    for slot, value in known.items():
        if slot in questions:
            label = localized(questions[slot]["text"], language).rstrip(" ?")
            shown = t("value_yes" if value else "value_no", language)
        else:
            label = t(f"label_{slot}", language)
            shown = (t(f"stage_{value}", language) if slot == "company_stage"
                     else value[0])
        lines.append(t("line", language, label=label, value=shown))
    return "\n".join(lines)


def button(title: str, payload: str) -> dict[str, str]:
    return {"title": title, "payload": payload}
