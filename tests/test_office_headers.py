"""Every back-office response carries the security headers (issue 33): a Content-Security-Policy
allowing no script and styles only from the office's stylesheet, no framing, no MIME sniffing,
no referrer (a login link never leaks), and nothing kept in a cache, so Back after logout
shows nothing (bot/office/render.py)."""

from __future__ import annotations

import re

from bot.db import handoffs
from bot.db.session import session_scope
from tests.support.office import candidacy, logged_in, site  # noqa: F401 (the fixture)

EXPECTED = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer"}


def protected(headers) -> bool:  # noqa: ANN001
    policy = headers.get("Content-Security-Policy", "")
    return (all(headers.get(name) == value for name, value in EXPECTED.items())
            and "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
            and "style-src 'self'" in policy and "unsafe" not in policy
            and "script-src" not in policy)


async def test_every_page_error_and_redirect_carries_the_headers_and_is_never_cached(
        site, database_url):  # noqa: F811
    reference = candidacy(database_url)
    with session_scope(database_url) as session:
        handoff_id = handoffs.open_handoff(session, chat_id="55", language="fr",
                                           reason="request", user_name="Jeanne",
                                           transcript=[]).id
    async with site.get("/admin/candidacies", allow_redirects=False) as response:
        assert response.status == 401 and protected(response.headers)
        assert response.headers["Cache-Control"] == "no-store"
    async with site.get("/admin/login/not-a-link") as response:
        assert response.status == 403 and protected(response.headers)
    csrf = await logged_in(site, database_url)
    pages = ["/admin/", "/admin/candidacies", f"/admin/candidacies/{reference}",
             "/admin/candidacies.csv", "/admin/audit", "/admin/handoffs",
             f"/admin/handoffs/{handoff_id}", "/admin/insights", "/admin/insights/unanswered.yml",
             "/admin/events", "/admin/programmes", "/admin/programmes/pass_french_tech",
             "/admin/knowledge", "/admin/knowledge/new", "/admin/candidacies/NFT-0000-0000",
             "/admin/nowhere", f"/admin/handoffs/{'9' * 26}"]
    for path in pages:
        async with site.get(path, allow_redirects=False) as response:
            assert response.status in (200, 404), path
            assert protected(response.headers), path
            assert response.headers["Cache-Control"] == "no-store", path
            if response.content_type == "text/html":
                text = await response.text()
                assert "<script" not in text and "style=" not in text, path
                assert "<style" not in text, path
    for confirmed in ("", "1"):  # the confirmation page, then the decision's redirect
        async with site.post(f"/admin/candidacies/{reference}/status", allow_redirects=False,
                             data={"status": "in_review", "csrf": csrf, "confirm": confirmed}
                             ) as response:
            assert response.status == (303 if confirmed else 200)
            assert protected(response.headers)
            assert response.headers["Cache-Control"] == "no-store"
    async with site.post("/admin/logout", allow_redirects=False, data={"csrf": "forged"}
                         ) as response:
        assert response.status == 403 and protected(response.headers)


async def test_the_stylesheet_is_served_to_anyone_and_is_the_only_style(site):  # noqa: F811
    async with site.get("/admin/office.css") as response:
        assert response.status == 200 and response.content_type == "text/css"
        assert protected(response.headers) and "no-store" not in response.headers[
            "Cache-Control"]
        assert "header" in await response.text()
    async with site.get("/admin/candidacies") as response:  # the login page is styled too
        assert re.search(r'<link rel="stylesheet" href="/admin/office.css">',
                         await response.text())


async def test_paths_outside_the_office_are_left_alone(site):  # noqa: F811
    async with site.get("/elsewhere") as response:
        assert response.status == 404
        assert "Content-Security-Policy" not in response.headers
