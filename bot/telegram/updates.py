"""Exactly-once processing of Telegram updates, in order within a chat.

Updates are written to the database inbox before Telegram is told we have them (polling
offset, or the webhook's 200). The processor skips an update already processed, runs one
chat's updates one after another (different chats concurrently), and marks each update
processed when its handlers are done. After a crash or a restart, what is still pending in
the inbox is processed again; what was done is not.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.db.chats import is_processed, mark_processed, pending_updates, store_updates
from bot.db.session import connection_scope, session_scope

logger = logging.getLogger(__name__)


def chat_key(update: object) -> str | None:
    if isinstance(update, Update) and update.effective_chat:
        return str(update.effective_chat.id)
    return None


# Ids `store` stored for the first time, until they run: the processor need not ask the
# database about them (only this process processes this bot's updates: a standby waits, never
# runs alongside). An update delivered again (a webhook retried) is not one of them: it may be
# running already, and the database says when it is done.
_known_pending: OrderedDict[int, None] = OrderedDict()
KNOWN_PENDING_MAX = 10_000


def store(updates: list[Update]) -> list[Update]:
    """Persist updates; return those to process (not processed before)."""
    if not updates:
        return []
    with connection_scope() as connection:
        pending, inserted = store_updates(connection, [
            (update.update_id, chat_key(update), update.to_dict()) for update in updates])
    pending = set(pending)
    fresh = []
    for update in updates:
        if update.update_id in pending:
            pending.discard(update.update_id)  # a duplicate in the batch is processed once
            fresh.append(update)
            if update.update_id in inserted:
                _known_pending[update.update_id] = None
    while len(_known_pending) > KNOWN_PENDING_MAX:
        _known_pending.popitem(last=False)
    return fresh


def load_pending(bot: Any) -> list[Update]:
    with session_scope() as session:
        return [Update.de_json(payload, bot) for payload in pending_updates(session)]


class InboxUpdateProcessor(BaseUpdateProcessor):
    """Per chat: in order, once each, and at most `max_queued_per_chat` waiting.

    A chat that sends faster than it is answered (a script, a stuck key) does not make every
    other chat wait: beyond the limit its updates are dropped (marked processed, counted in
    the log without their text) and `on_dropped` tells the chat, at most once a minute.
    """

    WARN_EVERY = 60.0  # seconds between two "slow down" messages to one chat

    def __init__(self, max_concurrent_updates: int = 256, max_queued_per_chat: int = 5,
                 on_dropped: Callable[[Update], Awaitable[None]] | None = None) -> None:
        super().__init__(max_concurrent_updates)
        self.max_queued_per_chat = max_queued_per_chat
        self.on_dropped = on_dropped
        self._chat_locks: dict[str, asyncio.Lock] = {}
        self._queued: dict[str, int] = {}
        self._warned: dict[str, float] = {}
        self._in_progress: set[int] = set()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            await coroutine
            return
        if self._queued.get(key, 0) >= self.max_queued_per_chat:
            await self._drop(key, update, coroutine)
            return
        self._queued[key] = self._queued.get(key, 0) + 1
        lock = self._chat_locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                await self._process_once(update, coroutine)
        finally:
            self._queued[key] -= 1
            if not self._queued[key]:
                del self._queued[key]
            if not lock.locked() and not getattr(lock, "_waiters", None):
                self._chat_locks.pop(key, None)

    async def _drop(self, key: str, update: Update, coroutine: Awaitable[Any]) -> None:
        coroutine.close()  # type: ignore[attr-defined]
        with connection_scope() as connection:
            mark_processed(connection, update.update_id)
        logger.warning("Update %s dropped: its chat has %d updates waiting", update.update_id,
                       self._queued.get(key, 0))
        now = time.monotonic()
        if self.on_dropped is not None and now - self._warned.get(key, -1e9) >= self.WARN_EVERY:
            self._warned[key] = now
            if len(self._warned) > 10_000:  # forget chats told long ago
                self._warned = {k: t for k, t in self._warned.items()
                                if now - t < self.WARN_EVERY}
            try:
                await self.on_dropped(update)
            except Exception:
                logger.exception("Could not ask chat of update %s to slow down",
                                 update.update_id)

    async def _process_once(self, update: Update, coroutine: Awaitable[Any]) -> None:
        update_id = update.update_id
        if self._already_done(update_id):
            logger.info("Update %s already processed: skipped", update_id)
            coroutine.close()  # type: ignore[attr-defined]
            return
        self._in_progress.add(update_id)
        try:
            await coroutine  # handler errors are caught by the application's error handler
        finally:
            self._in_progress.discard(update_id)
        with connection_scope() as connection:  # not reached when cancelled: stays pending
            mark_processed(connection, update_id)

    def _already_done(self, update_id: int) -> bool:
        """Being processed, or processed; the database is asked only about an update this
        process did not itself store for the first time."""
        if update_id in self._in_progress:
            return True
        if update_id in _known_pending:  # first stored by `store`, not run since
            del _known_pending[update_id]
            return False
        with connection_scope() as connection:
            return is_processed(connection, update_id)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
