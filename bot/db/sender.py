"""The one sender: every message the bot sends on its own initiative, from every outbox.

Staff notices (`bot.telegram.desk.notices`), messages to a person outside a conversation — a
candidacy's status, a staff reply to a handoff — (`bot.staff.applicants`) and reminder
deliveries (`bot.reminders.fanout`) are each a `Source` over its own table; this worker
sends what they hold through one `Channel` with one policy (`bot.db.outbox`: MAX_ATTEMPTS,
what a refusal means, sent at least once and repeated at most once after a crash) and one
wake.

One message at a time, in order, each recorded in its own commit as soon as it is sent: after
a crash every message before the one in flight is recorded, the rest still waiting. Two
messages to one chat are PER_CHAT_INTERVAL apart (Telegram: about one a second per chat).
Channel-free: Telegram's channel (`bot.telegram.send.telegram_channel`) raises `Blocked` or
`Undeliverable` for its refusals; anything else it raises is a transient failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from bot.db.outbox import ATTEMPTS, BLOCKED, MAX_ATTEMPTS, REFUSED, spent

logger = logging.getLogger(__name__)
TICK = 2.0  # seconds between two looks for messages written by another process
PER_CHAT_INTERVAL = 1.0  # Telegram: about one message per second to the same chat
# The source whose message the channel is sending now (None outside the sender): lets a test
# check that a message went through here.
SENDING: ContextVar[str | None] = ContextVar("sending", default=None)


class Blocked(Exception):
    """The person blocked the bot (Telegram 403): nothing more can reach them."""


class Undeliverable(Exception):
    """A final refusal of this message (Telegram 400): give it up."""


@dataclass(frozen=True)
class Item:
    """One message a source owes: `key` is the source's own (a row id, the rows it groups)."""

    key: Any
    chat_id: str | int
    content: Any  # a text, or replies (bot.reply.Reply)
    keyboard: Any = None  # the channel's buttons under the last part, if any
    reply_to: int | None = None  # a message of that chat it answers (a line under a request)


class Source(Protocol):
    """An outbox table seen by the sender; each method commits its own transaction."""

    name: str

    def due(self) -> list[Item]:
        """The messages to send now, oldest first (claimed, where the table claims)."""

    def sent(self, item: Item, message_ids: list[int]) -> None:
        """Telegram took it: recorded, never sent again."""

    def attempted(self, item: Item) -> int:
        """A transient failure, counted; returns the attempts so far."""

    def give_up(self, item: Item, reason: str) -> None:
        """Never to be sent (BLOCKED, REFUSED or ATTEMPTS): recorded with its reason."""


class Channel(Protocol):
    """The way to the chats: sends `content` to `chat_id`, `keyboard` under its last part,
    as a reply to message `reply_to` when one is given (sent anyway if that one is gone);
    returns the ids of the messages sent."""

    def __call__(self, chat_id: str | int, content: Any, keyboard: Any,
                 reply_to: int | None = None) -> Awaitable[list[int]]: ...


class Sender:
    """The worker: passes over its sources, in their order, until none has anything due."""

    def __init__(self, sources: Sequence[Source], channel: Channel,
                 wake: asyncio.Event | None = None) -> None:
        self.sources = list(sources)
        self.channel = channel
        self.wake = wake or asyncio.Event()  # set by whoever wrote something to send
        self.delivered = 0  # messages Telegram took, since this sender was made
        self._last_sent: dict[str, float] = {}

    async def run(self) -> None:
        """Forever: a pass, then another at once if it settled something, else when woken
        or after TICK (another process may have written; a failed message is tried again)."""
        while True:
            self.wake.clear()  # before looking: a wake during the pass is kept
            try:
                settled = await self.send_pending()
            except Exception:
                logger.exception("Outbox pass failed; retrying")
                settled = 0
            if not settled:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), TICK)

    async def send_pending(self) -> int:
        """One pass over every source; returns how many messages were settled (sent or given
        up; a failed attempt leaves its message waiting)."""
        now = time.monotonic()
        self._last_sent = {c: at for c, at in self._last_sent.items()
                           if now - at < PER_CHAT_INTERVAL}
        settled = 0
        for source in self.sources:
            try:
                items = source.due()
            except Exception:  # one broken source must not hold the others up
                logger.exception("Outbox %s: what is due cannot be read", source.name)
                continue
            for item in items:
                settled += await self._send(source, item)
        return settled

    async def _send(self, source: Source, item: Item) -> bool:
        """Send one message; whether it is settled."""
        chat = str(item.chat_id)
        wait = self._last_sent.get(chat, 0.0) + PER_CHAT_INTERVAL - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        token = SENDING.set(source.name)
        try:
            message_ids = await self.channel(item.chat_id, item.content, item.keyboard,
                                             item.reply_to)
        except Blocked:
            self._give_up(source, item, BLOCKED)
            return True
        except Undeliverable as error:
            logger.warning("Outbox %s: a message refused (%s)", source.name, error)
            self._give_up(source, item, REFUSED)
            return True
        except Exception as error:  # transient, after the rate limiter's own retries
            attempts = source.attempted(item)
            logger.warning("Outbox %s: a message not sent (%r), attempt %d of %d",
                           source.name, error, attempts, MAX_ATTEMPTS)
            if not spent(attempts):
                return False
            self._give_up(source, item, ATTEMPTS)
            return True
        finally:
            SENDING.reset(token)
            self._last_sent[chat] = time.monotonic()
        source.sent(item, message_ids)
        self.delivered += 1
        return True

    @staticmethod
    def _give_up(source: Source, item: Item, reason: str) -> None:
        logger.info("Outbox %s: a message given up (%s)", source.name, reason)
        source.give_up(item, reason)

