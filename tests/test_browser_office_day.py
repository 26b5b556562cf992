"""A staff member's day in the back-office, in a real headless Chromium against the running
bot (issue 33, "Done when"): take and answer a real request for a person (the person receives
the reply over the Bot API double), assign a candidacy, decide it with a confirmation and a
message (the applicant is told), send a message without a change of status, add a note (never
sent), page through 10,000 candidacies sorted and filtered and walk from one to the next,
edit and cancel an event (confirmed, as subscribers are told), read the audit with before and
after values. Then every page at 1280 and 390 px wide: never wider than the screen (no
horizontal scroll), with screenshots under a temporary directory."""

from __future__ import annotations

import os
import re
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert

from bot.db.candidacies import by_reference, submit
from bot.db.handoffs import list_handoffs
from bot.db.models import Candidacy, Event
from bot.db.queries import add_event, utcnow
from bot.db.reminders import event_target, subscribe
from bot.db.session import session_scope
from tests.support.browser import (
    BROWSER_MARKS,
    browser,  # noqa: F401 (the fixture)
    fill,
    log_in_from_the_staff_chat,
    showing,
    submit_form,
)
from tests.support.staff import STAFF_CHAT
from tests.support.telegram_harness import Applicant, User, texts

pytestmark = BROWSER_MARKS
SHOTS = Path(os.environ.get("OFFICE_SHOTS") or tempfile.gettempdir()) / "office-shots"
WIDTHS = (1280, 390)
START = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)


