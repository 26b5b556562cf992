"""Back-office sessions end for good (issue 33): after logout the old cookie opens nothing, a
member who left the staff chat loses their session at the next check (Telegram asked again
every 10 minutes), and a session ends 12 hours after its login whatever is asked in between
(bot/office/sessions.py, bot/db/office.py)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import select
from telegram.error import NetworkError

from bot.config import Settings
from bot.db import office
from bot.db.candidacies import by_reference
from bot.db.models_staff import AuditEntry
from bot.db.queries import utcnow
from bot.db.seed import apply_seed, load_seed
from bot.db.session import session_scope
from bot.office import sessions
from bot.office.app import add_office
from bot.telegram.context import Services
from tests.support.factories import SEED_FILE
from tests.support.office import candidacy, logged_in

COOKIE = "ftbot_office"


class StaffChat:
    """The staff chat as Telegram's getChatMember tells it."""

    def __init__(self) -> None:
        self.members, self.asked, self.reachable = {1001}, 0, True

    async def get_chat_member(self, chat_id: int, user_id: int) -> SimpleNamespace:
        assert chat_id == -100
        self.asked += 1
        if not self.reachable:
            raise NetworkError("unreachable")
        return SimpleNamespace(status="member" if user_id in self.members else "left")


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.offset = timedelta()
        for module in (office, sessions):
            monkeypatch.setattr(module, "utcnow", lambda: utcnow() + self.offset)


@pytest.fixture
def chat() -> StaffChat:
    return StaffChat()


@pytest.fixture
async def site(database_url, chat):
    with session_scope(database_url) as session:
        apply_seed(session, load_seed(SEED_FILE))
    root = add_office(web.Application(), Settings(database_url=database_url, staff_chat_id=-100,
                                                  staff_language="fr"),
                      telegram=SimpleNamespace(bot=chat, bot_data=Services()))
    server = TestServer(root, host="127.0.0.1")
    await server.start_server()
    async with aiohttp.ClientSession(base_url=str(server.make_url("/")),
                                     cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        yield browser
    await server.close()


def cookie_of(browser: aiohttp.ClientSession) -> str:
    return next(c.value for c in browser.cookie_jar if c.key == COOKIE)


async def status(browser: aiohttp.ClientSession, path: str, cookie: str | None = None) -> int:
    headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie else None
    async with browser.get(path, headers=headers, allow_redirects=False) as response:
        return response.status


async def test_after_logout_the_old_cookie_reads_and_changes_nothing(site, database_url):
    reference = candidacy(database_url)
    csrf = await logged_in(site, database_url)
    old = cookie_of(site)
    async with site.post("/admin/logout", data={"csrf": csrf}) as response:
        assert response.status == 200 and "déconnecté" in await response.text()
    site.cookie_jar.clear()
    assert await status(site, f"/admin/candidacies/{reference}", old) == 401
    assert await status(site, "/admin/candidacies", old) == 401
    async with site.post(f"/admin/candidacies/{reference}/status", headers={
            "Cookie": f"{COOKIE}={old}"}, data={"status": "accepted", "csrf": csrf}) as response:
        assert response.status == 401
    with session_scope(database_url) as session:
        assert by_reference(session, reference).status == "submitted"
        actions = [e.action for e in session.execute(select(AuditEntry)).scalars()]
    assert actions == ["login", "logout"]


async def test_a_member_who_left_the_staff_chat_loses_the_session_for_good(
        site, database_url, chat, monkeypatch):
    clock = Clock(monkeypatch)
    await logged_in(site, database_url)
    chat.members.clear()  # removed from the staff group
    assert await status(site, "/admin/candidacies") == 200  # checked at login, 10 minutes ago
    assert chat.asked == 0
    clock.offset = timedelta(minutes=11)
    assert await status(site, "/admin/candidacies") == 401
    assert chat.asked == 1
    chat.members.add(1001)  # back in the group: a new link is needed
    clock.offset = timedelta(minutes=30)
    assert await status(site, "/admin/") == 401
    with session_scope(database_url) as session:
        ended = [e for e in session.execute(select(AuditEntry)).scalars()
                 if e.action == "session_ended"]
    assert [(e.who, e.detail) for e in ended] == [("Camille", {"why": "left"})]


async def test_a_member_still_in_the_chat_is_asked_again_at_most_every_ten_minutes(
        site, database_url, chat, monkeypatch):
    clock = Clock(monkeypatch)
    await logged_in(site, database_url)
    for minutes in (11, 12, 15, 20, 22):
        clock.offset = timedelta(minutes=minutes)
        assert await status(site, "/admin/") == 200
    assert chat.asked == 2  # at 11 and at 22 minutes


async def test_telegram_out_of_reach_keeps_the_session_and_asks_at_the_next_request(
        site, database_url, chat, monkeypatch):
    clock = Clock(monkeypatch)
    await logged_in(site, database_url)
    chat.reachable = False
    clock.offset = timedelta(minutes=11)
    assert await status(site, "/admin/") == 200
    chat.reachable = True
    chat.members.clear()
    assert await status(site, "/admin/") == 401
    assert chat.asked == 2


async def test_a_session_ends_twelve_hours_after_login_whatever_is_asked(
        site, database_url, chat, monkeypatch):
    clock = Clock(monkeypatch)
    await logged_in(site, database_url)
    clock.offset = timedelta(hours=11)
    async with site.get("/admin/", params={"lang": "en"}) as response:  # re-issues the cookie
        assert response.status == 200 and "Hello Camille" in await response.text()
    clock.offset = timedelta(hours=11, minutes=59)
    assert await status(site, "/admin/candidacies") == 200
    clock.offset = timedelta(hours=12, minutes=1)
    assert await status(site, "/admin/candidacies") == 401


async def test_an_operators_link_from_the_server_is_not_checked_against_the_chat(
        site, database_url, chat, monkeypatch):
    clock = Clock(monkeypatch)
    with session_scope(database_url) as session:
        token = office.issue_login(session, "command line", "Operator")
    async with site.get(f"/admin/login/{token}") as response:
        assert "Bonjour Operator" in await response.text()
    clock.offset = timedelta(hours=2)
    assert await status(site, "/admin/") == 200 and chat.asked == 0
