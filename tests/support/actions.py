"""Custom actions run through the in-process endpoint (as Rasa would call them) on a tracker
built by hand: any action, or the candidacy form's with its slots.

The endpoint hands the actions the sessions of the test's database, as an assistant hands
its own: the `database_url` fixture's, which that fixture names in DATABASE_URL (the actions
themselves never read it)."""

from __future__ import annotations

import os

from actions.candidacy_common import SKIPPED
from bot.db.session import session_factory
from bot.rasa_patches.endpoint import InProcessActionEndpoint


def endpoint(database_url: str | None = None) -> InProcessActionEndpoint:
    """The in-process endpoint on `database_url`, else on the test's database (about 1 ms)."""
    return InProcessActionEndpoint(session_factory(database_url or os.environ["DATABASE_URL"]))


async def run_action(name: str, *, programme: str | None = None, language: str = "fr",
                     text: str = "", entities: list | None = None, metadata: dict | None = None,
                     current_language: str | None = None, parsed: dict | None = None,
                     database_url: str | None = None) -> dict:
    slots = {"programme": programme, "language": current_language or language}
    tracker = {
        "sender_id": "test-user",
        "slots": slots,
        "latest_message": {"text": text, "intent": {"name": "x", "confidence": 1.0},
                           "entities": entities or [], "metadata": metadata or {},
                           **(parsed or {})},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    return await endpoint(database_url).request(json={
        "next_action": name, "sender_id": "test-user", "tracker": tracker, "domain": {},
        "version": "3.6.2"})


def message(text: str, intent: str = "nlu_fallback", confidence: float = 0.9,
            entities: list | None = None) -> dict:
    return {"text": text, "intent": {"name": intent, "confidence": confidence},
            "entities": entities or []}


async def run_candidacy_action(name: str, slots: dict, latest: dict | None = None,
                     sender: str = "applicant-1") -> dict:
    tracker = {"sender_id": sender, "slots": {"language": "fr", **slots},
               "latest_message": {"metadata": {}, **(latest or message(""))}, "events": [],
               "paused": False, "followup_action": None, "active_loop": {},
               "latest_action_name": "action_listen"}
    return await endpoint().request(json={"next_action": name, "sender_id": sender,
                                          "tracker": tracker, "domain": {}, "version": "3.6.2"})


def complete_slots(programme: str = "pass_french_tech", **changes) -> dict:
    slots = {
        "candidacy_programme": programme,
        "candidacy_consent": {"consent_at": "2026-11-28T10:00:00+00:00"},
        "applicant_name": "Marie Dupont", "applicant_email": "marie@exemple.fr",
        "applicant_phone": SKIPPED, "company_name": "Mobilis", "company_siren": "732829320",
        "company_town": ["Brest", "29200"], "company_stage": "established",
        "company_founded_on": {"founded_on": "2019-05-01"},
        "candidacy_pitch": "Une plateforme pour les PME.",
        "candidacy_expectations": "De la visibilité.",
    }
    return {**slots, **changes}
