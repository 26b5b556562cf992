"""One instance per bot: the process holding the bot's lease runs it; another one waits.

A second `ftbot run` with the same token and database (a mistake, or a deployment starting
the new process before the old one stops) becomes a hot standby: its model is loaded, it
polls nothing and sends nothing, and it takes over within INSTANCE_LEASE_SECONDS (plus a few
seconds) after the active process stops renewing (crash, kill) — at once after a clean stop.
The active process renews its lease every third of that time and stops if it ever lost it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import socket
import uuid
from datetime import timedelta

from bot.config import Settings
from bot.db import leases
from bot.db.session import session_scope

logger = logging.getLogger(__name__)


class BotLease:
    def __init__(self, token: str, ttl: float) -> None:
        # The token itself is a secret: the lease is named by a hash of it.
        self.name = "telegram:" + hashlib.sha256(token.encode()).hexdigest()[:16]
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.ttl = timedelta(seconds=ttl)

    @classmethod
    def for_settings(cls, settings: Settings) -> BotLease:
        return cls(settings.telegram_token or "", settings.instance_lease_seconds)

    def take(self) -> bool:
        with session_scope() as session:
            return leases.take(session, self.name, self.holder, self.ttl)

    async def wait_for_turn(self, stop: asyncio.Event) -> bool:
        """Until the lease is ours (True) or the process is asked to stop (False)."""
        retry = min(5.0, self.ttl.total_seconds() / 4)
        told = False
        while not stop.is_set():
            if self.take():
                if told:
                    logger.warning("Standby over: this instance now runs the bot")
                return True
            if not told:
                logger.warning("Standby: another instance runs this bot; this one takes over "
                               "when it stops")
                told = True
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), retry)
        return False

    async def keep(self, stop: asyncio.Event) -> None:
        """Renew until stopped; a lease found in other hands stops this instance."""
        interval = self.ttl.total_seconds() / 3
        while not stop.is_set():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)
            if stop.is_set():
                return
            try:
                kept = self.take()
            except Exception:  # the database may be back before the lease expires
                logger.exception("Lease not renewed; trying again")
                continue
            if not kept:
                logger.error("Another instance took over this bot: stopping this one")
                stop.set()

    def release(self) -> None:
        with contextlib.suppress(Exception), session_scope() as session:
            leases.release(session, self.name, self.holder)
