"""The back-office's templates link by route name (aiohttp_jinja2's `url`), never by a written
path: every name they use is a route of bot/office/app.py, and none writes `/admin`."""

from __future__ import annotations

import re

from aiohttp import web

from bot.config import Settings
from bot.office.app import TEMPLATES, add_office

URL_CALL = re.compile(r"""url\(\s*['"](\w+)['"]""")


def test_the_templates_name_routes_and_write_no_path():
    app = add_office(web.Application(), Settings(staff_chat_id=-100, staff_language="fr"))
    routes = set(app.router.named_resources())
    used: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "/admin" not in text, template.name
        used |= set(URL_CALL.findall(text))
    assert used and used - routes == set()
    assert {"home", "candidacy", "handoff_reply", "event_cancel", "stylesheet"} <= used


def test_a_route_name_gives_its_path_under_admin():
    app = add_office(web.Application(), Settings(staff_chat_id=-100, staff_language="fr"))
    assert str(app.router["candidacy_status"].url_for(reference="NFT-2026-0001")) == (
        "/admin/candidacies/NFT-2026-0001/status")
    assert str(app.router["home"].url_for()) == "/admin/"
    assert str(app.router["knowledge_entry"].url_for(key="a b")) == "/admin/knowledge/a%20b"
