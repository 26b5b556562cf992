"""Answers typed in a form are never "unanswered questions" (issue 33): a candidacy filled with
distinctive values through the real assistant leaves none of them in the insights page, its
YAML for nlu/, `ftbot insights unanswered` or /unanswered, and they do not count in the
out-of-scope and not-understood rates; a real question outside the form still does
(bot/db/insights.py, bot/db/stats.py, bot/office/reports.py)."""

from __future__ import annotations

import json
import re
import uuid

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.config import Settings
from bot.db import office
from bot.db.insights import UNANSWERED_INTENTS, unanswered
from bot.db.privacy import rasa_events
from bot.db.session import session_scope
from bot.db.stats import insights, weekly_stats
from bot.office.app import add_office
from bot.staff.unanswered import as_nlu_yaml, group
from tests.support.assistant import needs_model

pytestmark = [needs_model, pytest.mark.slow]
DISTINCTIVE = {"name": "Zéphyrine Quenouillard", "email": "zephyrine@brumastelle.fr",
               "company": "Brumastelle", "town": "Bricqueboscq 50340",
               "pitch": "Des capteurs de brume pour les vergers cidricoles du Cotentin",
               "expectations": "Rencontrer des cidriers audacieux et Quenouillard"}
WORDS = ("Quenouillard", "Zéphyrine", "brumastelle", "Brumastelle", "Bricqueboscq",
         "capteurs de brume", "cidriers audacieux")
QUESTION = "je cherche un pret immobilier pour ma maison"


async def fill_a_candidacy(assistant, sender: str) -> None:
    d = DISTINCTIVE
    for text in ("je veux candidater au pass french tech", "oui", d["name"], d["email"],
                 "06 12 34 56 78", d["company"], "732 829 320", d["town"], "moins de 3 ans",
                 "15/03/2024", d["pitch"], d["expectations"]):
        await assistant.handle(sender, text)


def typed_in_form_and_unanswered(url: str, sender: str) -> list[str]:
    """The distinctive answers the NLU read as not understood or out of scope: what the
    insights would have listed."""
    with session_scope(url) as session:
        events = rasa_events(session)
        rows = session.execute(select(events.c.intent_name, events.c.data).where(
            events.c.sender_id == sender, events.c.type_name == "user")).all()
    return [json.loads(data)["text"] for intent, data in rows
            if intent in UNANSWERED_INTENTS and any(w in json.loads(data)["text"]
                                                    for w in WORDS)]


async def test_a_candidacys_answers_never_reach_the_insights(assistant):
    url = assistant.settings.database_url
    sender = f"privacy-{uuid.uuid4().hex[:8]}"
    await fill_a_candidacy(assistant, sender)
    await assistant.handle(f"asker-{sender}", QUESTION)
    assert typed_in_form_and_unanswered(url, sender)  # the NLU did not understand some

    with session_scope(url) as session:
        listed = unanswered(session, days=30)
        snippet = as_nlu_yaml(group(listed))
        figures, week = insights(session), weekly_stats(session)
        token = office.issue_login(session, 1001, "Camille")
    assert [u.text for u in listed] == [QUESTION]
    assert QUESTION in snippet and not any(word in snippet for word in WORDS)
    # two questions outside the form: "je veux candidater…" (understood) and the loan
    assert (figures.out_of_scope_rate, figures.fallback_rate) == (0.5, 0.0)
    assert (week.out_of_scope_rate, week.fallback_rate) == (0.5, 0.0)

    root = add_office(web.Application(), Settings(database_url=url, staff_chat_id=-100,
                                                  staff_language="fr"))
    server = TestServer(root, host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession(base_url=str(server.make_url("/")),
                                         cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
            async with browser.get(f"/admin/login/{token}") as response:
                assert response.status == 200
            async with browser.get("/admin/insights") as response:
                page = await response.text()
            async with browser.get("/admin/insights/unanswered.yml") as response:
                exported = await response.text()
    finally:
        await server.close()
    assert "pret immobilier" in page and "pret immobilier" in exported
    for word in WORDS:
        assert word not in page and word not in exported, word
    assert re.search(r"hors sujet[^<]*50\.0", page)  # a form's answers are not questions
