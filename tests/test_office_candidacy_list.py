"""The candidacies' list for thousands of rows (issue 33): filtered and searched in the
database, one page of 50 at a time with a count and links that keep the filters; the CSV link
exports exactly the rows of the filter shown (every page), whatever the search holds (&, %,
+, accents); the language switch keeps the filters (bot/office/app.py,
bot/db/candidacies.py)."""

from __future__ import annotations

import csv
import html
import io
import re
import time
from datetime import datetime, timedelta, timezone

from bot.db.candidacies import CandidacyFilter, count_candidacies, list_candidacies
from bot.db.models import Candidacy
from bot.db.session import session_scope
from tests.support.office import logged_in, site  # noqa: F401 (the fixture)

START = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)


def many(url: str, count: int, company=lambda i: f"Startup {i}",  # noqa: ANN001
         status=lambda i: "submitted") -> None:  # noqa: ANN001
    with session_scope(url) as session:
        session.add_all(Candidacy(
            reference=f"NFT-2026-{i:05d}", year=2026, number=i, chat_id=str(10_000 + i),
            language="fr", programme_key="pass_french_tech", status=status(i),
            full_name=f"Personne {i}", company=company(i), consent_at=START,
            submitted_at=START + timedelta(hours=i), updated_at=START)
            for i in range(1, count + 1))


def references(text: str) -> list[str]:
    return re.findall(r'href="/admin/candidacies/(NFT-[\d-]+)"', text)


def href(text: str, rel: str) -> str:
    return html.unescape(re.search(rf'<a href="([^"]+)" rel="{rel}"', text).group(1))


async def test_a_long_list_comes_by_pages_of_fifty_with_a_count(site, database_url):  # noqa: F811
    many(database_url, 120)
    await logged_in(site, database_url)
    async with site.get("/admin/candidacies") as response:
        first = await response.text()
    assert "120 candidature(s) · page 1 sur 3" in first
    assert references(first) == [f"NFT-2026-{i:05d}" for i in range(1, 51)]
    assert 'rel="prev"' not in first
    async with site.get(href(first, "next")) as response:
        second = await response.text()
    assert references(second)[0] == "NFT-2026-00051" and "page 2 sur 3" in second
    async with site.get("/admin/candidacies", params={"page": "3"}) as response:
        last = await response.text()
    assert len(references(last)) == 20 and 'rel="next"' not in last
    assert href(last, "prev") == "/admin/candidacies?page=2"
    for asked, shown in (("999", "page 3 sur 3"), ("abc", "page 1 sur 3"), ("-2", "page 1"),
                         ("9" * 40, "page 3 sur 3")):
        async with site.get("/admin/candidacies", params={"page": asked}) as response:
            assert response.status == 200 and shown in await response.text(), asked


async def test_the_csv_link_exports_exactly_the_filtered_rows_whatever_the_search(
        site, database_url):  # noqa: F811
    companies = {3: "R&D Labs", 4: "R&D+ Factory", 5: "Rendu 100%", 6: "Réseau", 7: "R_D"}
    many(database_url, 130, company=lambda i: companies.get(i, f"Startup {i}"),
         status=lambda i: "in_review" if i in (3, 4, 100) else "submitted")
    await logged_in(site, database_url)
    cases = {("r&d", ""): ["NFT-2026-00003", "NFT-2026-00004"],
             ("R&D+", ""): ["NFT-2026-00004"],
             ("100%", ""): ["NFT-2026-00005"],
             ("r_d", ""): ["NFT-2026-00007"],
             ("r&d", "in_review"): ["NFT-2026-00003", "NFT-2026-00004"],
             ("", "in_review"): ["NFT-2026-00003", "NFT-2026-00004", "NFT-2026-00100"]}
    for (search, status), expected in cases.items():
        async with site.get("/admin/candidacies", params={"q": search, "status": status}
                            ) as response:
            text = await response.text()
        assert references(text) == expected, search
        link = html.unescape(re.search(r'href="(/admin/candidacies\.csv\?[^"]*)"',
                                       text).group(1))
        async with site.get(link) as response:
            exported = list(csv.DictReader(io.StringIO(await response.text())))
        assert [row["reference"] for row in exported] == expected, link
    # a filter over several pages (from the 12th, submitted at 12:00 + i hours): every row
    async with site.get("/admin/candidacies", params={"programme": "pass_french_tech",
                                                      "from": "2026-03-02"}) as response:
        text = await response.text()
    assert "119 candidature(s)" in text and len(references(text)) == 50
    link = html.unescape(re.search(r'href="(/admin/candidacies\.csv\?[^"]*)"', text).group(1))
    async with site.get(link) as response:
        assert len(list(csv.DictReader(io.StringIO(await response.text())))) == 119


async def test_the_pages_and_the_language_switch_keep_the_filters(site, database_url):  # noqa: F811
    many(database_url, 120, company=lambda i: "R&D Labs" if i % 2 else "Other")
    await logged_in(site, database_url)
    async with site.get("/admin/candidacies", params={"q": "r&d", "status": "submitted"}
                        ) as response:
        text = await response.text()
    assert "60 candidature(s) · page 1 sur 2" in text
    assert href(text, "next") == "/admin/candidacies?status=submitted&q=r%26d&page=2"
    switch = html.unescape(re.search(r'<a href="([^"]+)" class="lang">English', text).group(1))
    assert switch == "/admin/candidacies?q=r%26d&status=submitted&lang=en"
    async with site.get(switch) as response:
        english = await response.text()
    assert "60 candidacy(ies) · page 1 of 2" in english
    assert references(english) == references(text)


async def test_ten_thousand_candidacies_a_page_at_a_time(site, database_url):  # noqa: F811
    many(database_url, 10_000)
    with session_scope(database_url) as session:
        where = CandidacyFilter(search="personne 99")
        assert count_candidacies(session, where) == 111  # 99, 990-999, 9900-9999
        assert len(list_candidacies(session, where, 100, 50)) == 11
    await logged_in(site, database_url)
    started = time.perf_counter()
    async with site.get("/admin/candidacies", params={"page": "200"}) as response:
        text = await response.text()
    assert time.perf_counter() - started < 2
    assert "10000 candidature(s) · page 200 sur 200" in text and len(text) < 60_000
    assert references(text)[-1] == "NFT-2026-10000"
