"""Decisions on a candidacy never drop anything (issue 33): what would reach the applicant is
shown first, exactly, and only the confirmation sends it; a message can be sent without a
change of status and is in the history and the audit log like a decision; a form that would
send nothing says so; internal notes are kept and audited, never sent; the page shows every
answer with labels in the staff's language (bot/office/decisions.py)."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from bot.db.candidacies import by_reference, notes, submit
from bot.db.models_staff import ApplicantMessage, AuditEntry
from bot.db.privacy import erase_chat
from bot.db.queries import utcnow
from bot.db.session import session_scope
from bot.office.decisions import paris
from bot.staff.applicants import change_status
from tests.support.office import candidacy, logged_in, site  # noqa: F401 (the fixture)


def sent(url: str) -> list[str]:
    with session_scope(url) as session:
        return [m.text for m in session.execute(select(ApplicantMessage)).scalars()]


def audited(url: str) -> list[tuple[str, str, dict | None]]:
    with session_scope(url) as session:
        return [(e.action, e.target, e.detail) for e in session.execute(
            select(AuditEntry).order_by(AuditEntry.id)).scalars() if e.action != "login"]


def status_of(url: str, reference: str) -> str:
    with session_scope(url) as session:
        return by_reference(session, reference).status


async def test_a_decision_shows_the_exact_text_and_sends_only_once_confirmed(
        site, database_url):  # noqa: F811
    reference = candidacy(database_url)  # Ana Souza, in English
    csrf = await logged_in(site, database_url)
    form = {"status": "accepted", "message": "Welcome aboard!", "csrf": csrf}
    async with site.post(f"/admin/candidacies/{reference}/status", data=form) as response:
        assert response.status == 200
        page = await response.text()
    assert "Vous allez envoyer à Ana Souza" in page
    assert f"Your candidacy {reference} (Pass French Tech) is now: accepted." in page
    assert "Message from the team: Welcome aboard!" in page
    assert f"Le statut de {reference} va passer de « déposée » à « acceptée »." in page
    assert 'name="confirm" value="1"' in page and f'href="/admin/candidacies/{reference}"' in page
    assert status_of(database_url, reference) == "submitted" and sent(database_url) == []

    async with site.post(f"/admin/candidacies/{reference}/status",
                         data={**form, "confirm": "1"}) as response:
        assert str(response.url).endswith(f"/admin/candidacies/{reference}?done=sent")
        page = await response.text()
    assert "le candidat est prévenu sur Telegram" in page and "Welcome aboard!" in page
    assert status_of(database_url, reference) == "accepted"
    [told] = sent(database_url)
    assert told.startswith(f"Your candidacy {reference} (Pass French Tech) is now: accepted.")
    assert audited(database_url) == [("candidacy_status", reference,
                                      {"changes": {"status": ["submitted", "accepted"]},
                                       "message": True})]
    async with site.get("/admin/audit", params={"action": "candidacy_status"}) as response:
        page = await response.text()  # the audit page reads the change before → after
    assert "<strong>status</strong> : <del>submitted</del> → <ins>accepted</ins>" in page


async def test_the_confirmation_is_refused_without_its_csrf_token(site, database_url):  # noqa: F811
    reference = candidacy(database_url)
    await logged_in(site, database_url)
    async with site.post(f"/admin/candidacies/{reference}/status", data={
            "status": "rejected", "confirm": "1", "csrf": "forged"}) as response:
        assert response.status == 403
    assert status_of(database_url, reference) == "submitted" and sent(database_url) == []


async def test_a_message_without_a_status_change_is_sent_recorded_and_audited(
        site, database_url):  # noqa: F811
    reference = candidacy(database_url)
    with session_scope(database_url) as session:
        change_status(session, reference, "accepted", "Dominique")
    csrf = await logged_in(site, database_url)
    form = {"status": "accepted", "message": "See you on Monday at 9.", "csrf": csrf}
    async with site.post(f"/admin/candidacies/{reference}/status", data=form) as response:
        page = await response.text()
    expected = (f"Message from the team about your candidacy {reference} (Pass French Tech): "
                "See you on Monday at 9.")
    assert response.status == 200 and expected in page
    assert "va passer" not in page  # no status change announced
    assert len(sent(database_url)) == 1  # only the acceptance so far
    async with site.post(f"/admin/candidacies/{reference}/status",
                         data={**form, "confirm": "1"}) as response:
        page = await response.text()
    assert sent(database_url)[1] == expected
    assert status_of(database_url, reference) == "accepted"
    history = page.split("Historique")[1].split("Notes internes")[0]
    assert "message au candidat (Camille) : « See you on Monday at 9. »" in history
    assert audited(database_url)[-1] == ("candidacy_message", reference, {"status": "accepted"})


async def test_a_form_that_would_send_nothing_says_so_and_keeps_what_was_typed(
        site, database_url):  # noqa: F811
    reference = candidacy(database_url)
    csrf = await logged_in(site, database_url)
    async with site.post(f"/admin/candidacies/{reference}/status", data={
            "status": "submitted", "message": "  ", "csrf": csrf, "confirm": "1"}) as response:
        assert response.status == 400
        assert "Rien à envoyer" in await response.text()
    long = "x" * 2001
    async with site.post(f"/admin/candidacies/{reference}/status", data={
            "status": "rejected", "message": long, "csrf": csrf, "confirm": "1"}) as response:
        page = await response.text()
    assert response.status == 400 and "2000 caractères au plus" in page
    assert f">{long}</textarea>" in page and re.search(r'value="rejected"\s+selected', page)
    assert status_of(database_url, reference) == "submitted" and sent(database_url) == []
    assert audited(database_url) == []


async def test_an_erased_applicant_cannot_be_told_and_the_decision_is_still_recorded(
        site, database_url):  # noqa: F811
    reference = candidacy(database_url)
    with session_scope(database_url) as session:
        erase_chat(session, "4242")
    csrf = await logged_in(site, database_url)
    form = {"status": "rejected", "message": "Sorry", "csrf": csrf}
    async with site.post(f"/admin/candidacies/{reference}/status", data=form) as response:
        page = await response.text()
    assert "ne peut plus être prévenu" in page and "Vous allez envoyer" not in page
    async with site.post(f"/admin/candidacies/{reference}/status",
                         data={**form, "confirm": "1"}) as response:
        assert response.status == 200
    assert status_of(database_url, reference) == "rejected" and sent(database_url) == []


async def test_internal_notes_are_kept_audited_and_never_sent(site, database_url):  # noqa: F811
    reference = candidacy(database_url)
    csrf = await logged_in(site, database_url)
    async with site.post(f"/admin/candidacies/{reference}/notes", data={
            "note": "Called her: the SIREN is being registered.", "csrf": csrf}) as response:
        page = await response.text()
    assert str(response.url).endswith("?done=noted") and "jamais envoyée" in page
    notes_part = page.split("Notes internes")[1]
    assert "(Camille) : Called her: the SIREN is being registered." in notes_part
    assert sent(database_url) == []
    assert audited(database_url) == [("candidacy_note", reference, None)]  # not its text
    async with site.post(f"/admin/candidacies/{reference}/notes",
                         data={"note": " ", "csrf": csrf}) as response:
        assert response.status == 400 and "Écrivez la note" in await response.text()
    async with site.post(f"/admin/candidacies/{reference}/notes",
                         data={"note": "forged"}) as response:
        assert response.status == 403
    with session_scope(database_url) as session:
        assert len(notes(session, by_reference(session, reference))) == 1
        erase_chat(session, "4242")  # /forget: notes about the person go too
    with session_scope(database_url) as session:
        assert notes(session, by_reference(session, reference)) == []


async def test_the_page_shows_every_answer_with_labels_in_the_staffs_language(
        site, database_url):  # noqa: F811
    with session_scope(database_url) as session:
        reference = submit(session, chat_id="99", language="fr",
                           programme_key="bourse_french_tech", fields={
                               "full_name": "Léa Martin", "company": "Cidre Tech",
                               "siren": "732829320", "town": "Caen", "postcode": "14000",
                               "in_normandy": True, "stage": "young",
                               "founded_on": date(2025, 3, 14), "pitch": "Du cidre connecté",
                               "consent_at": utcnow()}).reference
    await logged_in(site, database_url)
    async with site.get(f"/admin/candidacies/{reference}") as response:
        page = await response.text()
    for shown in ("Bourse French Tech", "732829320", "Code postal", "14000", "2025-03-14",
                  "Date de création", "Créée il y a moins de 3 ans", "Déposée le",
                  paris(utcnow())[:10], "En Normandie", "Oui", "Du cidre connecté"):  # day in Paris
        assert shown in page, shown
    assert ">young<" not in page
    async with site.get(f"/admin/candidacies/{reference}", params={"lang": "en"}) as response:
        page = await response.text()
    assert "Founded less than 3 years ago" in page and "Postcode" in page


async def test_a_schemes_own_answers_are_labelled_by_its_questions_in_the_staffs_language(
        site, database_url):  # noqa: F811
    with session_scope(database_url) as session:
        reference = submit(session, chat_id="98", language="en",
                           programme_key="french_tech_ticket", fields={
                               "full_name": "Ana Souza", "consent_at": utcnow(),
                               "answers": {"founder_from_abroad": True,
                                           "company_in_france": False, "retired_key": "x"}}
                           ).reference
    await logged_in(site, database_url)
    async with site.get(f"/admin/candidacies/{reference}") as response:
        page = await response.text()
    assert re.search(r"<th>Le French Tech Ticket s&#39;adresse aux entrepreneurs étrangers. "
                     r"Êtes-vous un entrepreneur venu de l&#39;étranger \?</th>"
                     r"<td class=\"long\">Oui</td>", page)
    assert ">founder_from_abroad<" not in page
    assert '<th>retired_key</th><td class="long">x</td>' in page
    async with site.get(f"/admin/candidacies/{reference}", params={"lang": "en"}) as response:
        page = await response.text()
    assert "<th>The French Tech Ticket is for foreign entrepreneurs. Are you an entrepreneur " \
           'from abroad?</th><td class="long">Yes</td>' in page
