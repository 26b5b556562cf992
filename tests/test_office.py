"""The back-office over real HTTP (aiohttp's test server on loopback): a one-time login link,
a session, CSRF on every form, the candidacies' pages and a status change that reaches the
applicants' outbox and the audit log (bot/office/app.py, bot/db/office.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.config import PARIS
from bot.db import office
from bot.db.candidacies import by_reference, submit
from bot.db.models import Event
from bot.db.models_staff import ApplicantMessage, OfficeLogin
from bot.db.queries import as_utc, get_programme, list_events, utcnow
from bot.db.session import session_scope
from tests.support.office import candidacy, link_token, logged_in, programme_form, shown


async def test_a_login_link_works_once_and_sets_a_protected_session(site, database_url):
    token = link_token(database_url)
    async with site.get(f"/admin/login/{token}", allow_redirects=False) as response:
        assert response.status == 303 and response.headers["Location"] == "/admin/"
        cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/admin" in cookie
    assert "Max-Age=43200" in cookie  # 12 hours
    async with site.get("/admin/") as response:
        assert "Bonjour Camille" in await response.text()
    site.cookie_jar.clear()
    async with site.get(f"/admin/login/{token}") as response:  # the same link again
        assert response.status == 403 and "ne fonctionne plus" in await response.text()


async def test_an_expired_link_opens_nothing(site, database_url):
    token = link_token(database_url)
    with session_scope(database_url) as session:
        [login] = session.execute(select(OfficeLogin)).scalars()
        assert login.expires_at - login.created_at == timedelta(minutes=10)
    with session_scope(database_url) as session:
        for login in session.execute(select(OfficeLogin)).scalars():
            login.expires_at = utcnow() - timedelta(seconds=1)
    async with site.get(f"/admin/login/{token}") as response:
        assert response.status == 403


async def test_without_a_session_every_page_is_refused(site):
    for path in ("/admin/", "/admin/candidacies", "/admin/audit"):
        async with site.get(path) as response:
            assert response.status == 401 and "/admin" in await response.text()


async def test_a_form_without_its_csrf_token_changes_nothing(site, database_url):
    reference = candidacy(database_url)
    await logged_in(site, database_url)
    async with site.post(f"/admin/candidacies/{reference}/status",
                         data={"status": "accepted"}) as response:
        assert response.status == 403
    async with site.post(f"/admin/candidacies/{reference}/status",
                         data={"status": "accepted", "csrf": "forged"}) as response:
        assert response.status == 403
    with session_scope(database_url) as session:
        assert by_reference(session, reference).status == "submitted"


async def test_a_status_change_tells_the_applicant_and_is_audited(site, database_url):
    reference = candidacy(database_url)
    csrf = await logged_in(site, database_url)
    async with site.post(f"/admin/candidacies/{reference}/status", data={
            "status": "accepted", "message": "Welcome aboard!", "csrf": csrf,
            "confirm": "1"}) as response:  # confirmed (tests/test_office_decisions.py)
        page = await response.text()
    # the heading and the history say it in the staff's language (the page always holds
    # value="accepted", in the status list, so "accept" alone would prove nothing)
    assert f"<h1>{reference} — acceptée</h1>" in page and "déposée → acceptée" in page
    assert "(Camille) : « Welcome aboard! »" in page  # the history (the header names Camille)
    with session_scope(database_url) as session:
        assert by_reference(session, reference).status == "accepted"
        [message] = session.execute(select(ApplicantMessage)).scalars()
        assert message.chat_id == "4242"
        assert message.text.startswith(f"Your candidacy {reference} (Pass French Tech)")
        assert message.text.endswith("Message from the team: Welcome aboard!")
    async with site.get("/admin/audit") as response:
        audit = await response.text()
    assert "candidacy_status" in audit and reference in audit and "login" in audit


async def test_candidacies_are_filtered_and_searched(site, database_url):
    ana = candidacy(database_url, "Ana Souza")
    with session_scope(database_url) as session:
        bob = submit(session, chat_id="77", language="fr", programme_key="bourse_french_tech",
                     fields={"full_name": "Bob Martin", "consent_at": utcnow()}).reference
    await logged_in(site, database_url)
    async with site.get("/admin/candidacies", params={"q": "souza"}) as response:
        text = await response.text()
    assert ana in text and bob not in text
    async with site.get("/admin/candidacies",
                        params={"programme": "bourse_french_tech"}) as response:
        text = await response.text()
    assert bob in text and ana not in text


async def test_markup_in_an_answer_is_shown_never_run(site, database_url):
    reference = candidacy(database_url, "<script>alert(1)</script>")
    await logged_in(site, database_url)
    async with site.get(f"/admin/candidacies/{reference}") as response:
        text = await response.text()
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text


async def test_a_scheme_edited_in_both_languages_is_saved_and_audited(site, database_url):
    csrf = await logged_in(site, database_url)
    async with site.get("/admin/programmes/pass_french_tech") as response:
        assert "volet financier" in await response.text()
    form = programme_form(database_url, "pass_french_tech", csrf,
                          funding_fr="Jusqu'à 30 000 € (appel 2027).",
                          funding_en="Up to €30,000 (2027 call).", operator="Bpifrance")
    async with site.post("/admin/programmes/pass_french_tech", data=form) as response:
        page = await response.text()
    assert response.status == 200 and "Enregistré" in page
    assert "Camille : funding, operator" in page  # the scheme's history
    with session_scope(database_url) as session:
        pass_ = get_programme(session, "pass_french_tech")
        assert pass_.funding == {"fr": "Jusqu'à 30 000 € (appel 2027).",
                                 "en": "Up to €30,000 (2027 call)."}
        assert pass_.operator == "Bpifrance"
        assert pass_.rules[0].code == "french_tech_territory"  # the rest as it was
        [entry] = [e for e in office.audit_entries(session) if e.action == "programme"]
        assert entry.detail["fields"] == ["funding", "operator"] and entry.who == "Camille"
        assert entry.detail["changes"]["operator"][1] == "Bpifrance"  # before and after
        assert entry.detail["changes"]["funding"][1] == pass_.funding


@pytest.mark.parametrize(("changes", "reason"), [
    ({"funding_fr": "Nouveau texte", "funding_en": ""},
     shown("office_programme_texts_needed", field="funding", languages="fr, en")),
    ({"eligibility_rules": "- code: teen\n  check: {stage_in: [teenager]}\n  text: {fr: a, en: b}"},
     shown("office_schema_rule_check", field="eligibility_rules.0", code="teen")),  # the
    # seed's own check (bot/db/seed_schema.py), in the staff's language
    ({"eligibility_rules": "- code: teen\n  text: {fr: a, en: b}"},  # pydantic's own, by type
     shown("office_schema_missing", field="eligibility_rules.0.check")),
    ({"eligibility_rules": "- [unclosed"},
     shown("office_programme_not_yaml", field="eligibility_rules", error="ParserError")),
    ({"funding_amount_eur": "beaucoup"},
     shown("office_programme_amount_not_whole", field="funding_amount_eur")),
])
async def test_an_invalid_edit_changes_nothing_and_says_why(site, database_url, changes,
                                                             reason):
    csrf = await logged_in(site, database_url)
    form = programme_form(database_url, "pass_french_tech", csrf, **changes)
    async with site.post("/admin/programmes/pass_french_tech", data=form) as response:
        assert response.status == 400 and reason in await response.text()
    with session_scope(database_url) as session:
        assert "volet financier" in get_programme(session, "pass_french_tech").funding["fr"]


async def test_why_nothing_was_saved_is_said_in_the_staffs_language(site, database_url):
    csrf = await logged_in(site, database_url)
    form = programme_form(database_url, "pass_french_tech", csrf, funding_amount_eur="beaucoup")
    async with site.get("/admin/programmes?lang=en") as response:  # the header's English
        assert response.status == 200
    async with site.post("/admin/programmes/pass_french_tech", data=form) as response:
        page = await response.text()
    assert response.status == 400
    assert "funding_amount_eur: a whole number of euros, or empty" in page
    assert shown("office_programme_amount_not_whole", field="funding_amount_eur") not in page


async def test_events_are_created_moved_and_cancelled_like_on_the_command_line(site,
                                                                               database_url):
    csrf = await logged_in(site, database_url)
    async with site.post("/admin/events", data={
            "csrf": csrf, "title": "Demo day Normandie", "starts": "2031-03-12T18:30",
            "place": "Seine Innopolis"}) as response:
        page = await response.text()
    assert response.status == 200 and "Demo day Normandie" in page
    with session_scope(database_url) as session:
        [event] = [e for e in list_events(session) if e.title["fr"] == "Demo day Normandie"]
        assert as_utc(event.starts_at).astimezone(PARIS).hour == 18
        event_id = event.id
    async with site.post(f"/admin/events/{event_id}/move", data={
            "csrf": csrf, "starts": "2031-03-13T09:00", "place": "Caen",
            "title": "Demo day Normandie (Caen)"}) as response:
        assert response.status == 200 and "Demo day Normandie (Caen)" in await response.text()
    async with site.post(f"/admin/events/{event_id}/cancel", data={"csrf": csrf}) as response:
        assert response.status == 200
    with session_scope(database_url) as session:
        event = session.get(Event, event_id)
        assert event.cancelled and event.place == "Caen"
        actions = [e.action for e in office.audit_entries(session)]
    assert {"event_created", "event_changed", "event_cancelled"} <= set(actions)


async def test_an_event_in_the_past_is_refused_with_the_reason(site, database_url):
    csrf = await logged_in(site, database_url)
    async with site.post("/admin/events", data={
            "csrf": csrf, "title": "Trop tard", "starts": "2020-01-01T10:00"}) as response:
        assert response.status == 400 and shown("event_date_past") in await response.text()


async def test_handoffs_show_who_took_them_and_the_time_to_a_first_answer(site, database_url):
    from bot.db import handoffs

    with session_scope(database_url) as session:
        handoff = handoffs.open_handoff(session, chat_id="55", language="fr", reason="request",
                                        user_name="Jeanne")
        handoffs.take(handoff, "Camille")
        handoff.transcript = [*handoff.transcript, {
            "at": (as_utc(handoff.opened_at) + timedelta(minutes=7)).isoformat(),
            "by": "staff", "name": "Camille", "text": "Bonjour Jeanne, je regarde."}]
        handoff_id = handoff.id
    await logged_in(site, database_url)
    async with site.get("/admin/handoffs", params={"status": "taken"}) as response:
        listing = await response.text()
    # "Camille, since": who took it (the header names the staff member on every page)
    assert "Jeanne" in listing and "Camille, depuis le" in listing and "7 min" in listing
    async with site.get(f"/admin/handoffs/{handoff_id}") as response:
        assert "Bonjour Jeanne, je regarde." in await response.text()


async def test_insights_show_the_figures_and_offer_the_unanswered_snippet(site, database_url):
    candidacy(database_url)
    await logged_in(site, database_url)
    async with site.get("/admin/insights") as response:
        text = await response.text()
    assert response.status == 200 and "<svg" in text and "Pass French Tech" in text
    async with site.get("/admin/insights/unanswered.yml") as response:
        assert response.status == 200
        assert (await response.text()).startswith('version: "3.1"')


async def test_an_operator_gets_a_link_from_the_command_line(site, database_url):
    from tests.support.assistant import ftbot

    result = ftbot("admin", "link", "--name", "Dominique", database_url=database_url)
    assert result.returncode == 0, result.stderr[-2000:]
    path = "/admin/" + result.stdout.strip().split("/admin/", 1)[1]
    async with site.get(path) as response:
        assert "Bonjour Dominique" in await response.text()


async def test_the_list_filters_by_date_and_exports_what_it_shows(site, database_url):
    ana = candidacy(database_url, "=cmd|' /C calc'!A0")
    await logged_in(site, database_url)
    today = utcnow().date().isoformat()
    async with site.get("/admin/candidacies", params={"from": today, "to": today}) as response:
        assert ana in await response.text()
    async with site.get("/admin/candidacies", params={"to": "2020-01-01"}) as response:
        assert ana not in await response.text()
    async with site.get("/admin/candidacies.csv", params={"from": today}) as response:
        exported = await response.text()
    assert ana in exported and "'=cmd|" in exported  # shown as typed, never a formula


async def test_each_staff_member_chooses_french_or_english(site, database_url):
    await logged_in(site, database_url)
    async with site.get("/admin/", params={"lang": "en"}) as response:
        assert "Hello Camille" in await response.text()
    async with site.get("/admin/candidacies") as response:  # the choice stays
        text = await response.text()
    assert "Candidacies" in text and "Français" in text
