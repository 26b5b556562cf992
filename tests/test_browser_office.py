"""The back-office in a real headless Chromium (Debian's chromium and chromium-driver, driven
by Selenium; installed by scripts/browser-setup): a staff member logs in with the link /admin
gives in the staff chat, decides a candidacy (the applicant is told on Telegram), edits a
scheme's funding (the bot's answer carries it), creates an event, takes and answers a real
request for a person (the person receives it on Telegram), reads the insights and logs
out (Back then shows no candidacy: pages are never cached).
Each page is saved as a screenshot under reports/office/ (the README's staff guide)."""

from __future__ import annotations

import asyncio

from bot.db.candidacies import by_reference, submit
from bot.db.handoffs import list_handoffs
from bot.db.queries import list_events, utcnow
from bot.db.session import session_scope
from tests.support.browser import (
    BROWSER_MARKS,
    SHOTS,
    fill,
    log_in_from_the_staff_chat,
    shot,
    showing,
    submit_form,
)
from tests.support.staff import STAFF_CHAT
from tests.support.telegram_harness import Applicant, User, texts

pytestmark = BROWSER_MARKS


async def test_a_staff_member_runs_the_network_from_the_browser(office_bot, emulator,
                                                                office_database_url, browser):
    database_url = office_database_url
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    applicant = User(emulator, 8501, language_code="en")
    with session_scope(database_url) as session:
        reference = submit(session, chat_id="8501", language="en",
                           programme_key="pass_french_tech",
                           fields={"full_name": "Ana Souza", "company": "Rio Labs",
                                   "consent_at": utcnow()}).reference
    asker = Applicant(emulator, 8502, language_code="fr")
    await asker.answers("je cherche un pret immobilier pour ma maison",  # unanswered
                        "Je ne peux pas vous aider là-dessus")
    base = await log_in_from_the_staff_chat(emulator, browser, 8503)  # logged in, at home
    showing(browser, "Bonjour Camille")
    shot(browser, "home")

    browser.get(f"{base}/admin/candidacies")
    showing(browser, reference)
    shot(browser, "candidacies")
    browser.find_element(By.LINK_TEXT, reference).click()
    Select(browser.find_element(By.NAME, "status")).select_by_value("accepted")
    fill(browser, "message", "Welcome to the Pass French Tech!")
    shot(browser, "candidacy")
    submit_form(browser, "Relire avant d'envoyer")
    showing(browser, "Vous allez envoyer à Ana Souza")  # the exact text, in English
    assert "Message from the team: Welcome to the Pass French Tech!" in browser.page_source
    shot(browser, "candidacy-confirm")
    submit_form(browser, "Confirmer et envoyer")
    showing(browser, "le candidat est prévenu")
    showing(browser, "(Camille) : « Welcome to the Pass French Tech! »")  # the history
    [told] = texts(await applicant.receives(1))
    assert told.startswith(f"Your candidacy {reference} (Pass French Tech) is now: accepted.")
    assert told.endswith("Message from the team: Welcome to the Pass French Tech!")
    with session_scope(database_url) as session:
        assert by_reference(session, reference).status == "accepted"

    browser.get(f"{base}/admin/programmes/pass_french_tech")
    fill(browser, "funding_fr", "Jusqu'à 30 000 € par projet (appel 2027).")
    fill(browser, "funding_en", "Up to €30,000 per project (2027 call).")
    submit_form(browser, "Enregistrer")
    showing(browser, "Enregistré")
    shot(browser, "programme")
    [answer] = texts(await asker.answers("combien on touche avec le pass french tech ?",
                                         "Pass French Tech"))
    assert "Jusqu'à 30 000 € par projet (appel 2027)." in answer

    browser.get(f"{base}/admin/events")
    fill(browser, "title", "Demo day Normandy French Tech")
    fill(browser, "starts", "2031-03-12T18:30")
    fill(browser, "place", "Seine Innopolis")
    submit_form(browser, "Créer et annoncer")
    showing(browser, "Demo day Normandy French Tech")
    shot(browser, "events")
    with session_scope(database_url) as session:
        assert any(e.title["fr"] == "Demo day Normandy French Tech"
                   for e in list_events(session))

    # a real request for a person, taken and answered from its page
    jeanne = Applicant(emulator, 8504, first_name="Jeanne", language_code="fr")
    await jeanne.says("je veux parler à quelqu'un")
    staff = Applicant(emulator, 8503, first_name="Camille", chat_id=STAFF_CHAT,
                      chat_type="supergroup")
    await staff.until("Jeanne")
    with session_scope(database_url) as session:
        [handoff_id] = [h.id for h in list_handoffs(session) if h.chat_id == "8504"]
    browser.get(f"{base}/admin/handoffs/{handoff_id}")
    showing(browser, "Prendre la demande")
    submit_form(browser, "Prendre la demande")
    showing(browser, "Camille, depuis le")
    fill(browser, "text", "Bonjour Jeanne, je regarde votre dossier.")
    submit_form(browser, "Envoyer sur Telegram")
    showing(browser, "Envoyé à la personne sur Telegram")
    shot(browser, "handoff")
    await jeanne.until("Camille, de l'équipe : Bonjour Jeanne, je regarde votre dossier.")
    await staff.until("a répondu depuis le back-office")

    await asyncio.sleep(0)
    browser.get(f"{base}/admin/insights")
    showing(browser, "pret immobilier")  # a loaded machine once read the page empty
    assert "<svg" in browser.page_source
    shot(browser, "insights")
    for name in ("handoffs", "audit"):
        browser.get(f"{base}/admin/{name}")
        shot(browser, name)
    showing(browser, "event_created")  # the audit page, the last one shown
    assert "candidacy_status" in browser.page_source
    assert all((SHOTS / f"{name}.png").stat().st_size > 1000 for name in (
        "home", "candidacies", "candidacy", "programme", "events", "insights"))

    # the stylesheet applies under the Content-Security-Policy; Back after logout shows nothing
    header = browser.find_element(By.TAG_NAME, "header")
    assert header.value_of_css_property("background-color") == "rgba(0, 51, 102, 1)"
    browser.get(f"{base}/admin/candidacies/{reference}")
    showing(browser, "Ana Souza")
    submit_form(browser, "Se déconnecter (Camille)")
    showing(browser, "Vous êtes déconnecté")
    browser.back()
    showing(browser, "Connexion nécessaire")
    assert "Ana Souza" not in browser.page_source
