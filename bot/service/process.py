"""The bot's process: built here, each part handed its services, stopped in reverse order.

`run` waits for the bot's lease (`bot.telegram.standby`: one instance per bot, another one
waits as a standby), then `serve` starts, in this order: the Telegram application and its
menu; conversations left paused by a closed handoff resumed; the updates stored and not
processed yet; polling or the webhook; the one sender (`bot.db.sender`) over the staff
notices, the applicants' messages and the reminder deliveries, with its one wake; the admin
server (/healthz, /metrics and, with a staff chat, the back-office); the heartbeat to
Telegram; the daily purge; the reminders' scheduler. On SIGTERM/SIGINT the scheduler and the
wait timers stop first, then the tasks, the webhook, the admin server, and the application
last, after the updates already taken are finished.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import signal

from aiohttp import web
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.assistant.runtime import Assistant
from bot.config import Settings
from bot.db.queries import utcnow
from bot.db.retention import purge
from bot.db.sender import Sender, Source
from bot.db.session import session_scope
from bot.office.app import add_office
from bot.reminders.fanout import ReminderDeliveries
from bot.reminders.scheduler import ReminderScheduler
from bot.staff.applicants import ApplicantMessages
from bot.telegram import observe
from bot.telegram.app import build_application, heartbeat, poll, register_commands, start_webhook
from bot.telegram.desk import commands, decisions, relay
from bot.telegram.desk.chat import StaffDesk
from bot.telegram.desk.notices import StaffNotices, start_wait_timers
from bot.telegram.desk.relay import resume_closed_conversations
from bot.telegram.send import telegram_channel
from bot.telegram.standby import BotLease
from bot.telegram.updates import load_pending

logger = logging.getLogger(__name__)

PURGE_EVERY = 24 * 3600.0  # seconds between two purges of old bookkeeping


def staff_handlers(desk: StaffDesk | None) -> list[BaseHandler]:
    """The staff desk's handlers, tried before the entrepreneurs' (each one refuses, by
    `staff_only`, anyone outside the staff chat)."""
    found: list[BaseHandler] = [
        CallbackQueryHandler(relay.on_take_button, pattern=relay.TAKE_BUTTON),
        CallbackQueryHandler(relay.on_close_button, pattern=relay.CLOSE_BUTTON),
        CallbackQueryHandler(decisions.on_decision_button, pattern=decisions.ASK_BUTTON),
        CallbackQueryHandler(decisions.on_confirm_button, pattern=decisions.CONFIRM_BUTTON),
        CallbackQueryHandler(decisions.on_keep_button, pattern=decisions.KEEP_BUTTON),
        CommandHandler("close", relay.on_close_command),
        CommandHandler("pending", commands.on_pending),
        CommandHandler("stats", commands.on_stats),
        CommandHandler("newevent", commands.on_new_event),
        CommandHandler("export", commands.on_export),
        CommandHandler("unanswered", commands.on_unanswered),
        CommandHandler("admin", commands.on_admin),
    ]
    if desk is not None:  # staff replies in their chat go to users, never to the assistant
        found.append(MessageHandler(
            filters.Chat(desk.chat_id) & filters.TEXT & filters.REPLY & ~filters.COMMAND,
            relay.on_staff_reply))
    return found


def build_telegram(settings: Settings, assistant: Assistant) -> Application:
    """The Telegram application with its services: the assistant and the staff desk."""
    desk = StaffDesk.from_settings(settings)
    return build_application(settings, assistant, desk, staff_handlers(desk))


async def start_admin(settings: Settings, assistant: Assistant, application: Application
                      ) -> web.AppRunner | None:
    """/healthz, /metrics and (with a staff chat) the back-office under /admin, handed the
    running bot and the one wake; a busy port is logged, never a reason not to answer
    users."""
    if not settings.admin_port:
        return None
    wake = application.bot_data.outbox_wake
    back_office = (functools.partial(add_office, settings=settings, outbox_wake=wake,
                                     on_event_change=wake.set, telegram=application)
                   if settings.staff_chat_id else None)
    try:
        return await observe.start_admin(assistant, settings.admin_listen, settings.admin_port,
                                         back_office)
    except OSError as error:
        logger.error("Health and metrics not served on %s:%s: %s", settings.admin_listen,
                     settings.admin_port, error)
        return None


async def purge_daily() -> None:
    """The bot's own bookkeeping kept only as long as it serves (`bot/db/retention.py`)."""
    while True:
        try:
            with session_scope() as session:
                removed = purge(session, utcnow())
            logger.info("Purged old bookkeeping: %s", removed)
        except Exception:
            logger.exception("Purge failed; trying again tomorrow")
        await asyncio.sleep(PURGE_EVERY)


async def run(settings: Settings, assistant: Assistant) -> None:
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
        await serve(settings, assistant, stop)
    finally:
        keeper.cancel()
        await asyncio.gather(keeper, return_exceptions=True)
        lease.release()


async def serve(settings: Settings, assistant: Assistant, stop: asyncio.Event) -> None:
    """Start every part in order, wait for `stop`, stop them in reverse order."""
    application = build_telegram(settings, assistant)
    services = application.bot_data
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
            sources: list[Source] = [ApplicantMessages(), ReminderDeliveries()]
            if services.staff is not None:
                timers = start_wait_timers(application, services.staff)
                sources.insert(0, StaffNotices(services.staff, timers))
            sender = Sender(sources, telegram_channel(application.bot), services.outbox_wake)
            tasks.append(asyncio.create_task(sender.run()))
            admin = await start_admin(settings, assistant, application)
            tasks.append(asyncio.create_task(heartbeat(application)))
            tasks.append(asyncio.create_task(purge_daily()))
            reminders = ReminderScheduler(settings, on_batch=services.outbox_wake.set)
            services.reminders = reminders
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
