"""The back-office's error pages (issue 33, point 10): a 404, 400, 403 or 405 is a page in the
staff member's language with the navigation, never aiohttp's bare text (a NUL character, which
PostgreSQL refuses in any text, is a 400); logged out, it says how to log in
(bot/office/errors.py)."""

from __future__ import annotations

from tests.support.office import candidacy, logged_in, site  # noqa: F401 (the fixture)

NAVIGATION = ('href="/admin/candidacies"', 'href="/admin/events"', 'href="/admin/audit"')


async def test_errors_are_pages_with_the_navigation_in_the_staffs_language(site,  # noqa: F811
                                                                           database_url):
    reference = candidacy(database_url)
    csrf = await logged_in(site, database_url)
    cases = [("GET", "/admin/candidacies/NFT-1999-9999", None, 404, "Page introuvable"),
             ("GET", "/admin/nowhere", None, 404, "Page introuvable"),
             ("GET", "/admin/events/1/cancel", None, 405, "Action impossible ici"),
             ("POST", f"/admin/candidacies/{reference}/status", {"csrf": csrf, "status": "x"},
              400, "Demande invalide"),
             ("POST", "/admin/handoffs/1/take", {"csrf": csrf}, 404, "Page introuvable"),
             ("GET", "/admin/candidacies?q=a%00b", None, 400, "Demande invalide"),  # NUL
             ("POST", f"/admin/candidacies/{reference}/notes", {"csrf": csrf, "note": "a\x00"},
              400, "Demande invalide"),
             ("POST", f"/admin/candidacies/{reference}/notes", {"csrf": "old", "note": "n"},
              403, "Refusé")]
    for method, path, form, status, title in cases:
        async with site.request(method, path, data=form) as response:
            text = await response.text()
        assert response.status == status, path
        assert response.content_type == "text/html" and f"<h1>{title}" in text, path
        assert all(link in text for link in NAVIGATION), path
    async with site.get("/admin/nowhere", params={"lang": "en"}) as response:
        assert "<h1>Page not found (404)" in await response.text()


async def test_logged_out_an_error_page_says_how_to_log_in(site, database_url):  # noqa: F811
    async with site.get("/admin/login/out") as response:
        assert response.status == 200
    async with site.post("/admin/handoffs/1/take", data={"csrf": "x"}) as response:
        text = await response.text()
    assert response.status == 401 and "Envoyez /admin" in text
    assert 'href="/admin/audit"' not in text
