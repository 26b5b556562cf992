"""What the back-office's handlers find on its application: typed keys, not strings.

`add_office` (bot/office/app.py) sets them from what the process hands it (bot.service);
a handler reads `request.config_dict[OUTBOX_WAKE]` and a type checker knows what it gets
(aiohttp's `web.AppKey`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.office.logins import Limiter

LANGUAGE = web.AppKey("language", str)  # the staff's language before anyone chose one
LOGIN_LIMITS = web.AppKey("login_limits", Limiter)  # failed logins, per source and account
# The running bot's Application (python-telegram-bot; None without one): its bot asks
# whether a member is still in the staff chat, its services hold the staff desk.
TELEGRAM: web.AppKey[Any] = web.AppKey("telegram")
STAFF_CHAT_ID: web.AppKey[int | None] = web.AppKey("staff_chat_id")
# The one sender's wake (bot.db.sender): a message to an applicant goes out at once.
OUTBOX_WAKE: web.AppKey[asyncio.Event | None] = web.AppKey("outbox_wake")
# Called after a change to an event: the reminders' sender takes the news at once.
ON_EVENT_CHANGE: web.AppKey[Callable[[], object] | None] = web.AppKey("on_event_change")
