"""The staff desk: the staff chat's settings, and the guard every staff handler wears.

Only the chat named by STAFF_CHAT_ID is the staff's: its members are whoever is in it, and a
staff command or button anywhere else gets a refusal that reveals nothing.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import CallbackContext

from bot.config import Settings, language_for
from bot.db.models import Handoff
from bot.i18n import t
from bot.staff.office_hours import OfficeHours
from bot.telegram.send import say

# Any context: bot.telegram.context.Context names this desk (its `bot_data.staff`).
Context = CallbackContext[Any, Any, Any, Any]
StaffHandler = Callable[[Update, Context, "StaffDesk"], Awaitable[None]]


@dataclass
class StaffDesk:
    chat_id: int
    language: str
    hours: OfficeHours
    repost_after: timedelta
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    admin_url: str | None = None  # the back-office's address: notices link to its pages

    @classmethod
    def from_settings(cls, settings: Settings) -> StaffDesk | None:
        if settings.staff_chat_id is None:
            return None
        return cls(settings.staff_chat_id, language_for(default=settings.staff_language),
                   OfficeHours.parse(settings.office_hours),
                   timedelta(seconds=settings.handoff_repost_after),
                   admin_url=settings.admin_url)

    def t(self, key: str, **values: object) -> str:
        return t(key, self.language, **values)


def desk_of(context: Context) -> StaffDesk | None:
    return context.application.bot_data.staff


def in_staff_chat(update: Update, desk: StaffDesk | None) -> bool:
    return desk is not None and update.effective_chat is not None and (
        update.effective_chat.id == desk.chat_id)


def staff_only(handler: StaffHandler) -> Callable[[Update, Context], Awaitable[None]]:
    """Run `handler(update, context, desk)` in the staff chat; refuse anywhere else."""
    @functools.wraps(handler)
    async def guarded(update: Update, context: Context) -> None:
        desk = desk_of(context)
        if update.callback_query is not None:
            await update.callback_query.answer()
        if desk is None or not in_staff_chat(update, desk):
            await say(update, context, "staff_only")
            return
        await handler(update, context, desk)

    return guarded


def who(handoff: Handoff, language: str) -> str:
    name = handoff.user_name or t("unknown_user", language)
    return f"{name} (@{handoff.username})" if handoff.username else name
