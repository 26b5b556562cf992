"""No route of the back-office answers a 500 (issue 33, point 5): every route the office
registers (GET and POST), with and without a session, with a good, a missing and a forged CSRF
token, gets hostile values in its path, its query and every field of every form: ids of 26 and
40 digits, non-ASCII, NUL, markup, impossible dates, YAML 5,000 deep and an alias bomb, 100,000
characters, empty, and bodies that are not UTF-8. Any answer is fine but a 500, and every
answer carries the security headers and (but the stylesheet's) Cache-Control: no-store."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import quote

import aiohttp
import pytest
from aiohttp import web

from bot.config import Settings
from bot.db import handoffs
from bot.db.queries import add_event, list_knowledge, utcnow
from bot.db.session import session_scope
from bot.office.app import add_office
from bot.office.render import HEADERS
from tests.support.office import BOMB, candidacy, logged_in, site  # noqa: F401 (the fixture)

HOSTILE = ["", " ", "9" * 26, "9" * 40, "-1", "0", "2031-02-30", "2031-02-30T25:61",
           "é🙂 ça", "\x00\ud7ff", "<script>alert(1)</script>", "' OR 1=1 --", "%", "../..",
           "[" * 5000 + "]" * 5000, BOMB, "x" * 100_000, "a: &a [1]\nb: *a", "y" * 20_000]
PATH_VALUES = ["9" * 26, "9" * 40, "0", "é🙂", "<b>x</b>", "%25", "new", "x" * 300]
FIELDS = ["csrf", "title", "starts", "place", "url", "description", "status", "message", "note",
          "staff", "text", "confirm", "key", "subject", "aspect", "known", "yes_no",
          "answer_fr", "answer_en", "questions_fr", "questions_en", "source_title",
          "source_url", "source_date", "name_fr", "name_en", "summary_fr", "summary_en",
          "funding_fr", "funding_en", "operator", "funding_amount_eur", "eligibility_rules",
          "calls", "offer_funding", "title_en", "description_en"]
QUERY = ["page", "from", "to", "q", "status", "programme", "sort", "assigned", "lang", "done",
         "saved", "period", "who", "action", "target", "key", "subject", "view", "question",
         "language"]


def routes() -> list[tuple[str, str]]:
    app = add_office(web.Application(), Settings(staff_chat_id=-100))
    found = []
    for route in app.router.routes():
        info = route.resource.get_info()
        path = info.get("path") or info.get("formatter")
        if route.method in ("GET", "POST") and path.startswith("/admin"):
            found.append((route.method, path))
    return sorted(set(found))


def filled(path: str, value: str | None, known: dict[str, str]) -> str:
    """The route's path with `value` (quoted) in its parameters, or the known good ones."""
    def one(match: re.Match) -> str:
        name = match.group(1).split(":")[0]
        return quote(value if value is not None else known[name], safe="")
    return re.sub(r"\{([^}]+)\}", one, path)


SEEN: Counter = Counter()  # (method, status) of every answer


async def hit(client: aiohttp.ClientSession, method: str, url: str, **kwargs) -> None:
    async with client.request(method, url, allow_redirects=False, **kwargs) as response:
        await response.read()
        assert response.status != 500, (method, url[:120], str(kwargs)[:300])
        for name, value in HEADERS.items():  # on every answer, errors and redirects too
            assert response.headers.get(name) == value, (name, url[:120])
        if not url.endswith("office.css"):
            assert response.headers.get("Cache-Control") == "no-store", url[:120]
    SEEN[method, response.status] += 1


def known_values(url: str) -> dict[str, dict[str, str]]:
    reference = candidacy(url)
    with session_scope(url) as session:
        handoff = handoffs.open_handoff(session, chat_id="77", language="fr", reason="request",
                                        user_name="Jeanne", transcript=[
            {"at": 1.9e9, "by": "user", "text": "bonjour"}, {"at": "pas une date"}])
        event = add_event(session, title="Atelier", starts_at=utcnow().replace(year=2031))
        knowledge = list_knowledge(session)[0].key
        ids = {"handoff_id": str(handoff.id), "event_id": str(event.id)}
    common = {"reference": reference, "token": "nope", **ids}
    return {"programmes": {**common, "key": "pass_french_tech"},
            "knowledge": {**common, "key": knowledge}}


def good(path: str, known: dict[str, dict[str, str]]) -> dict[str, str]:
    return known["knowledge" if path.startswith("/admin/knowledge") else "programmes"]


@pytest.mark.parametrize("state", ["no session", "no csrf", "forged csrf", "good csrf"])
async def test_no_route_answers_500_to_hostile_values(site, database_url, state):  # noqa: F811
    known = known_values(database_url)
    csrf = await logged_in(site, database_url)
    if state == "no session":
        site.cookie_jar.clear()
    token = {"no session": csrf, "no csrf": None, "forged csrf": "jeton-forgé-🙂\x00",
             "good csrf": csrf}[state]
    for method, path in routes():
        if path == "/admin/logout":
            continue  # last: it ends the session the other requests use
        for value in [None, *PATH_VALUES] if "{" in path else [None]:
            url = filled(path, value, good(path, known))
            if method == "GET":
                for hostile in HOSTILE[:14]:
                    await hit(site, method, url, params={name: hostile for name in QUERY})
            else:
                for hostile in HOSTILE if value is None else HOSTILE[:3]:
                    form = {name: hostile for name in FIELDS}
                    if token is None:
                        del form["csrf"]
                    else:
                        form["csrf"] = token
                    await hit(site, method, url, data=form)
                await hit(site, method, url, data=b"csrf=%FF%FE&title=%C3%28&status=%80",
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
                await hit(site, method, url, data=b"\xff\xfe{", headers={
                    "Content-Type": "multipart/form-data; boundary=zz"})
                with aiohttp.MultipartWriter("form-data") as multipart:
                    part = multipart.append(b"\x00\xff" * 100)
                    part.set_content_disposition("form-data", name="csrf", filename="a.bin")
                await hit(site, method, url, data=multipart)
    await hit(site, "POST", "/admin/logout", data={"csrf": token or ""})
    print(state, sorted(SEEN.items()))
    # the values reached the handlers: pages shown, forms refused for their content, changes
    expected = {"no session": {("GET", 401), ("POST", 401)},
                "no csrf": {("GET", 200), ("POST", 403), ("POST", 400)},
                "forged csrf": {("GET", 200), ("POST", 403), ("GET", 404)},
                "good csrf": {("GET", 200), ("POST", 400), ("POST", 303), ("POST", 404),
                              ("POST", 503), ("GET", 404)}}[state]
    assert expected <= set(SEEN), sorted(SEEN.items())
    SEEN.clear()