def at_width(browser, width: int) -> None:  # noqa: ANN001, F811
    """The viewport `width` CSS pixels wide, as a phone's (mobile) or a desktop's."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 844 if width < 600 else 900, "deviceScaleFactor": 1,
        "mobile": width < 600})


def fits(browser, name: str) -> None:  # noqa: ANN001, F811
    """At each width: a screenshot, and the page no wider than the screen (a phone's browser
    would otherwise scroll sideways: with `mobile`, the layout grows to the widest element)."""
    for width in WIDTHS:
        at_width(browser, width)
        browser.execute_script("window.scrollTo(0, 0)")
        wide = browser.execute_script("return document.documentElement.scrollWidth")
        browser.save_screenshot(str(SHOTS / f"{name}-{width}.png"))
        assert wide <= width, f"{name}: {wide} px wide at {width}"
    at_width(browser, WIDTHS[0])


def many(url: str, count: int) -> None:
    """`count` candidacies: one in three in review; companies "Cidre 1" … an hour apart."""
    with session_scope(url) as session:
        session.execute(insert(Candidacy), [dict(
            reference=f"NFT-2025-{i:05d}", year=2025, number=i, chat_id=str(500_000 + i),
            language="fr", programme_key="pass_french_tech",
            status="in_review" if i % 3 == 0 else "submitted", full_name=f"Personne {i}",
            company=f"Cidre {i}", consent_at=START, submitted_at=START + timedelta(hours=i),
            updated_at=START) for i in range(1, count + 1)])


def shown_references(browser) -> list[str]:  # noqa: ANN001, F811
    return re.findall(r'href="/admin/candidacies/(NFT-[\d-]+)"', browser.page_source)


async def test_a_staff_members_day(office_bot, emulator, office_database_url, browser):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    url = office_database_url
    SHOTS.mkdir(parents=True, exist_ok=True)
    many(url, 10_000)
    applicant = User(emulator, 8601, language_code="fr")
    with session_scope(url) as session:
        reference = submit(session, chat_id="8601", language="fr",
                           programme_key="pass_french_tech",
                           fields={"full_name": "Inès Moreau", "company": "Pommeraie Labs",
                                   "consent_at": utcnow()}).reference
    jeanne = Applicant(emulator, 8604, first_name="Jeanne", language_code="fr")
    await jeanne.says("je veux parler à quelqu'un")
    staff = Applicant(emulator, 8603, first_name="Camille", chat_id=STAFF_CHAT,
                      chat_type="supergroup")
    await staff.until("Jeanne")
    base = await log_in_from_the_staff_chat(emulator, browser, 8603)
    showing(browser, "Bonjour Camille")

    # 1. the request for a person: taken and answered from its page
    browser.get(f"{base}/admin/handoffs")
    [handoff_id] = [h.id for h in list_handoffs_of(url, "8604")]
    browser.find_element(By.LINK_TEXT, f"#{handoff_id}").click()
    showing(browser, "Prendre la demande")
    submit_form(browser, "Prendre la demande")
    showing(browser, "Camille, depuis le")
    fill(browser, "text", "Bonjour Jeanne, je regarde votre dossier.")
    submit_form(browser, "Envoyer sur Telegram")
    showing(browser, "Envoyé à la personne sur Telegram")
    fits(browser, "day-handoff")
    await jeanne.until("Camille, de l'équipe : Bonjour Jeanne, je regarde votre dossier.")

    # 2. 10,000 candidacies: in review, newest first, page by page, then one to the next
    browser.get(f"{base}/admin/candidacies")
    Select(browser.find_element(By.NAME, "status")).select_by_value("in_review")
    Select(browser.find_element(By.NAME, "sort")).select_by_value("newest")
    submit_form(browser, "Filtrer")
    showing(browser, "3333 candidature(s) · page 1 sur 67")
    assert shown_references(browser)[:2] == ["NFT-2025-09999", "NFT-2025-09996"]
    started = time.perf_counter()
    browser.find_element(By.CSS_SELECTOR, 'a[rel="next"]').click()
    showing(browser, "page 2 sur 67")
    assert time.perf_counter() - started < 5
    assert shown_references(browser)[0] == "NFT-2025-09849"  # 9999 - 50 × 3
    fits(browser, "day-candidacies")
    browser.find_element(By.LINK_TEXT, "NFT-2025-09849").click()
    showing(browser, "n° 51 de la liste")
    browser.find_element(By.CSS_SELECTOR, 'a[rel="next"]').click()
    showing(browser, "NFT-2025-09846 —")  # the next one in review, newer first

    # 3. the real candidacy: assigned, decided with a confirmation and a message
    browser.get(f"{base}/admin/candidacies/{reference}")
    Select(browser.find_element(By.NAME, "staff")).select_by_value("8603")  # Camille
    submit_form(browser, "Attribuer")
    showing(browser, "Suivie par Camille")
    Select(browser.find_element(By.NAME, "status")).select_by_value("accepted")
    fill(browser, "message", "Bienvenue dans le Pass French Tech !")
    submit_form(browser, "Relire avant d'envoyer")
    showing(browser, "Vous allez envoyer à Inès Moreau")
    fits(browser, "day-confirm")
    assert not await applicant.inbox()  # nothing before the confirmation
    submit_form(browser, "Confirmer et envoyer")
    showing(browser, "le candidat est prévenu")
    [told] = texts(await applicant.receives(1))
    assert "Bienvenue dans le Pass French Tech !" in told
    # a message without a change of status, then a note that is never sent
    fill(browser, "message", "Le comité se réunit le 12 mars.")
    submit_form(browser, "Relire avant d'envoyer")
    showing(browser, "Le comité se réunit le 12 mars.")
    submit_form(browser, "Confirmer et envoyer")
    showing(browser, "le candidat est prévenu")
    [again] = texts(await applicant.receives(1))
    assert "Le comité se réunit le 12 mars." in again
    fill(browser, "note", "Appeler la mairie de Caen avant le comité.")
    submit_form(browser, "Ajouter la note")
    showing(browser, "Appeler la mairie de Caen avant le comité.")
    fits(browser, "day-candidacy")
    assert await applicant.receives(0, settle=1.5) == []
    with session_scope(url) as session:
        assert by_reference(session, reference).status == "accepted"

    # 4. an event: edited, then cancelled, each confirmed as its subscriber is told
    with session_scope(url) as session:
        event_id = add_event(session, title="Apéro French Tech",
                             starts_at=utcnow() + timedelta(days=30), place="Rouen").id
        subscribe(session, "8601", event_target(event_id), "fr")
    browser.get(f"{base}/admin/events")
    browser.find_element(By.LINK_TEXT, "Apéro French Tech").click()
    showing(browser, "1 personne(s) abonnée(s)")
    fill(browser, "title", "Apéro French Tech Normandie")
    fill(browser, "title_en", "Normandy French Tech drinks")
    fill(browser, "place", "Caen")
    submit_form(browser, "Enregistrer")
    showing(browser, "sera dit à 1 personne(s)")
    fits(browser, "day-event-confirm")
    submit_form(browser, "Confirmer et prévenir")
    showing(browser, "Enregistré")
    submit_form(browser, "Annuler l'événement")
    showing(browser, "sera dite à 1 personne(s)")
    submit_form(browser, "Confirmer et prévenir")
    showing(browser, "annulé")
    with session_scope(url) as session:
        event = session.get(Event, event_id)
        assert event.cancelled and event.place == "Caen"
        assert event.title == {"fr": "Apéro French Tech Normandie",
                               "en": "Normandy French Tech drinks"}
    browser.get(f"{base}/admin/events?view=cancelled")
    showing(browser, "Apéro French Tech Normandie")

    # 5. the audit: who changed what, before and after
    browser.get(f"{base}/admin/audit?action=event_changed")
    showing(browser, "<strong>place</strong> : <del>Rouen</del> → <ins>Caen</ins>")
    fits(browser, "day-audit")
    browser.get(f"{base}/admin/audit?target={reference}")
    showing(browser, "<strong>assigned_to</strong> : <del>—</del> → <ins>Camille</ins>")
    assert "candidacy_status" in browser.page_source
    assert "candidacy_note" in browser.page_source and "candidacy_message" in browser.page_source


def list_handoffs_of(url: str, chat_id: str) -> list:
    with session_scope(url) as session:
        found = [h for h in list_handoffs(session) if h.chat_id == chat_id]
        session.expunge_all()
    return found


async def test_every_page_fits_a_phone_and_a_desktop(office_bot, emulator, office_database_url,
                                                     browser):  # noqa: F811
    """Every page the navigation reaches, a record's page of each kind, a form refused and an
    error page: never wider than 390 px on a phone (screenshots at 1280 and 390 px)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = office_database_url
    with session_scope(url) as session:
        reference = submit(session, chat_id="8701", language="fr",
                           programme_key="pass_french_tech", fields={
                               "full_name": "Maximilien-Alexandre de La Tour d'Auvergne",
                               "company": "Établissements Supercalifragilistiques Numériques",
                               "email": "maximilien.alexandre.delatour@exemple-tres-long.fr",
                               "pitch": "https://exemple.fr/" + "a" * 120,
                               "consent_at": utcnow()}).reference
        event_id = add_event(session, title="Demo day", starts_at=utcnow() + timedelta(days=9)
                             ).id
    base = await log_in_from_the_staff_chat(emulator, browser, 8703)
    showing(browser, "Bonjour Camille")
    with session_scope(url) as session:
        handoffs = list_handoffs(session)
        handoff = f"/admin/handoffs/{handoffs[0].id}" if handoffs else "/admin/handoffs"
    pages = {"home": "/admin/", "candidacies": "/admin/candidacies",
             "candidacy": f"/admin/candidacies/{reference}", "handoffs": "/admin/handoffs",
             "handoff": handoff, "insights": "/admin/insights", "events": "/admin/events",
             "events-past": "/admin/events?view=past", "event": f"/admin/events/{event_id}",
             "programmes": "/admin/programmes",
             "programme": "/admin/programmes/pass_french_tech", "knowledge": "/admin/knowledge",
             "knowledge-entry": "/admin/knowledge/label_date",
             "knowledge-new": "/admin/knowledge/new", "audit": "/admin/audit",
             "not-found": "/admin/candidacies/NFT-1999-0000",
             "english": "/admin/candidacies?lang=en"}
    for name, path in pages.items():
        browser.get(f"{base}{path}")
        showing(browser, "</main>")
        fits(browser, f"page-{name}")
    assert "Page not found" not in browser.page_source  # English from here on
    browser.get(f"{base}/admin/nowhere")
    showing(browser, "Page not found (404)")
    assert 'href="/admin/candidacies"' in browser.page_source  # the navigation
    fits(browser, "page-error")
    assert len(list(SHOTS.glob("page-*.png"))) >= 2 * len(pages)
