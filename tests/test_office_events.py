"""Events in the back-office (issue 33, point 9): upcoming, past and cancelled in their own
views with subscriber counts; everything edited after creation (both languages); nothing
reaches a subscriber before a confirmation saying how many will be told; each change in the
audit with before and after (bot/office/events.py, bot/db/event_desk.py)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from bot.db.models import Event, ReminderBatch
from bot.db.models_staff import AuditEntry
from bot.db.queries import add_event, utcnow
from bot.db.reminders import ALL, event_target, subscribe
from bot.db.session import session_scope
from tests.support.office import logged_in, site  # noqa: F401 (the fixture)


def event_id_of(url: str, title: str) -> int | None:
    with session_scope(url) as session:
        return next((e.id for e in session.execute(select(Event)).scalars()
                     if e.title["fr"] == title), None)


def batches(url: str) -> list[str]:
    with session_scope(url) as session:
        return sorted(session.execute(select(ReminderBatch.key)).scalars())


async def test_views_and_subscriber_counts(site, database_url):  # noqa: F811
    now = utcnow()
    with session_scope(database_url) as session:
        ids = [add_event(session, title=title, starts_at=now + shift).id for title, shift in (
            ("Apéro à venir", timedelta(days=9)), ("Atelier passé", timedelta(days=-9)),
            ("Salon annulé", timedelta(days=20)))]
        session.get(Event, ids[2]).cancelled = True
        for chat in ("1", "2", "3"):
            subscribe(session, chat, event_target(ids[0]), "fr")
        subscribe(session, "4", ALL, "fr")
    await logged_in(site, database_url)
    shown = {}
    for view in ("upcoming", "past", "cancelled"):
        async with site.get("/admin/events", params={"view": view}) as response:
            shown[view] = await response.text()
    assert "Apéro à venir" in shown["upcoming"] and "Atelier passé" not in shown["upcoming"]
    assert "Salon annulé" not in shown["upcoming"]
    assert "Atelier passé" in shown["past"] and "Apéro à venir" not in shown["past"]
    assert "Salon annulé" in shown["cancelled"] and "Atelier passé" not in shown["cancelled"]
    assert re.search(r"Apéro à venir</a></td><td>[^<]+</td>\s*<td>—</td><td>3</td>",
                     shown["upcoming"])
    assert "1 personne(s) suivent tous les événements" in shown["upcoming"]


async def test_nothing_is_told_before_a_confirmation_and_every_field_is_edited(
        site, database_url):  # noqa: F811
    with session_scope(database_url) as session:
        subscribe(session, "40", ALL, "fr")
        subscribe(session, "41", ALL, "en")
    csrf = await logged_in(site, database_url)
    form = {"csrf": csrf, "title": "Demo day", "title_en": "Demo day (EN)",
            "starts": "2031-03-12T18:30", "place": "Rouen"}
    async with site.post("/admin/events", data=form) as response:
        text = await response.text()
    assert "sera annoncé à 2 personne(s)" in text and "Confirmer et prévenir" in text
    assert event_id_of(database_url, "Demo day") is None and batches(database_url) == []
    async with site.post("/admin/events", data={**form, "confirm": "1"}) as response:
        assert response.status == 200
    event_id = event_id_of(database_url, "Demo day")
    assert batches(database_url) == [f"announce:event:{event_id}"]

    # a new title and link tell nobody: saved at once, both languages
    edit = {"csrf": csrf, "title": "Demo day Normandie", "title_en": "Normandy demo day",
            "starts": "2031-03-12T18:30", "place": "Rouen", "url": "https://example.org/d",
            "description": "Dix startups", "description_en": "Ten startups"}
    async with site.post(f"/admin/events/{event_id}", data=edit) as response:
        assert response.status == 200 and "Enregistré" in await response.text()
    with session_scope(database_url) as session:
        event = session.get(Event, event_id)
        assert event.title == {"fr": "Demo day Normandie", "en": "Normandy demo day"}
        assert event.description == {"fr": "Dix startups", "en": "Ten startups"}
        assert event.url == "https://example.org/d"
    # a new date is news: confirmed first
    moved = {**edit, "starts": "2031-03-13T09:00", "place": "Caen"}
    async with site.post(f"/admin/events/{event_id}", data=moved) as response:
        assert "sera dit à 2 personne(s)" in await response.text()
    assert len(batches(database_url)) == 1
    async with site.post(f"/admin/events/{event_id}", data={**moved, "confirm": "1"}):
        pass
    assert len(batches(database_url)) == 2
    async with site.post(f"/admin/events/{event_id}", data={**moved, "url": "javascript:x"}
                         ) as response:
        text = await response.text()
    assert response.status == 400 and "javascript:x" in text  # refused, the form kept

    async with site.post(f"/admin/events/{event_id}/cancel", data={"csrf": csrf}) as response:
        assert "L&#39;annulation de « Demo day Normandie » sera dite à 2" in await response.text()
    with session_scope(database_url) as session:
        assert not session.get(Event, event_id).cancelled
    async with site.post(f"/admin/events/{event_id}/cancel", data={"csrf": csrf,
                                                                    "confirm": "1"}):
        pass
    with session_scope(database_url) as session:
        assert session.get(Event, event_id).cancelled
        audited = {e.action: e.detail["changes"] for e in session.execute(
            select(AuditEntry).where(AuditEntry.target == f"event:{event_id}")).scalars()}
    assert audited["event_cancelled"] == {"cancelled": [False, True]}
    assert audited["event_changed"]["starts"] == ["2031-03-12 18:30", "2031-03-13 09:00"]
    assert audited["event_changed"]["place"] == ["Rouen", "Caen"]
    async with site.get(f"/admin/events/{event_id}") as response:
        page = await response.text()
    assert "event_cancelled" in page and "annulé" in page and 'name="title"' not in page
