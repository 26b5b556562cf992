"""The one sender killed (SIGKILL) in the middle of its work, in the real bot process over the
Bot API double: staff notices, applicants' messages and reminders wait together; after the
restart each reaches its chat exactly once. The message in flight is killed mid-request (it
never reaches anyone); a kill after Telegram took a message repeats that one message, as
tests/test_outbox.py shows for every kind; tests/test_telegram_reminders.py kills a fan-out
of 200 reminders midway.
"""

from __future__ import annotations

import asyncio
import signal
from collections import Counter

import pytest
from sqlalchemy import func, select

from bot.db import handoffs, outbox
from bot.db.models import Delivery, StaffNotice
from bot.db.models_staff import ApplicantMessage
from bot.db.reminders import audience, event_target, open_batch, subscribe
from bot.db.session import session_scope
from tests.support.assistant import needs_model, seeded_database
from tests.support.factories import make_event
from tests.support.staff import STAFF_CHAT, STAFF_ENV
from tests.support.telegram_harness import BotProcess, KillingProxy, bot_messages

pytestmark = [needs_model, pytest.mark.slow]
PEOPLE = [f"Personne-{n}" for n in range(3)]
APPLICANTS = {str(8400 + n): f"Statut-{n}" for n in range(10)}
SUBSCRIBERS = [str(8500 + n) for n in range(10)]


def write_everything(url: str) -> None:
    """Three requests for a person, ten status messages and a reminder to ten subscribers,
    in one transaction: the sender's next pass finds them all (notices first)."""
    with session_scope(url) as session:
        for number, name in enumerate(PEOPLE):
            handoffs.open_handoff(session, chat_id=str(8300 + number), language="fr",
                                  reason="request", user_name=name)
        for chat_id, text in APPLICANTS.items():
            outbox.queue(session, chat_id, text)
        event = make_event(session, "Apéro", in_days=30, place=None)  # no reminder due yet
        for chat_id in SUBSCRIBERS:
            subscribe(session, chat_id, event_target(event.id), "fr")
        open_batch(session, f"announce:event:{event.id}", "announce",
                   audience(session, [event_target(event.id)]), event_id=event.id)


def waiting(url: str) -> int:
    with session_scope(url) as session:
        return sum(session.execute(select(func.count()).select_from(table).where(*where))
                   .scalar_one() for table, where in (
                       (StaffNotice, (StaffNotice.sent_at.is_(None),)),
                       (ApplicantMessage, (ApplicantMessage.sent_at.is_(None),)),
                       (Delivery, (Delivery.status != "sent",))))


async def started(url: str, base_url: str) -> BotProcess:
    bot = BotProcess(url, base_url, **STAFF_ENV)
    bot.start()
    await bot.wait_ready()
    return bot


async def test_a_sender_killed_midway_loses_nothing_and_sends_nothing_twice(emulator,
                                                                            tmp_path):
    url = seeded_database(tmp_path)
    proxy = KillingProxy(emulator.url, marker="Personne-", kill_at=1)
    await proxy.start()
    try:
        first = await started(url, proxy.base_url)
        proxy.victim = first.process.pid
        write_everything(url)
        for _ in range(300):
            if first.process.poll() is not None:
                break
            await asyncio.sleep(0.1)
        assert first.stop() == -signal.SIGKILL
        assert waiting(url) > 0  # the kill came before the work was done
        second = await started(url, proxy.base_url)
        try:
            for _ in range(300):
                if waiting(url) == 0:
                    break
                await asyncio.sleep(0.2)
            assert waiting(url) == 0
            await asyncio.sleep(1)  # anything sent twice would be there by now
        finally:
            assert second.stop() == 0
    finally:
        await proxy.stop()
    sent = await bot_messages(emulator)
    staff = [m["text"] for m in sent if str(m["chat_id"]) == str(STAFF_CHAT)]
    assert [sum(name in text for text in staff) for name in PEOPLE] == [1, 1, 1]
    to = Counter((str(m["chat_id"]), text) for m in sent for text in
                 (*APPLICANTS.values(), "Apéro") if text in m["text"])
    assert to == Counter({**{(c, text): 1 for c, text in APPLICANTS.items()},
                          **{(c, "Apéro"): 1 for c in SUBSCRIBERS}})
