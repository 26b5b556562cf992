"""The back-office over real HTTP (aiohttp's test server on loopback): a seeded site, a
candidacy, a staff member logged in with a one-time link, a scheme's form as a browser sends it."""

from __future__ import annotations

import html
import re

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from markupsafe import escape

from bot.config import Settings
from bot.db import office
from bot.db.candidacies import submit
from bot.db.export import programme_document
from bot.db.queries import get_programme, utcnow
from bot.db.seed import apply_seed, load_seed
from bot.db.session import session_scope
from bot.i18n import t
from bot.office.app import add_office
from bot.office.programmes import form_values
from tests.support.factories import SEED_FILE

STAFF_LANGUAGE = "fr"  # the site's staff read French until they choose (?lang=)

# A YAML alias bomb ("billion laughs"): a few hundred characters, billions once expanded.
BOMB = """a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def candidacy(url: str, name: str = "Ana Souza", language: str = "en") -> str:
    with session_scope(url) as session:
        return submit(session, chat_id="4242", language=language,
                      programme_key="pass_french_tech",
                      fields={"full_name": name, "company": "Rio Labs", "town": "Caen",
                              "consent_at": utcnow()}).reference


def link_token(url: str, name: str = "Camille") -> str:
    with session_scope(url) as session:
        return office.issue_login(session, 1001, name)


@pytest.fixture
async def site(database_url):
    with session_scope(database_url) as session:
        apply_seed(session, load_seed(SEED_FILE))
    root = add_office(web.Application(), Settings(database_url=database_url,
                                                  staff_chat_id=-100,
                                                  staff_language=STAFF_LANGUAGE))
    server = TestServer(root, host="127.0.0.1")
    await server.start_server()
    async with aiohttp.ClientSession(base_url=str(server.make_url("/")),
                                     cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        yield browser
    await server.close()


async def logged_in(browser: aiohttp.ClientSession, url: str) -> str:
    """Log in with a fresh link; the page's CSRF token."""
    async with browser.get(f"/admin/login/{link_token(url)}") as response:
        assert response.status == 200 and "Bonjour Camille" in await response.text()
    async with browser.get("/admin/candidacies") as response:
        return re.search(r'name="csrf" value="([^"]+)"', await response.text()).group(1)


def shown(key: str, **values: object) -> str:
    """A text of bot/messages.yml as the site's pages write it: in the staff's language,
    escaped as the templates escape it."""
    return str(escape(t(key, STAFF_LANGUAGE, **values)))


def programme_form(url: str, key: str, csrf: str, **changes: str) -> dict:
    """The programme page's form as a browser would send it, with `changes`."""
    with session_scope(url) as session:
        values = form_values(programme_document(get_programme(session, key)))
    data = {name: value for name, value in values.items()
            if not (name.startswith("offer_") and not value)}
    data = {name: ("1" if value is True else str(value)) for name, value in data.items()}
    return {**data, **changes, "csrf": csrf}


def form_of(page: str) -> dict[str, str]:
    """The values a page's entry form shows (inputs, textareas, selected options)."""
    values = {name: html.unescape(value) for name, value in
              re.findall(r'<input[^>]*name="(\w+)" value="([^"]*)"', page)}
    values.update({name: html.unescape(value) for name, value in
                   re.findall(r'<textarea name="(\w+)"[^>]*>(.*?)</textarea>', page, re.S)})
    values.update(re.findall(r'<select name="(\w+)">.*?<option value="(\w*)" selected', page,
                             re.S))
    if re.search(r'name="known" value="1" checked', page):
        values["known"] = "1"
    return values
