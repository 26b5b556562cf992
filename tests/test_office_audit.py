"""The audit log you can use (issue 33, point 8): each change with its before and after
values, filtered by who, what, which record and when, a page at a time with a count; a
scheme's and a knowledge entry's history read from the rows about them, however many rows
came after (bot/office/audit.py, bot/db/audit.py)."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

from bot.db.models_staff import AuditEntry
from bot.db.session import session_scope
from tests.support.office import form_of, logged_in, programme_form, site  # noqa: F401 (the fixture)

DAY = datetime(2026, 5, 4, 10, tzinfo=timezone.utc)


def noise(url: str, count: int, start: datetime = DAY) -> None:
    """`count` changes by others, to other records, after `start`."""
    with session_scope(url) as session:
        session.add_all(AuditEntry(
            at=start + timedelta(minutes=i), who="Dominique" if i % 3 else "Lou",
            action="candidacy_note", target=f"NFT-2026-{i:05d}") for i in range(count))


async def test_a_change_shows_before_and_after_and_the_log_is_filtered_by_pages(
        site, database_url):  # noqa: F811
    csrf = await logged_in(site, database_url)
    form = programme_form(database_url, "pass_french_tech", csrf,
                          funding_fr="Jusqu'à 30 000 €", funding_en="Up to €30,000")
    async with site.post("/admin/programmes/pass_french_tech", data=form) as response:
        assert response.status == 200
    noise(database_url, 120)
    async with site.get("/admin/audit", params={"action": "programme"}) as response:
        text = html.unescape(await response.text())
    assert "1 modification(s)" in text and "Camille" in text
    assert re.search(r"<strong>funding</strong> : <del>fr: [^<]*volet financier[^<]* · en: "
                     r"[^<]*</del> → <ins>fr: Jusqu'à 30 000 € · en: Up to €30,000</ins>", text)
    async with site.get("/admin/audit") as response:
        text = await response.text()
    assert "modification(s) · page 1 sur 3" in text and text.count("<tr>") == 51
    async with site.get("/admin/audit", params={"who": "Lou", "page": "2"}) as response:
        text = await response.text()
    assert "40 modification(s) · page 1 sur 1" in text  # a page past the last: the last
    async with site.get("/admin/audit", params={"target": "nft-2026-0011",
                                                "who": "Dominique"}) as response:
        text = await response.text()
    assert "7 modification(s)" in text  # 110, 112, 113, 115, 116, 118, 119 (not Lou's)
    async with site.get("/admin/audit", params={"from": "2026-05-04", "to": "2026-05-04",
                                                "action": "candidacy_note"}) as response:
        assert "120 modification(s)" in await response.text()
    async with site.get("/admin/audit", params={"to": "2026-05-03"}) as response:
        assert "0 modification(s)" in await response.text()
    async with site.get("/admin/audit", params={"who": "Lou", "lang": "en"}) as response:
        text = html.unescape(await response.text())
    assert "40 change(s)" in text
    assert 'href="/admin/audit?who=Lou&lang=fr"' in text  # the switch keeps the filters


async def test_a_schemes_and_an_entrys_history_outlive_thousands_of_later_rows(
        site, database_url):  # noqa: F811
    csrf = await logged_in(site, database_url)
    form = programme_form(database_url, "pass_french_tech", csrf,
                          funding_fr="Jusqu'à 31 000 €", funding_en="Up to €31,000")
    async with site.post("/admin/programmes/pass_french_tech", data=form) as response:
        assert response.status == 200
    async with site.get("/admin/knowledge/label_date") as response:
        values = form_of(await response.text())
    values["answer_fr"] += " (vérifié)"
    async with site.post("/admin/knowledge/label_date", data={**values, "csrf": csrf}
                         ) as response:
        assert response.status == 200
    noise(database_url, 1500, start=datetime.now(timezone.utc) + timedelta(minutes=1))
    async with site.get("/admin/programmes/pass_french_tech") as response:
        text = await response.text()
    assert re.search(r"Camille[^<]*funding", text)
    assert 'href="/admin/audit?target=pass_french_tech"' in text  # before and after there
    async with site.get("/admin/audit", params={"target": "pass_french_tech"}) as response:
        assert "<ins>fr: Jusqu'à 31 000 € · en: Up to €31,000</ins>" in html.unescape(
            await response.text())
    async with site.get("/admin/knowledge/label_date") as response:
        assert re.search(r"Camille[^<]*answer", await response.text())
