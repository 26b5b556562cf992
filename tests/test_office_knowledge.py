"""The back-office's knowledge pages over real HTTP (bot/office/knowledge.py): the entries by
subject, a new entry and an edit checked by the seed's own model, written with who and when
(so re-seeding leaves them alone) and in the audit log, every bad form a 400 that keeps what
was typed and says why, and the insights' unanswered questions one click from an answer."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, select

from bot.db import catalogue, office
from bot.db.models import KnowledgeEntry
from bot.db.queries import as_utc, utcnow
from bot.db.seed import apply_seed, load_seed
from bot.db.session import session_scope
from tests.support.factories import SEED_FILE
from tests.support.office import form_of, logged_in, site  # noqa: F401 (the back-office, logged in)

PARKING = {
    "key": "parking_visiteurs", "subject": "network", "aspect": "", "known": "1", "yes_no": "yes",
    "answer_fr": "Oui : un parking gratuit de 40 places est réservé aux visiteurs de Seine "
                 "Innopolis.",
    "answer_en": "Yes: a free 40-space car park is kept for Seine Innopolis's visitors.",
    "questions_fr": "y a-t-il un parking pour les visiteurs ?\r\n\r\non peut se garer ou ?",
    "questions_en": "is there a car park for visitors?",
    "source_title": "Normandy French Tech", "source_url": "", "source_date": "2026-12-01"}


def entry(url: str, key: str) -> KnowledgeEntry | None:
    with session_scope(url) as session:
        found = session.execute(select(KnowledgeEntry)
                                .where(KnowledgeEntry.key == key)).scalar_one_or_none()
        session.expunge_all()
        return found




async def test_the_entries_are_listed_by_subject(site, database_url):  # noqa: F811
    await logged_in(site, database_url)
    async with site.get("/admin/knowledge") as response:
        page = await response.text()
    assert response.status == 200
    assert "<h2>Réseau</h2>" in page and "<h2>Pass French Tech</h2>" in page
    assert page.index("<h2>Réseau</h2>") < page.index("<h2>Pass French Tech</h2>")
    assert 'href="/admin/knowledge/network_overview"' in page
    assert "Nouvelle entrée" in page and "[non dit par la source]" in page
    assert 'href="/admin/knowledge">Connaissances</a>' in page  # in the navigation
    async with site.get("/admin/knowledge", params={"lang": "en"}) as response:
        page = await response.text()
    assert "<h2>Network</h2>" in page and "New entry" in page and "Knowledge" in page
    async with site.get("/admin/knowledge/new") as response:
        page = await response.text()
    assert response.status == 200 and "Questions (one per line)" in page and "the key" in page
    async with site.get("/admin/knowledge/label_date") as response:
        page = await response.text()
    assert response.status == 200 and "Delete this entry" in page and "History" in page


async def test_a_new_entry_is_saved_audited_and_read_by_the_assistant_at_once(
        site, database_url):  # noqa: F811
    csrf = await logged_in(site, database_url)
    with session_scope(database_url) as session:
        before = len(catalogue.knowledge(session))  # the assistant's copy, cached
    async with site.post("/admin/knowledge", data={**PARKING, "csrf": csrf},
                         allow_redirects=False) as response:
        assert response.status == 303
        assert response.headers["Location"] == "/admin/knowledge/parking_visiteurs?saved=1"
    async with site.get(response.headers["Location"]) as response:
        page = await response.text()
    assert "Enregistré" in page and "réservé aux visiteurs" in page
    assert re.search(r"Camille : création : subject, aspect, known, yes_no, answer, questions, "
                     r"source", page)
    saved = entry(database_url, "parking_visiteurs")
    assert saved.aspect == "parking_visiteurs" and saved.yes_no == "yes" and saved.known
    assert saved.questions == {"fr": ["y a-t-il un parking pour les visiteurs ?",
                                      "on peut se garer ou ?"],
                               "en": ["is there a car park for visitors?"]}
    assert saved.changed_by == "Camille" and saved.changed_at is not None
    assert saved.source_title == "Normandy French Tech" and saved.source_url is None
    with session_scope(database_url) as session:
        entries = catalogue.knowledge(session)
        assert len(entries) == before + 1 and entries[-1].key == "parking_visiteurs"
        [audit] = [e for e in office.audit_entries(session) if e.action == "knowledge"]
    assert audit.who == "Camille" and audit.target == "parking_visiteurs"
    assert audit.detail["created"] and "answer" in audit.detail["fields"]


async def test_an_edit_is_audited_and_left_alone_by_the_next_seeding(site, database_url):  # noqa: F811
    csrf = await logged_in(site, database_url)
    async with site.get("/admin/knowledge/label_date") as response:
        values = form_of(await response.text())
    assert values["answer_fr"].startswith("La Normandy French Tech a obtenu le label")
    assert values["subject"] == "network" and values["known"] == "1"
    changed = {**values, "answer_en": "The label came on 25 June 2015 (edited).", "csrf": csrf}
    async with site.post("/admin/knowledge/label_date", data=changed) as response:
        page = await response.text()
    assert response.status == 200 and "Enregistré" in page and "(edited)" in page
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d — Camille : answer</li>", page)
    async with site.post("/admin/knowledge/label_date", data=changed) as response:
        assert response.status == 200  # nothing changed: nothing audited
    with session_scope(database_url) as session:
        audits = [e.detail for e in office.audit_entries(session) if e.action == "knowledge"]
        assert [a["fields"] for a in audits] == [["answer"]]
        [(before, after)] = [a["changes"]["answer"] for a in audits]  # before and after
        assert after["en"] == "The label came on 25 June 2015 (edited)."
        assert before["en"] != after["en"] and before["fr"] == after["fr"]
        report = apply_seed(session, load_seed(SEED_FILE))
    assert "label_date" in report.left_alone
    edited = entry(database_url, "label_date")
    assert edited.answer["en"] == "The label came on 25 June 2015 (edited)."
    assert edited.changed_by == "Camille" and as_utc(edited.changed_at) <= utcnow()


@pytest.mark.parametrize(("changes", "reason"), [
    ({"answer_en": ""}, "la réponse est nécessaire en français et en anglais"),
    ({"questions_en": " \r\n "}, "au moins une question en français et une en anglais"),
    ({"answer_fr": "très long " * 400}, "trop long"),
    ({"questions_fr": "q ?\n" * 60}, "trop long"),
    ({"subject": "pass_imaginaire"}, "le sujet « pass_imaginaire » n&#39;existe pas"),
    ({"key": "Parking Visiteurs"}, "la clé « Parking Visiteurs » ne convient pas"),
    ({"key": "new"}, "une entrée a déjà la clé « new »"),
    ({"key": "label_date"}, "une entrée a déjà la clé « label_date »"),
    ({"aspect": "les-visiteurs"}, "l&#39;aspect « les-visiteurs » ne convient pas"),
    ({"aspect": "label_date"}, "l&#39;entrée label_date a déjà cet aspect pour ce sujet"),
    ({"yes_no": "peut-être"}, "oui, non ou aucune"),
    ({"source_title": ""}, "la source a un titre et une date"),
    ({"source_date": "hier"}, "la source a un titre et une date"),
    ({"source_url": "javascript:alert(1)"}, "commence par https://"),
])
async def test_a_bad_form_saves_nothing_keeps_the_values_and_says_why(site, database_url,  # noqa: F811
                                                                      changes, reason):
    csrf = await logged_in(site, database_url)
    sent = {**PARKING, **changes, "csrf": csrf}
    async with site.post("/admin/knowledge", data=sent) as response:
        page = await response.text()
    assert response.status == 400, page[-500:]
    assert "Rien n&#39;a été enregistré" in page and reason in page
    kept = form_of(page)
    assert all(kept[name] == sent[name] for name in ("questions_en", "answer_fr", "source_date"))
    assert entry(database_url, "parking_visiteurs") is None
    assert entry(database_url, "new") is None


async def test_garbage_never_breaks_the_pages(site, database_url):  # noqa: F811
    csrf = await logged_in(site, database_url)
    async with site.post("/admin/knowledge", data={"csrf": csrf}) as response:
        assert response.status == 400 and "ne convient pas" in await response.text()
    async with site.post("/admin/knowledge/label_date", data={"csrf": csrf}) as response:
        assert response.status == 400
    async with site.post("/admin/knowledge/label_date", data={
            "csrf": csrf, "subject": "network", "known": "1", "answer_fr": "x" * 100_000,
            "answer_en": "y", "questions_fr": "a", "questions_en": "b"}) as response:
        assert response.status == 400 and "trop long" in await response.text()
    async with site.get("/admin/knowledge/no_such_entry") as response:
        assert response.status == 404
    async with site.post("/admin/knowledge/no_such_entry", data={"csrf": csrf}) as response:
        assert response.status == 404
    async with site.get("/admin/knowledge/new", params={"question": "é" * 1000,
                                                         "language": "xx"}) as response:
        assert response.status == 200
    assert entry(database_url, "label_date").changed_at is None  # untouched


async def test_markup_is_shown_never_run(site, database_url):  # noqa: F811
    csrf = await logged_in(site, database_url)
    script = "<script>alert(1)</script>"
    async with site.post("/admin/knowledge", data={**PARKING, "answer_fr": script,
                                                   "answer_en": "", "csrf": csrf}) as response:
        page = await response.text()
    assert response.status == 400 and script not in page and "&lt;script&gt;" in page
    async with site.post("/admin/knowledge", data={**PARKING, "answer_fr": script,
                                                   "questions_en": script,
                                                   "csrf": csrf}) as response:
        page = await response.text()
    assert response.status == 200 and script not in page and "&lt;script&gt;" in page
    async with site.get("/admin/knowledge") as response:
        page = await response.text()
    assert script not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


async def test_a_form_without_its_csrf_token_changes_nothing(site, database_url):  # noqa: F811
    await logged_in(site, database_url)
    async with site.post("/admin/knowledge", data=PARKING) as response:
        assert response.status == 403
    async with site.post("/admin/knowledge/label_date",
                         data={**PARKING, "csrf": "forged"}) as response:
        assert response.status == 403
    async with site.post("/admin/knowledge/label_date/delete") as response:
        assert response.status == 403
    assert entry(database_url, "parking_visiteurs") is None
    assert entry(database_url, "label_date").changed_at is None
    site.cookie_jar.clear()
    async with site.get("/admin/knowledge") as response:
        assert response.status == 401


async def test_an_entry_is_deleted_and_the_deletion_audited(site, database_url):  # noqa: F811
    csrf = await logged_in(site, database_url)
    async with site.post("/admin/knowledge/label_date/delete",
                         data={"csrf": csrf}) as response:
        page = await response.text()
    assert response.status == 200 and "L&#39;entrée label_date est supprimée" in page
    assert entry(database_url, "label_date") is None
    with session_scope(database_url) as session:
        assert any(e.action == "knowledge_deleted" and e.target == "label_date"
                   for e in office.audit_entries(session))


def rasa_said(url: str, *events: tuple[str, str, dict]) -> None:
    """Rasa's events table (its SQLTrackerStore's columns) holding these events."""
    table = Table("events", MetaData(), Column("id", Integer, primary_key=True),
                  Column("sender_id", String(255)), Column("type_name", String(255)),
                  Column("timestamp", Float), Column("intent_name", String(255)),
                  Column("action_name", String(255)), Column("data", Text))
    with session_scope(url) as session:
        table.create(session.get_bind(), checkfirst=True)
        now = utcnow().timestamp()
        for sender, kind, data in events:
            session.execute(table.insert().values(
                sender_id=sender, type_name=kind, timestamp=now, data=json.dumps(data),
                intent_name=(data.get("parse_data") or {}).get("intent", {}).get("name")))


def said(text: str, intent: str = "out_of_scope") -> dict:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def language(value: str) -> dict:
    return {"event": "slot", "name": "language", "value": value}


async def test_an_unanswered_question_is_one_click_from_its_answer(site, database_url):  # noqa: F811
    rasa_said(database_url, ("77", "user", said("is there a car park for visitors?")),
              ("77", "slot", language("en")),
              ("78", "user", said("Y a-t-il un parking & un vélo ?", "nlu_fallback")),
              ("78", "slot", language("fr")))
    await logged_in(site, database_url)
    async with site.get("/admin/insights") as response:
        page = await response.text()
    assert len(re.findall(r">Répondre</a>", page)) == 2
    hrefs = re.findall(r'href="(/admin/knowledge/new\?[^"]+)"', page)
    english = next(html.unescape(h) for h in hrefs if "car%20park" in h)
    assert urlsplit(english).query == ("question=is%20there%20a%20car%20park%20for%20visitors%3F"
                                       "&language=en")
    french = next(html.unescape(h) for h in hrefs if "language=fr" in h)
    assert "%26" in french  # the "&" of the question stays in the question
    async with site.get(english) as response:
        form = form_of(await response.text())
    assert form["questions_en"] == "is there a car park for visitors?" and not form["questions_fr"]
    assert form["key"] == "there_park_visitors" and form["source_title"]
    async with site.get(french) as response:
        form = form_of(await response.text())
    assert form["questions_fr"] == "Y a-t-il un parking & un vélo ?"
