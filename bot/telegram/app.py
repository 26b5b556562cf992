"""The Telegram bot: handlers wired in one place, long polling or webhook, clean shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hmac
import logging
import signal
from collections.abc import Callable
from urllib.parse import urlparse

from aiohttp import web
from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.assistant.runtime import Assistant
from bot.config import LANGUAGES, Settings
from bot.db.queries import utcnow
from bot.db.retention import purge
from bot.db.sender import Sender
from bot.db.session import session_scope
from bot.i18n import t
from bot.office.app import add_office
from bot.reminders.fanout import ReminderDeliveries
from bot.reminders.scheduler import ReminderScheduler
from bot.staff import commands, decisions, relay
from bot.staff.applicants import ApplicantMessages
from bot.staff.desk import StaffDesk
from bot.staff.notices import StaffNotices, start_wait_timers
from bot.staff.relay import resume_closed_conversations
from bot.telegram import handlers, observe
from bot.telegram.delivery import RetryingRateLimiter
from bot.telegram.http import AiohttpRequest
from bot.telegram.send import telegram_channel
from bot.telegram.standby import BotLease
from bot.telegram.updates import InboxUpdateProcessor, load_pending, store

logger = logging.getLogger(__name__)

# The menu of commands Telegram shows users; each one's description is `command_<name>`
# in bot/messages.yml.
PURGE_EVERY = 24 * 3600.0  # seconds between two purges of old bookkeeping
MENU = ("start", "help", "language", "programmes", "events", "mydata", "forget")


def add_handlers(application: Application) -> None:
    """Every handler, in the order they are tried: staff first, then entrepreneurs."""
    desk: StaffDesk | None = application.bot_data.get("staff")
    application.add_handler(CallbackQueryHandler(handlers.refuse_forged_button), group=-1)
    application.add_handler(CallbackQueryHandler(relay.on_take_button, pattern=relay.TAKE_BUTTON))
    application.add_handler(CallbackQueryHandler(relay.on_close_button,
                                                 pattern=relay.CLOSE_BUTTON))
    application.add_handler(CallbackQueryHandler(decisions.on_decision_button,
                                                 pattern=decisions.ASK_BUTTON))
    application.add_handler(CallbackQueryHandler(decisions.on_confirm_button,
                                                 pattern=decisions.CONFIRM_BUTTON))
    application.add_handler(CallbackQueryHandler(decisions.on_keep_button,
                                                 pattern=decisions.KEEP_BUTTON))
    application.add_handler(CommandHandler("close", relay.on_close_command))
    application.add_handler(CommandHandler("pending", commands.on_pending))
    application.add_handler(CommandHandler("stats", commands.on_stats))
    application.add_handler(CommandHandler("newevent", commands.on_new_event))
    application.add_handler(CommandHandler("export", commands.on_export))
    application.add_handler(CommandHandler("unanswered", commands.on_unanswered))
    application.add_handler(CommandHandler("admin", commands.on_admin))
    if desk is not None:  # staff replies in their chat go to users, never to the assistant
        application.add_handler(MessageHandler(
            filters.Chat(desk.chat_id) & filters.TEXT & filters.REPLY & ~filters.COMMAND,
            relay.on_staff_reply))
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


def build_application(settings: Settings, assistant: Assistant) -> Application:
    timeout = settings.telegram_timeout
    processor = InboxUpdateProcessor()
    application = (
        Application.builder()
        .token(settings.telegram_token)
        .base_url(settings.telegram_api_url)
        .rate_limiter(RetryingRateLimiter())
        .concurrent_updates(processor)
        .updater(None)  # our own polling loop stores updates before confirming them
        .request(AiohttpRequest(pool_size=64, timeout=timeout))
        .get_updates_request(AiohttpRequest(pool_size=1, timeout=timeout))
        .build()
    )
    processor.on_dropped = functools.partial(handlers.tell_to_slow_down, application)
    application.bot_data["assistant"] = assistant
    application.bot_data["staff"] = StaffDesk.from_settings(settings)
    add_handlers(application)
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


async def _start_admin(settings: Settings, assistant: Assistant, outbox_wake: asyncio.Event,
                       on_event_change: Callable[[], object],
                       application: Application | None = None) -> web.AppRunner | None:
    """/healthz, /metrics and (with a staff chat) the back-office under /admin; a busy port is
    logged, never a reason not to answer users."""
    if not settings.admin_port:
        return None
    back_office = (functools.partial(add_office, settings=settings, outbox_wake=outbox_wake,
                                     on_event_change=on_event_change, telegram=application)
                   if settings.staff_chat_id else None)
    try:
        return await observe.start_admin(assistant, settings.admin_listen, settings.admin_port,
                                         back_office)
    except OSError as error:
        logger.error("Health and metrics not served on %s:%s: %s", settings.admin_listen,
                     settings.admin_port, error)
        return None


async def _heartbeat(application: Application, every: float = 30.0) -> None:
    """Ask Telegram something when nothing else did lately, so that readiness stays true."""
    while True:
        await asyncio.sleep(every)
        if observe.seconds_since_telegram() > 2 * every:
            with contextlib.suppress(TelegramError):
                await application.bot.get_me()


async def _purge_daily() -> None:
    """The bot's own bookkeeping kept only as long as it serves (`bot/db/retention.py`)."""
    while True:
        try:
            with session_scope() as session:
                removed = purge(session, utcnow())
            logger.info("Purged old bookkeeping: %s", removed)
        except Exception:
            logger.exception("Purge failed; trying again tomorrow")
        await asyncio.sleep(PURGE_EVERY)


