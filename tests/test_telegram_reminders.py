"""Reminders end to end: the real bot process, the Bot API emulator, restarts and kills."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from bot.db.reminders import ALL, batch_keys, deliveries_of, subscribe, subscriptions_of
from bot.db.session import session_scope
from tests.support.assistant import ftbot, needs_model, seeded_database
from tests.support.factories import make_event
from tests.support.telegram_harness import (
    Applicant,
    BotProcess,
    FaultProxy,
    KillingProxy,
    bot_messages,
    texts,
)

pytestmark = [needs_model, pytest.mark.slow]


def add_event(url: str, title: str, seconds: float, **fields) -> int:
    with session_scope(url) as session:
        return make_event(session, title, in_days=seconds / 86400, place=None, **fields).id


def subscriptions(url: str, chat_id: int) -> list[str]:
    with session_scope(url) as session:
        return [s.target for s in subscriptions_of(session, str(chat_id))]


async def cli(*args: str, url: str):
    """`ftbot` in a thread: the proxy lives in this event loop and must keep forwarding."""
    return await asyncio.to_thread(ftbot, *args, database_url=url)


def iso_in(days: float) -> str:
    return (datetime.now(timezone.utc) + timedelta(days=days)).isoformat(timespec="minutes")


def count(messages: list[dict], marker: str) -> Counter:
    return Counter(str(m["chat_id"]) for m in messages if marker in m["text"])


async def started(bot: BotProcess) -> float:
    """Start the bot and return how long it took to be ready."""
    begin = time.time()
    bot.start()
    await bot.wait_ready()
    return time.time() - begin


async def test_a_subscriber_is_reminded_across_a_restart_and_told_of_changes(
        emulator, tmp_path):
    url = seeded_database(tmp_path)
    proxy = FaultProxy(emulator.url)
    await proxy.start()
    camille = Applicant(emulator, 7101, "Camille", "fr")
    alex = Applicant(emulator, 7102, "Alex", "en")
    bob = Applicant(emulator, 7103, "Bob", "fr")
    env = {"REMINDER_OFFSETS": "40s"}
    first = BotProcess(url, proxy.base_url, **env)
    boot = await started(first)
    # Its reminder falls about when the restarted bot is up again (or while it starts).
    add_event(url, "Demo day", seconds=boot + 60)
    try:
        for user in (camille, bob):
            listing = await user.answers("quels sont les prochains événements ?", "Demo day")
            await user.taps(listing, "🔔 Me rappeler : Demo day", "C'est noté")
        await alex.answers("remind me of all events", "Noted: I'll tell you of every new event")
    finally:
        assert first.stop() == 0
    proxy.fail("sendMessage", "403", times=100, chat_id=7103)  # Bob blocks the bot
    second = BotProcess(url, proxy.base_url, **env)
    await started(second)
    try:
        reminded = await camille.until("⏰ Rappel : « Demo day » commence dans",
                                       timeout=boot + 60)
        await alex.until('⏰ Reminder: "Demo day" starts in')
        for _ in range(50):
            if not subscriptions(url, 7103):
                break
            await asyncio.sleep(0.2)
        assert subscriptions(url, 7103) == []  # blocked: unsubscribed, not retried
        added = await cli("events", "add", "--title", "Apéro", "--starts", iso_in(3), url=url)
        assert added.stdout.startswith("Event ") and added.returncode == 0
        apero = added.stdout.split()[1]
        await alex.until('📅 New event: "Apéro"')
        assert (await cli("events", "update", apero, "--starts", iso_in(4), url=url)
                ).returncode == 0
        await alex.until('📅 Change: "Apéro" now takes place on')
        assert (await cli("events", "cancel", apero, url=url)).returncode == 0
        await alex.until('❌ Cancelled: "Apéro"')
        await camille.taps(reminded, "Ne plus recevoir ces rappels", "C'est fait")
        assert subscriptions(url, 7101) == []
        sent = await bot_messages(emulator)
        assert count(sent, "⏰") == Counter({"7101": 1, "7102": 1})
        assert not any("Apéro" in text for text in texts(await camille.inbox()))
    finally:
        assert second.stop() == 0
        await proxy.stop()


async def test_a_reminder_due_while_the_bot_was_down_is_sent_at_start_unless_too_late(
        emulator, tmp_path):
    url = seeded_database(tmp_path)
    users = [Applicant(emulator, 7201, "Jeanne", "fr"), Applicant(emulator, 7202, "Sam", "en")]
    with session_scope(url) as session:
        for user, language in zip(users, ("fr", "en"), strict=True):
            subscribe(session, str(user.chat["id"]), ALL, language)
    created = time.time()
    add_event(url, "Comité", seconds=125)  # reminded 120 s before: 5 s from now, bot down
    add_event(url, "Petit-déjeuner", seconds=8)  # begins before the bot is up
    await asyncio.sleep(max(0.0, 9 - (time.time() - created)))  # however fast the bot starts
    bot = BotProcess(url, f"{emulator.url}/bot", REMINDER_OFFSETS="120s")
    await started(bot)
    try:
        await users[0].until("⏰ Rappel : « Comité »")
        await users[1].until('⏰ Reminder: "Comité"')
        await asyncio.sleep(3)
        sent = await bot_messages(emulator)
        assert count(sent, "Comité") == Counter({"7201": 1, "7202": 1})
        assert count(sent, "Petit-déjeuner") == Counter()
    finally:
        assert bot.stop() == 0


async def test_a_fan_out_killed_midway_reaches_every_subscriber_exactly_once(
        emulator, tmp_path):
    url = seeded_database(tmp_path)
    chats = [str(8000 + i) for i in range(200)]
    with session_scope(url) as session:
        for index, chat in enumerate(chats):
            subscribe(session, chat, ALL, "fr" if index % 2 else "en")
    proxy = KillingProxy(emulator.url, marker="Apéro")
    await proxy.start()
    first = BotProcess(url, proxy.base_url)
    try:
        await started(first)
        proxy.victim = first.process.pid
        result = await cli("events", "add", "--title", "Apéro", "--starts", iso_in(2), url=url)
        assert "200 subscriber(s) will be told" in result.stdout
        for _ in range(300):
            if first.process.poll() is not None:
                break
            await asyncio.sleep(0.1)
        assert first.stop() == -signal.SIGKILL
        assert len(proxy.forwarded) == 79
        before_restart = len(proxy.forwarded)
        second = BotProcess(url, proxy.base_url)
        await started(second)
        try:
            key = "announce:event:"
            for _ in range(300):
                with session_scope(url) as session:
                    [batch] = batch_keys(session, key)
                    states = Counter(d.status for d in deliveries_of(session, batch))
                if states == Counter({"sent": 200}):
                    break
                await asyncio.sleep(0.2)
            assert states == Counter({"sent": 200})
            received = count(await bot_messages(emulator), "📅")
            assert Counter({chat: received[chat] for chat in chats}) == Counter(
                {chat: 1 for chat in chats})
            after = proxy.forwarded[before_restart:]
            assert len(after) == 121
            # Telegram's ~30 messages/s: a burst of 30, then the limiter's pace.
            assert after[-1] - after[0] >= (len(after) - 31) / 30
        finally:
            assert second.stop() == 0
    finally:
        await proxy.stop()
