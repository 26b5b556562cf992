"""Staff keep the knowledge current, in a real headless Chromium (as tests/test_browser_office.py):
a user asks the bot, over the Bot API test double, something the knowledge base does not
answer and is told so; the question shows among the insights' unanswered ones; a staff member
logged in with the link /admin gives clicks "Répondre", writes the answer in French and
English, adds the ways people ask it, saves; the same question, a paraphrase and the English
question are answered at once by the running bot, no retraining, no restart. Screenshots
under reports/office/ (knowledge_*.png)."""

from __future__ import annotations

import time

from sqlalchemy import select

from bot.db.models import KnowledgeEntry
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
from tests.support.telegram_harness import Applicant, texts

pytestmark = BROWSER_MARKS
QUESTION = "Y a-t-il un parking pour les visiteurs ?"
PARAPHRASE = "est-ce qu'on peut se garer à Seine Innopolis ?"
ANSWER_FR = "Oui : un parking gratuit de 40 places est réservé aux visiteurs de Seine Innopolis."
ANSWER_EN = "Yes: a free 40-space car park is kept for the visitors of Seine Innopolis."
REFUSAL = "Je ne peux pas vous aider là-dessus"


def reload_until(browser, url: str, text: str, seconds: float = 20) -> None:  # noqa: F811
    """Open `url` again until it shows `text` (what the bot just stored may come a moment
    after its reply)."""
    deadline = time.time() + seconds
    while True:
        browser.get(url)
        if text in browser.page_source or time.time() > deadline:
            break
        time.sleep(0.5)
    showing(browser, text, seconds=1)


async def test_staff_answer_an_unanswered_question_and_the_bot_uses_it_at_once(
        office_bot, emulator, office_database_url, browser):  # noqa: F811
    from selenium.webdriver.common.by import By

    asker = Applicant(emulator, 8601, language_code="fr")
    [refused] = texts(await asker.answers(QUESTION, REFUSAL))[-1:]
    assert "parking" not in refused
    base = await log_in_from_the_staff_chat(emulator, browser, 8603)
    showing(browser, "Bonjour Camille")

    reload_until(browser, f"{base}/admin/insights", QUESTION)
    row = browser.find_element(By.XPATH, f"//tr[td[normalize-space()=\"{QUESTION}\"]]")
    browser.execute_script("arguments[0].scrollIntoView()", row)
    shot(browser, "knowledge_insights")
    row.find_element(By.LINK_TEXT, "Répondre").click()
    showing(browser, "Nouvelle entrée")
    questions_fr = browser.find_element(By.NAME, "questions_fr").get_attribute("value")
    assert questions_fr == QUESTION  # pre-filled in the question's language
    key = browser.find_element(By.NAME, "key").get_attribute("value")
    assert key == "parking_pour_visiteurs"  # suggested from the question
    fill(browser, "answer_fr", ANSWER_FR)
    fill(browser, "answer_en", ANSWER_EN)
    fill(browser, "questions_fr", f"{QUESTION}\nou se garer quand on vient a Seine Innopolis ?")
    fill(browser, "questions_en", "is there a car park for visitors?")
    shot(browser, "knowledge_new")
    submit_form(browser, "Enregistrer")
    showing(browser, "Enregistré")
    assert "Camille : création" in browser.page_source  # the entry's history
    shot(browser, "knowledge_entry")

    for question in (QUESTION, PARAPHRASE):  # the running bot, no retraining
        [answer] = texts(await asker.answers(question, "40 places"))[-1:]
        assert answer.startswith(ANSWER_FR), answer
    english = Applicant(emulator, 8602, language_code="en")
    [answer] = texts(await english.answers("is there any parking for visitors?",
                                           "40-space"))[-1:]
    assert answer.startswith(ANSWER_EN), answer

    browser.get(f"{base}/admin/knowledge")
    showing(browser, key)
    shot(browser, "knowledge")
    with session_scope(office_database_url) as session:
        saved = session.execute(select(KnowledgeEntry)
                                .where(KnowledgeEntry.key == key)).scalar_one()
        assert saved.changed_by == "Camille" and saved.changed_at is not None
        assert saved.subject == "network" and saved.aspect == key
    assert all((SHOTS / f"{name}.png").stat().st_size > 1000 for name in (
        "knowledge_insights", "knowledge_new", "knowledge_entry", "knowledge"))
