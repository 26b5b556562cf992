"""Failed logins are counted and limited (issue 33, point 4): a source that failed ten times in
a quarter of an hour is refused, even with a good link, which stays unused; a staff member's
used link replayed five times locks that account only, and each replay is audited; the window
passes; the memory stays bounded whatever the number of sources (bot/office/logins.py)."""

from __future__ import annotations

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.config import Settings
from bot.db import office
from bot.db.models_staff import AuditEntry
from bot.db.session import session_scope
from bot.office.app import add_office
from bot.office.keys import LOGIN_LIMITS
from bot.office.logins import PER_ACCOUNT, PER_SOURCE, WINDOW, Limiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def office_site(database_url):
    """The back-office on loopback with a clock the test moves; (client, clock)."""
    clock = Clock()
    root = add_office(web.Application(), Settings(database_url=database_url,
                                                  staff_chat_id=-100, staff_language="fr"))
    root[LOGIN_LIMITS] = Limiter(clock)
    server = TestServer(root, host="127.0.0.1")
    await server.start_server()
    async with aiohttp.ClientSession(base_url=str(server.make_url("/"))) as client:
        yield client, clock
    await server.close()


def link(url: str, staff_id: int = 1001, name: str = "Camille") -> str:
    with session_scope(url) as session:
        return office.issue_login(session, staff_id, name)


async def status_of(client: aiohttp.ClientSession, token: str) -> int:
    async with client.get(f"/admin/login/{token}", allow_redirects=False) as response:
        return response.status


async def test_a_source_that_keeps_failing_is_refused_even_with_a_good_link(office_site,
                                                                           database_url):
    client, clock = office_site
    for attempt in range(PER_SOURCE):
        assert await status_of(client, f"guess-{attempt}") == 403
    good = link(database_url)
    async with client.get(f"/admin/login/{good}", allow_redirects=False) as response:
        assert response.status == 429 and "Trop d&#39;essais" in await response.text()
        assert 0 < int(response.headers["Retry-After"]) <= WINDOW + 1
    clock.now += WINDOW + 1
    assert await status_of(client, good) == 303  # the link was not spent by the refusal


async def test_a_replayed_link_locks_its_account_only_and_is_audited(office_site, database_url):
    client, clock = office_site
    used = link(database_url)
    assert await status_of(client, used) == 303
    client.cookie_jar.clear()
    for _ in range(PER_ACCOUNT):
        assert await status_of(client, used) == 403
    assert await status_of(client, link(database_url)) == 429  # Camille's fresh link
    assert await status_of(client, link(database_url, 2002, "Dominique")) == 303
    with session_scope(database_url) as session:
        failed = list(session.execute(select(AuditEntry.who, AuditEntry.target).where(
            AuditEntry.action == "login_failed")))
    assert failed == [("Camille", "telegram:1001")] * PER_ACCOUNT
    clock.now += WINDOW + 1
    assert await status_of(client, link(database_url)) == 303


def test_the_counts_stay_bounded_and_forget_the_oldest():
    clock = Clock()
    limits = Limiter(clock, max_keys=100)
    for n in range(10_000):
        limits.failed(f"source:10.0.{n // 256}.{n % 256}")
    for _ in range(50):
        limits.failed("source:attacker")
    assert len(limits.failures) == 100
    assert max(len(times) for times in limits.failures.values()) == PER_SOURCE
    assert limits.blocked("source:attacker") and not limits.blocked("source:10.0.0.0")


async def test_behind_the_proxy_each_client_is_counted_apart(office_site, database_url):
    """The proxy appends the client's address to X-Forwarded-For: a guesser behind it does not
    lock the other staff members out (whatever it puts in the header itself)."""
    client, _clock = office_site
    guesser = {"X-Forwarded-For": "6.6.6.6, 203.0.113.9"}  # its own value, then the proxy's
    for attempt in range(PER_SOURCE):
        async with client.get(f"/admin/login/guess-{attempt}", headers=guesser) as response:
            assert response.status == 403
    async with client.get(f"/admin/login/{link(database_url)}", headers=guesser,
                          allow_redirects=False) as response:
        assert response.status == 429
    async with client.get(f"/admin/login/{link(database_url)}", allow_redirects=False,
                          headers={"X-Forwarded-For": "198.51.100.7"}) as response:
        assert response.status == 303  # a colleague, through the same proxy
