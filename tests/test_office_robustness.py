"""The back-office never answers a 500 (issue 33): a real handoff's transcript (Rasa's float
timestamps, then ISO strings) is shown; a scheme's YAML fields refuse aliases, huge texts and
deep nesting, fast, with a 400 that keeps the form; a CSRF token in any alphabet, an id past
what a column holds, a funding amount of 40 digits and an impossible date are a 400 or 404."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest

from bot.db import handoffs
from bot.db.queries import get_programme
from bot.db.session import session_scope
from bot.office.programmes import LARGEST_AMOUNT, YAML_MAX_CHARS, YAML_MAX_DEPTH
from tests.support.office import (  # noqa: F401 (the fixture)
    BOMB,
    logged_in,
    programme_form,
    shown,
    site,
)

HUGE_ID = "9" * 26


def unchanged(url: str) -> bool:
    with session_scope(url) as session:
        return "volet financier" in get_programme(session, "pass_french_tech").funding["fr"]


async def test_a_real_handoffs_page_shows_rasas_float_and_iso_times_in_paris(site,  # noqa: F811
                                                                            database_url):
    rasa = datetime(2031, 1, 15, 9, 5, tzinfo=timezone.utc).timestamp()  # 10:05 in Paris
    with session_scope(database_url) as session:
        handoff = handoffs.open_handoff(session, chat_id="55", language="fr", reason="request",
                                        user_name="Jeanne", transcript=[
            {"at": rasa, "by": "user", "text": "Je voudrais parler à quelqu'un"}])
        handoff.transcript = [*handoff.transcript, {
            "at": "2031-07-01T16:30:00+00:00", "by": "staff", "name": "Camille",
            "text": "Bonjour Jeanne"}]  # 18:30 in Paris (summer time)
        handoff_id = handoff.id
    await logged_in(site, database_url)
    async with site.get(f"/admin/handoffs/{handoff_id}") as response:
        text = await response.text()
    assert response.status == 200
    assert "2031-01-15 10:05 user" in text and "Je voudrais parler" in text
    assert "2031-07-01 18:30 staff" in text and "Bonjour Jeanne" in text


async def test_a_yaml_alias_bomb_is_refused_at_once_keeping_the_form(site, database_url):  # noqa: F811
    assert len(BOMB) < 400
    csrf = await logged_in(site, database_url)
    form = programme_form(database_url, "pass_french_tech", csrf, eligibility_rules=BOMB,
                          funding_fr="Texte tapé", funding_en="Typed text")
    started = time.perf_counter()
    async with site.post("/admin/programmes/pass_french_tech", data=form) as response:
        text = await response.text()
    assert time.perf_counter() - started < 0.5
    assert response.status == 400
    assert shown("office_programme_yaml_aliases", field="eligibility_rules") in text
    assert "Texte tapé" in text  # the form as typed
    assert unchanged(database_url)


@pytest.mark.parametrize(("calls", "reason"), [
    ("[" * 5000 + "]" * 5000,
     shown("office_programme_too_deep", field="calls", limit=YAML_MAX_DEPTH)),
    ("- " + "x" * 20_001, shown("office_programme_too_long", field="calls", limit=YAML_MAX_CHARS)),
    ("- &anchor {title: {fr: a, en: b}}", shown("office_programme_yaml_aliases", field="calls")),
    ("- title: {fr: Appel, en: Call}\n  closes: 2031-02-30",
     shown("office_programme_unreadable", field="calls", error="day is out of range for month")),
])
async def test_a_dangerous_or_impossible_calls_field_is_a_400_naming_it(site, database_url,  # noqa: F811
                                                                        calls, reason):
    csrf = await logged_in(site, database_url)
    form = programme_form(database_url, "pass_french_tech", csrf, calls=calls)
    async with site.post("/admin/programmes/pass_french_tech", data=form) as response:
        text = await response.text()
    assert response.status == 400 and reason in text and "calls" in text
    assert 'name="calls"' in text  # the form is still there
    assert unchanged(database_url)


@pytest.mark.parametrize(("amount", "reason"), [
    ("9" * 40, shown("office_programme_amount_too_large", field="funding_amount_eur",
                     limit=LARGEST_AMOUNT)),
    ("²", shown("office_programme_amount_not_whole", field="funding_amount_eur"))])
async def test_a_funding_amount_no_column_holds_is_a_400(site, database_url, amount, reason):  # noqa: F811
    csrf = await logged_in(site, database_url)
    form = programme_form(database_url, "pass_french_tech", csrf, funding_amount_eur=amount)
    async with site.post("/admin/programmes/pass_french_tech", data=form) as response:
        assert response.status == 400 and reason in await response.text()
    assert unchanged(database_url)


async def test_a_csrf_token_in_any_alphabet_is_refused_not_a_crash(site, database_url):  # noqa: F811
    await logged_in(site, database_url)
    async with site.post("/admin/events", data={"csrf": "jeton-forgé-🙂",
                                                "title": "X"}) as response:
        assert response.status == 403


async def test_an_id_past_what_a_column_holds_is_not_found(site, database_url):  # noqa: F811
    csrf = await logged_in(site, database_url)
    async with site.get(f"/admin/handoffs/{HUGE_ID}") as response:
        assert response.status == 404
    for action in ("move", "cancel"):
        async with site.post(f"/admin/events/{HUGE_ID}/{action}", data={
                "csrf": csrf, "starts": "2031-03-13T09:00"}) as response:
            assert response.status == 404
