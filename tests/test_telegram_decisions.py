"""Deciding a candidacy from the staff chat, over real HTTP: the notice's status buttons, a
confirmation, the applicant told in their language through the outbox, the change recorded
with the staff member's name."""

from __future__ import annotations

import pytest

from bot.db.candidacies import by_reference, status_history, submit
from bot.db.handoffs import notice_candidacy
from bot.db.office import audit_entries
from bot.db.queries import utcnow
from bot.db.session import session_scope
from tests.support.assistant import needs_model
from tests.support.staff import staff_member
from tests.support.telegram_harness import User, buttons, texts

pytestmark = [needs_model, pytest.mark.slow]


def new_candidacy(url: str, chat_id: int, language: str) -> str:
    """A submitted candidacy and its notice to the staff, as the form leaves them."""
    with session_scope(url) as session:
        reference = submit(session, chat_id=str(chat_id), language=language,
                           programme_key="pass_french_tech",
                           fields={"full_name": "Ana Souza", "consent_at": utcnow()}).reference
        notice_candidacy(session, reference)
    return reference


async def test_accepting_from_the_notice_tells_the_applicant_in_their_language(
        office_bot, emulator, office_database_url):
    database_url = office_database_url
    applicant = User(emulator, 8101, language_code="en")
    reference = new_candidacy(database_url, 8101, "en")
    camille = staff_member(emulator)
    notice = (await camille.until(reference))[-1]
    number = reference.rsplit("-", 1)[1]
    choices = dict(buttons(notice))
    assert set(choices) >= {f"🔎 À l'examen {number}", f"✅ Accepter {number}",
                            f"❌ Refuser {number}"}
    await camille.presses(notice, choices[f"✅ Accepter {number}"])
    confirm = (await camille.until("Le candidat en sera informé (en en)"))[-1]
    await camille.presses(confirm, dict(buttons(confirm))["Oui, confirmer"])
    await camille.until("(par Camille). Le candidat est prévenu.")
    [told] = texts(await applicant.receives(1))
    assert told == f"Your candidacy {reference} (Pass French Tech) is now: accepted."
    with session_scope(database_url) as session:
        candidacy = by_reference(session, reference)
        [change] = status_history(session, candidacy)
        assert (candidacy.status, change.status_from, change.changed_by) == (
            "accepted", "submitted", "Camille")
        [entry] = [e for e in audit_entries(session) if e.target == reference]
        assert (entry.who, entry.action) == ("Camille", "candidacy_status")  # the audit page


async def test_no_at_the_confirmation_changes_nothing_and_tells_no_one(
        office_bot, emulator, office_database_url):
    database_url = office_database_url
    applicant = User(emulator, 8102, language_code="fr")
    reference = new_candidacy(database_url, 8102, "fr")
    camille = staff_member(emulator)
    notice = (await camille.until(reference))[-1]
    number = reference.rsplit("-", 1)[1]
    await camille.presses(notice, dict(buttons(notice))[f"❌ Refuser {number}"])
    confirm = (await camille.until("Le candidat en sera informé (en fr)"))[-1]
    await camille.presses(confirm, dict(buttons(confirm))["Non"])
    await camille.until(f"{reference} : inchangée.")
    assert await applicant.receives(0, settle=2) == []
    with session_scope(database_url) as session:
        assert by_reference(session, reference).status == "submitted"
