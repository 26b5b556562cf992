"""The Telegram front end: its handlers in order, long polling or webhook, the menu.

The process around it — the services it is handed, the staff desk's handlers, the sender,
the back-office, the scheduler, the lease and the shutdown order — is built in
`bot.service`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hmac
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from aiohttp import web
from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.assistant.runtime import Assistant
from bot.config import LANGUAGES, Settings
from bot.i18n import t
from bot.telegram import handlers, observe
from bot.telegram.context import CONTEXT_TYPES, Services
from bot.telegram.delivery import RetryingRateLimiter
from bot.telegram.http import AiohttpRequest
from bot.telegram.updates import InboxUpdateProcessor, store

if TYPE_CHECKING:
    from bot.telegram.desk.chat import StaffDesk

logger = logging.getLogger(__name__)

# The menu of commands Telegram shows users; each one's description is `command_<name>`
# in bot/messages.yml.
MENU = ("start", "help", "language", "programmes", "events", "mydata", "forget")


def add_handlers(application: Application, first: Iterable[BaseHandler] = ()) -> None:
    """Every handler, in the order they are tried: `first` (the staff desk's, wired by
    `bot.service`), then the entrepreneurs'; a forged button is refused before any."""
    application.add_handler(CallbackQueryHandler(handlers.refuse_forged_button), group=-1)
    for handler in first:
        application.add_handler(handler)
    application.add_handler(CommandHandler(list(handlers.COMMAND_PAYLOADS),
                                           handlers.on_command_question))
    application.add_handler(CommandHandler("language", handlers.on_language))
    application.add_handler(CommandHandler("mydata", handlers.on_mydata))
    application.add_handler(CommandHandler("forget", handlers.on_forget))
    application.add_handler(CallbackQueryHandler(handlers.on_language_button,
                                                 pattern=handlers.LANGUAGE_BUTTON))
    application.add_handler(CallbackQueryHandler(handlers.on_forget_confirmed,
                                                 pattern=handlers.FORGET_YES))
    application.add_handler(CallbackQueryHandler(handlers.on_forget_cancelled,
                                                 pattern=handlers.FORGET_NO))
    application.add_handler(CallbackQueryHandler(handlers.on_assistant_button))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, handlers.on_edited_message))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.on_text))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND,
                                           handlers.on_other_message))
    application.add_error_handler(handlers.on_error)


def build_application(settings: Settings, assistant: Assistant, staff: StaffDesk | None = None,
                      first: Iterable[BaseHandler] = ()) -> Application:
    """The bot's Application, its typed services (`bot.telegram.context.Services`) given:
    the assistant, the staff desk (None without a staff chat); `first`: handlers tried
    before the entrepreneurs' (the staff desk's)."""
    timeout = settings.telegram_timeout
    processor = InboxUpdateProcessor()
    application = (
        Application.builder()
        .token(settings.telegram_token)
        .base_url(settings.telegram_api_url)
        .context_types(CONTEXT_TYPES)
        .rate_limiter(RetryingRateLimiter())
        .concurrent_updates(processor)
        .updater(None)  # our own polling loop stores updates before confirming them
        .request(AiohttpRequest(pool_size=64, timeout=timeout))
        .get_updates_request(AiohttpRequest(pool_size=1, timeout=timeout))
        .build()
    )
    processor.on_dropped = functools.partial(handlers.tell_to_slow_down, application)
    services: Services = application.bot_data
    services.assistant, services.staff = assistant, staff
    if staff is not None:  # one wake for the one sender: the desk's is the outbox's
        staff.wake = services.outbox_wake
    add_handlers(application, first)
    return application


async def register_commands(application: Application) -> None:
    for language in LANGUAGES:
        await application.bot.set_my_commands(
            [BotCommand(name, t(f"command_{name}", language)) for name in MENU],
            language_code=None if language == "en" else language,
        )


POLL_LIMIT = 100  # updates per getUpdates call, Telegram's maximum


async def poll(application: Application, settings: Settings) -> None:
    """Long polling; an update is stored before the next call confirms it to Telegram.

    After a call that brought updates, and was not full, the next one waits
    `POLL_BATCH_WAIT` seconds first: a busy bot then takes several updates per call (one
    request, one stored batch) instead of one each, for a few tens of milliseconds of
    latency. A quiet bot's first message is still answered at once.
    """
    await application.bot.delete_webhook()
    offset: int | None = None
    delay = 1.0
    while True:
        try:
            updates = await application.bot.get_updates(
                offset=offset, limit=POLL_LIMIT, timeout=settings.poll_timeout,
                allowed_updates=Update.ALL_TYPES,
                read_timeout=settings.poll_timeout + settings.telegram_timeout)
        except TelegramError as error:
            logger.warning("getUpdates failed (%s); retrying in %.0f s", error, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)
            continue
        delay = 1.0
        if not updates:
            continue
        for update in store(updates):
            await application.update_queue.put(update)
        offset = updates[-1].update_id + 1
        if len(updates) < POLL_LIMIT and settings.poll_batch_wait > 0:
            await asyncio.sleep(settings.poll_batch_wait)


async def start_webhook(application: Application, settings: Settings) -> web.AppRunner:
    """Receive updates over HTTPS from Telegram; only requests with our secret are taken."""
    if not settings.webhook_secret:
        raise SystemExit("WEBHOOK_URL is set but WEBHOOK_SECRET is not: refusing to start.")
    secret = settings.webhook_secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "").encode()
        if not hmac.compare_digest(given, secret):
            logger.warning("Webhook request with a wrong secret refused")
            return web.Response(status=403, text="forbidden")
        try:
            update = Update.de_json(await request.json(), application.bot)
        except ValueError:
            return web.Response(status=400, text="bad update")
        for fresh in store([update]):
            await application.update_queue.put(fresh)
        return web.Response(text="ok")

    server = web.Application(client_max_size=1_000_000)
    server.router.add_post(urlparse(settings.webhook_url).path or "/", receive)
    runner = web.AppRunner(server)
    await runner.setup()
    await web.TCPSite(runner, settings.webhook_listen, settings.webhook_port).start()
    await application.bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret,
                                      allowed_updates=Update.ALL_TYPES)
    logger.info("Webhook listening on %s:%s", settings.webhook_listen, settings.webhook_port)
    return runner


async def heartbeat(application: Application, every: float = 30.0) -> None:
    """Ask Telegram something when nothing else did lately, so that readiness stays true."""
    while True:
        await asyncio.sleep(every)
        if observe.seconds_since_telegram() > 2 * every:
            with contextlib.suppress(TelegramError):
                await application.bot.get_me()
