"""The services a handler finds in its context: one typed `bot_data` instead of string keys.

python-telegram-bot builds `bot_data` itself from `ContextTypes(bot_data=Services)`, with no
argument, so every field has a default; the process's wiring (`bot.service`) fills them in
before the first update. A handler reads `context.application.bot_data.assistant`, and a type
checker knows what it gets.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

if TYPE_CHECKING:
    from bot.assistant.runtime import Assistant
    from bot.reminders.scheduler import ReminderScheduler
    from bot.telegram.desk.chat import StaffDesk


@dataclass
class Services:
    """What the running bot shares with its handlers (and the back-office's handoffs)."""

    assistant: Assistant | None = None  # None only in tests that never reach Rasa
    staff: StaffDesk | None = None  # None without STAFF_CHAT_ID
    # The one sender's wake (bot.db.sender), set by whatever wrote to an outbox.
    outbox_wake: asyncio.Event = field(default_factory=asyncio.Event)
    reminders: ReminderScheduler | None = None  # /newevent plans an event's reminders at once
    # chat id -> when its last /mydata export was sent (one per MYDATA_COOLDOWN).
    mydata_sent: dict[str, float] = field(default_factory=dict)


CONTEXT_TYPES = ContextTypes(bot_data=Services)
Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], Services]
