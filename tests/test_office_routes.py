"""The back-office's templates link by route name (aiohttp_jinja2's `url`), never by a written
path: every name they use is a route of bot/office/app.py, and none writes `/admin`. Its
modules likewise: a redirect or a form's action is `render.route` of a route's name, and only
app.py's route table (with render.PREFIX, the one spelling of the prefix) writes a path."""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from bot.config import Settings
from bot.office import render
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


def test_the_login_link_built_outside_the_office_is_its_login_route():
    """The staff chat's /login and `ftbot admin link` build the link with bot.config (the
    staff desk may not import the back-office): it must be the route "login"'s path."""
    settings = Settings(staff_chat_id=-100, staff_language="fr")
    app = add_office(web.Application(), settings)
    path = str(app.router["login"].url_for(token="abc"))
    assert settings.office_login_url("abc") == f"http://127.0.0.1:8081{path}"
    public = Settings(admin_url="https://staff.example.org/admin/")
    assert public.office_login_url("abc") == f"https://staff.example.org{path}"


def test_no_module_but_the_route_table_writes_an_office_path():
    modules = [m for m in Path(render.__file__).parent.glob("*.py") if m.name != "app.py"]
    assert len(modules) > 10
    prefixes = []
    for module in modules:
        code = module.read_text(encoding="utf-8")
        assert "/admin/" not in code, module.name
        prefixes += [(module.name, line.strip()) for line in code.splitlines()
                     if re.search(r"""['"]/admin['"/]""", line)]
    [(where, line)] = prefixes
    assert where == "render.py" and line.startswith('PREFIX = "/admin"')


def test_a_redirect_is_its_routes_path_quoted_with_its_query():
    app = add_office(web.Application(), Settings(staff_chat_id=-100, staff_language="fr"))
    request = make_mocked_request("POST", "/admin/knowledge/x", app=app)
    assert render.route(request, "knowledge_entry", {"saved": "1"}, key="a é") == (
        "/admin/knowledge/a%20%C3%A9?saved=1")
    assert render.route(request, "handoff", {"done": "taken"}, handoff_id=7) == (
        "/admin/handoffs/7?done=taken")
    assert render.route(request, "knowledge", {"deleted": "a&b"}) == (
        "/admin/knowledge?deleted=a%26b")
    assert render.route(request, "home", {"lang": "en"}) == "/admin/?lang=en"
    assert render.route(request, "logged_out") == "/admin/login/out"
