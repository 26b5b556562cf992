"""What an applicant types in French and in English, and what the assistant must say back.

Expected texts are read from domain.yml, so a test checks that the
right message came, not a copy of its wording.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import yaml

from bot.config import PROJECT_ROOT
from bot.db.candidacies import list_candidacies
from bot.db.models import Candidacy
from bot.db.session import session_scope

ANSWERS = {
    "fr": {
        "apply_pass": "je veux candidater au pass french tech",
        "apply_ticket": "je veux postuler au french tech ticket",
        "apply": "je veux candidater",
        "yes": "oui", "no": "non",
        "name": "Marie Dupont", "email": "Marie.Dupont@Exemple.fr", "phone": "06 12 34 56 78",
        "company": "Mobilis", "siren": "732 829 320", "town": "Caen 14000",
        "stage": "moins de 3 ans", "founded": "15/03/2024",
        "pitch": "Une plateforme qui aide les PME normandes à trouver des financements.",
        "expectations": "De l'accompagnement et de la visibilité.",
        "question": "c'est combien le pass french tech ?",
        "cancel": "annuler", "later": "je finirai plus tard", "skip": "passer",
    },
    "en": {
        "apply_pass": "I want to apply for the pass french tech",
        "apply_ticket": "i'd like to apply to the french tech ticket",
        "apply": "i want to apply",
        "yes": "yes", "no": "no",
        "name": "John Smith", "email": "john.smith@example.com", "phone": "+44 20 7946 0958",
        "company": "Smith Labs", "siren": "732829320", "town": "Rouen 76000",
        "stage": "less than 3 years", "founded": "March 15, 2024",
        "pitch": "We build soil sensors that tell farmers when to water their fields.",
        "expectations": "Funding and an incubator place.",
        "question": "how much money does the pass french tech give?",
        "cancel": "cancel", "later": "i'll finish later", "skip": "skip",
    },
}


@lru_cache(maxsize=1)
def _domain() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


def said(response: str, language: str) -> str:
    """The fixed part of a domain response (the text before its first {placeholder})."""
    variants = _domain()["responses"][response]
    french = next(v for v in variants if "condition" not in v)
    english = next((v for v in variants if "condition" in v), french)
    text = (french if language == "fr" else english)["text"]
    return re.split(r"\{\w+\}", text)[0].strip() or text


def asked(slot: str, language: str) -> str:
    return said(f"utter_ask_{slot}", language)


def refused(reason: str, language: str) -> str:
    return said(f"utter_part_invalid_{reason}", language)


def stored(database_url: str) -> list[Candidacy]:
    with session_scope(database_url) as session:
        return list_candidacies(session)


def happy_answers(language: str) -> list[str]:
    """From the consent to the last question of a scheme without questions of its own."""
    a = ANSWERS[language]
    return [a["yes"], a["name"], a["email"], a["phone"], a["company"], a["siren"], a["town"],
            a["stage"], a["founded"], a["pitch"], a["expectations"]]


def check_stored_pass_candidacy(candidacy: Candidacy, language: str, chat_id: str) -> None:
    """Every field of a Pass French Tech candidacy made with happy_answers(language)."""
    a = ANSWERS[language]
    expected = {
        "chat_id": chat_id, "language": language, "programme_key": "pass_french_tech",
        "status": "submitted", "full_name": a["name"], "email": a["email"].lower()
        if language == "fr" else a["email"], "company": a["company"], "siren": "732829320",
        "town": a["town"].split()[0], "postcode": a["town"].split()[1], "in_normandy": True,
        "stage": "young", "founded_on": date(2024, 3, 15), "pitch": a["pitch"],
        "expectations": a["expectations"], "answers": None, "eligibility_warnings": None,
        "phone": "+33612345678" if language == "fr" else "+442079460958",
    }
    actual = {field: getattr(candidacy, field) for field in expected}
    if language == "fr":  # the domain part of an address is lower-cased, the name part kept
        expected["email"] = "Marie.Dupont@exemple.fr"
    assert actual == expected
    assert re.fullmatch(rf"NFT-{date.today().year}-\d{{4}}", candidacy.reference)
    assert candidacy.consent_at is not None and candidacy.submitted_at >= candidacy.consent_at