async def run_telegram(settings: Settings, assistant: Assistant) -> None:
    """Run until SIGTERM/SIGINT, then finish every update taken and stop.

    Only while this process holds the bot's lease (`bot.telegram.standby`): until then it
    waits as a standby, and it stops if another instance ever took over.
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    lease = BotLease.for_settings(settings)
    if not await lease.wait_for_turn(stop):
        return
    keeper = asyncio.create_task(lease.keep(stop))
    try:
        await _serve(settings, assistant, stop)
    finally:
        keeper.cancel()
        await asyncio.gather(keeper, return_exceptions=True)
        lease.release()


async def _serve(settings: Settings, assistant: Assistant, stop: asyncio.Event) -> None:
    application = build_application(settings, assistant)
    async with application:
        await register_commands(application)
        await application.start()
        tasks: list[asyncio.Task] = []
        runner = None
        admin = None
        reminders = None
        timers = None
        try:
            await resume_closed_conversations(assistant)
            for update in load_pending(application.bot):
                await application.update_queue.put(update)
            if settings.webhook_url:
                runner = await start_webhook(application, settings)
            else:
                tasks.append(asyncio.create_task(poll(application, settings)))
            # The one sender (bot.db.sender) and its one wake, set by whatever wrote to an
            # outbox: a turn, the staff, the back-office, the reminders' scheduler.
            outbox_wake = application.bot_data.setdefault("outbox_wake", asyncio.Event())
            sources = [ApplicantMessages(), ReminderDeliveries()]
            desk = application.bot_data["staff"]
            if desk:
                desk.wake = outbox_wake
                timers = start_wait_timers(application, desk)
                sources.insert(0, StaffNotices(desk, timers))
            sender = Sender(sources, telegram_channel(application.bot), outbox_wake)
            tasks.append(asyncio.create_task(sender.run()))
            admin = await _start_admin(settings, assistant, outbox_wake, outbox_wake.set,
                                       application)
            tasks.append(asyncio.create_task(_heartbeat(application)))
            tasks.append(asyncio.create_task(_purge_daily()))
            reminders = ReminderScheduler(settings, on_batch=outbox_wake.set)
            application.bot_data["reminders"] = reminders
            reminders.start()
            logger.info("Telegram bot @%s running (%s)", application.bot.username,
                        "webhook" if runner else "polling")
            await stop.wait()
            logger.info("Stopping: finishing the updates already taken")
        finally:
            if reminders is not None:
                reminders.shutdown()
            if timers is not None:
                timers.shutdown()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if runner:
                await runner.cleanup()
            if admin:
                await admin.cleanup()
            await application.stop()
