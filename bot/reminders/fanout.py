"""Sends pending reminder deliveries, one at a time, each marked as soon as it is sent.

Channel-agnostic: `deliver` sends one message (Telegram's goes through the rate limiter,
which keeps the whole bot under ~30 messages/s). One at a time, in order, so that after a
crash every delivery before the one in flight is marked, and the rest are still pending.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from sqlalchemy.orm import Session

from bot.db.models import Delivery
from bot.db.reminders import drop_blocked, failed_attempt, mark, pending_deliveries
from bot.db.session import session_scope
from bot.reminders.compose import compose
from bot.reply import Reply

logger = logging.getLogger(__name__)
TICK = 2.0  # seconds between two looks for deliveries written by another process
PER_CHAT_INTERVAL = 1.0  # Telegram: about one message per second to the same chat
BATCH = 50


class Blocked(Exception):
    """The user blocked the bot (Telegram 403): unsubscribe them."""


class Undeliverable(Exception):
    """A final refusal for this message (Telegram 400): give it up."""


Deliver = Callable[[str, Reply], Awaitable[None]]


class Fanout:
    def __init__(self, deliver: Deliver) -> None:
        self.deliver = deliver
        self.wake = asyncio.Event()
        self._last_sent: dict[str, float] = {}

    async def run(self) -> None:
        while True:
            try:
                sent = await self.send_pending()
            except Exception:
                logger.exception("Reminder delivery pass failed; retrying")
                sent = 0
            if not sent:
                self.wake.clear()
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), TICK)

    async def send_pending(self) -> int:
        """One pass over what is pending; returns how many deliveries were settled."""
        now = time.monotonic()
        self._last_sent = {c: at for c, at in self._last_sent.items()
                           if now - at < PER_CHAT_INTERVAL}
        with session_scope() as session:
            work = [(d.id, d.chat_id, self._compose(session, d))
                    for d in pending_deliveries(session, BATCH)]
        for delivery_id, chat_id, message in work:
            await self._send(delivery_id, chat_id, message)
        return len(work)

    @staticmethod
    def _compose(session: Session, delivery: Delivery) -> Reply | None:
        try:
            return compose(session, delivery)
        except Exception:  # one broken record must not hold the queue up
            logger.exception("Delivery %s cannot be written; dropped", delivery.id)
            return None

    async def _send(self, delivery_id: int, chat_id: str, message: Reply | None) -> None:
        if message is None:
            with session_scope() as session:
                mark(session, delivery_id, "dropped")
            return
        wait = self._last_sent.get(chat_id, 0.0) + PER_CHAT_INTERVAL - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        try:
            await self.deliver(chat_id, message)
        except Blocked:
            with session_scope() as session:
                count = drop_blocked(session, chat_id)
            logger.info("Delivery %s: the user blocked the bot; %d subscriptions removed",
                        delivery_id, count)
            return
        except Undeliverable as error:
            with session_scope() as session:
                mark(session, delivery_id, "failed")
            logger.warning("Delivery %s refused: %s", delivery_id, error)
            return
        except Exception as error:  # transient, after the rate limiter's own retries
            with session_scope() as session:
                given_up = failed_attempt(session, delivery_id)
            logger.warning("Delivery %s failed (%r)%s", delivery_id, error,
                           "; given up" if given_up else "; will retry")
            return
        finally:
            self._last_sent[chat_id] = time.monotonic()
        with session_scope() as session:
            mark(session, delivery_id, "sent")
