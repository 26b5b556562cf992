"""One instance per bot: a second `ftbot run` waits, then takes over when the first dies.

Two real processes on one database (SQLite, or PostgreSQL in the PostgreSQL lane) and one
Bot API emulator; the active one is killed with SIGKILL in the middle of the traffic.
"""

from __future__ import annotations

import asyncio
import signal
import time

import pytest

from tests.support.assistant import ftbot, needs_model
from tests.support.telegram_harness import TOKEN, BotProcess, User, texts

pytestmark = [needs_model, pytest.mark.slow]
LEASE = {"INSTANCE_LEASE_SECONDS": "6"}


async def logged(process: BotProcess, line: str, timeout: float) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if line in process.output():
            return
        if process.process.poll() is not None:
            raise AssertionError(f"exited:\n{process.output()[-3000:]}")
        await asyncio.sleep(0.3)
    raise AssertionError(f"never logged {line!r}:\n{process.output()[-3000:]}")


async def answers(user: User, count: int, timeout: float = 90) -> list[str]:
    received: list[str] = []
    deadline = time.time() + timeout
    while len(received) < count and time.time() < deadline:
        received += texts(await user.inbox())
        await asyncio.sleep(0.3)
    await asyncio.sleep(2)
    return received + texts(await user.inbox())


async def test_a_second_instance_waits_then_takes_over_a_killed_one(emulator, database_url,
                                                                    tmp_path):
    assert ftbot("db", "seed", database_url=database_url).returncode == 0
    first = BotProcess(database_url, f"{emulator.url}/bot", **LEASE, LOG_LEVEL="DEBUG")
    first.log = tmp_path / "first.log"
    first.start()
    await first.wait_ready()
    second = BotProcess(database_url, f"{emulator.url}/bot", **LEASE)
    second.log = tmp_path / "second.log"
    second.start()
    try:
        await logged(second, "Standby: another instance runs this bot", timeout=240)
        users = [User(emulator, 3100 + n) for n in range(6)]
        await asyncio.gather(*(u.says("c'est quoi le pass french tech ?") for u in users))
        await asyncio.sleep(0.4)
        first.process.send_signal(signal.SIGKILL)  # mid-traffic
        first.process.wait(30)
        killed_at = time.time()
        await asyncio.gather(*(u.says("et la bourse french tech ?") for u in users))
        await logged(second, "Standby over", timeout=40)
        assert time.time() - killed_at < 30
        for user in users:
            received = await answers(user, 2)
            about_pass = [t for t in received if "Pass French Tech" in t]
            about_bourse = [t for t in received if "Bourse French Tech" in t]
            assert about_pass and about_bourse, received  # nothing lost
            assert len(about_pass) <= 2 and len(about_bourse) == 1, received
        assert "Telegram bot @" not in second.output().split("Standby over")[0]
        assert "DEBUG" in first.output()  # every library talking, and still no token
        assert TOKEN not in first.output() and TOKEN not in second.output()
    finally:
        first._log.close()
        if second.process.poll() is None:
            assert second.stop() == 0
