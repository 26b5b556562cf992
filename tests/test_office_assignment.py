"""Candidacies assigned to a staff member (shown and filtered on the list, on the page, in the
CSV, audited with before and after), the list's order, and a candidacy's previous/next in the
list as last shown (same filters, same order) (bot/office/listing.py, decisions.py,
bot/db/candidacy_desk.py)."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.db import office
from bot.db.models import Candidacy
from bot.db.models_staff import AuditEntry
from bot.db.session import session_scope
from tests.support.office import logged_in, site  # noqa: F401 (the fixture)

START = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)


def rows(url: str, count: int) -> None:
    """Candidacies 1..count, submitted an hour apart; odd ones in review, names backwards."""
    with session_scope(url) as session:
        session.add_all(Candidacy(
            reference=f"NFT-2026-{i:05d}", year=2026, number=i, chat_id=str(20_000 + i),
            language="fr", programme_key="pass_french_tech",
            status="in_review" if i % 2 else "submitted", full_name=f"Nom {100 - i:03d}",
            company=f"Société {i}", consent_at=START, submitted_at=START + timedelta(hours=i),
            updated_at=START) for i in range(1, count + 1))


def references(text: str) -> list[str]:
    return re.findall(r'href="/admin/candidacies/(NFT-[\d-]+)"', text)


def neighbour(text: str, rel: str) -> str | None:
    found = re.search(rf'href="/admin/candidacies/(NFT-[\d-]+)" rel="{rel}"', text)
    return found.group(1) if found else None


async def test_a_candidacy_is_assigned_shown_filtered_exported_and_audited(site,  # noqa: F811
                                                                           database_url):
    rows(database_url, 4)
    with session_scope(database_url) as session:
        office.issue_login(session, 2002, "Dominique")  # a colleague who logged in once
    csrf = await logged_in(site, database_url)  # Camille, 1001
    async with site.get("/admin/candidacies/NFT-2026-00002") as response:
        text = await response.text()
    assert "Suivie par personne" in text
    assert '<option value="2002" >Dominique</option>' in text and ">Camille</option>" in text
    async with site.post("/admin/candidacies/NFT-2026-00002/assign",
                         data={"csrf": csrf, "staff": "2002"}) as response:
        text = await response.text()
    assert response.status == 200 and "Attribution enregistrée" in text
    assert "Suivie par Dominique (depuis le" in text
    async with site.post("/admin/candidacies/NFT-2026-00003/assign",
                         data={"csrf": csrf, "staff": "1001"}) as response:
        assert response.status == 200
    async with site.post("/admin/candidacies/NFT-2026-00003/assign",
                         data={"csrf": csrf, "staff": "31337"}) as response:  # not staff
        text = await response.text()
    assert response.status == 400 and "pas dans l&#39;équipe" in text
    async with site.post("/admin/candidacies/NFT-2026-00004/assign",
                         data={"staff": "1001"}) as response:  # no CSRF token
        assert response.status == 403

    async with site.get("/admin/candidacies") as response:
        text = await response.text()
    assert "<td>Dominique</td>" in text and "<td>Camille</td>" in text
    for assigned, expected in (("me", ["NFT-2026-00003"]), ("2002", ["NFT-2026-00002"]),
                               ("none", ["NFT-2026-00001", "NFT-2026-00004"])):
        async with site.get("/admin/candidacies", params={"assigned": assigned}) as response:
            assert references(await response.text()) == expected, assigned
    async with site.get("/admin/candidacies.csv", params={"assigned": "me"}) as response:
        [row] = list(csv.DictReader(io.StringIO(await response.text())))
    assert row["reference"] == "NFT-2026-00003" and row["assigned_to"] == "Camille"

    async with site.post("/admin/candidacies/NFT-2026-00002/assign",
                         data={"csrf": csrf, "staff": ""}) as response:  # to nobody
        assert "Suivie par personne" in await response.text()
    with session_scope(database_url) as session:
        changes = [e.detail["changes"]["assigned_to"] for e in session.execute(
            select(AuditEntry).where(AuditEntry.action == "candidacy_assigned",
                                     AuditEntry.target == "NFT-2026-00002")
            .order_by(AuditEntry.id)).scalars()]
    assert changes == [[None, "Dominique"], ["Dominique", None]]


async def test_the_list_is_sorted_and_the_page_walks_it_in_that_order(site,  # noqa: F811
                                                                      database_url):
    rows(database_url, 120)
    await logged_in(site, database_url)
    async with site.get("/admin/candidacies", params={"sort": "newest"}) as response:
        text = await response.text()
    assert references(text)[:2] == ["NFT-2026-00120", "NFT-2026-00119"]
    async with site.get("/admin/candidacies", params={"sort": "name"}) as response:
        assert references(await response.text())[:2] == ["NFT-2026-00101",  # "Nom -01"
                                                          "NFT-2026-00102"]
    async with site.get("/admin/candidacies", params={"sort": "'; DROP TABLE x"}) as response:
        assert references(await response.text())[0] == "NFT-2026-00001"  # the default

    # the list in review, newest first: 119, 117, 115, ...; the page walks that list
    async with site.get("/admin/candidacies", params={"status": "in_review", "sort": "newest",
                                                      "page": "2"}) as response:
        text = await response.text()
    assert "60 candidature(s) · page 2 sur 2" in text
    assert references(text)[0] == "NFT-2026-00019"
    async with site.get("/admin/candidacies/NFT-2026-00019") as response:
        page = await response.text()
    assert neighbour(page, "prev") == "NFT-2026-00021"
    assert neighbour(page, "next") == "NFT-2026-00017"
    assert "n° 51 de la liste" in page
    assert 'href="/admin/candidacies?status=in_review&amp;sort=newest"' in page
    async with site.get("/admin/candidacies/NFT-2026-00119") as response:
        page = await response.text()
    assert neighbour(page, "prev") is None and neighbour(page, "next") == "NFT-2026-00117"
    async with site.get("/admin/candidacies/NFT-2026-00001") as response:
        page = await response.text()
    assert neighbour(page, "next") is None and neighbour(page, "prev") == "NFT-2026-00003"
    async with site.get("/admin/candidacies/NFT-2026-00002") as response:  # not in the list
        page = await response.text()
    assert response.status == 200 and 'rel="prev"' not in page and 'rel="next"' not in page


async def test_a_huge_search_is_cut_and_the_session_keeps_a_small_list(site, database_url):  # noqa: F811
    rows(database_url, 3)
    await logged_in(site, database_url)
    async with site.get("/admin/candidacies", params={"q": "Société 1" + "x" * 7000}
                        ) as response:
        assert response.status == 200
        cookie = response.headers.get("Set-Cookie", "")
    assert "ftbot_office=" in cookie and len(cookie) < 1500  # 200 characters of search kept
    async with site.get("/admin/candidacies/NFT-2026-00001") as response:
        assert response.status == 200
