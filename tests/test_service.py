"""The process is wired in one place (bot/service/process.py): the Telegram front end gets its
typed services and the staff desk's handlers first; the back-office, on the admin server, the
running bot and the one wake. (The whole process runs in the Telegram end-to-end tests.)"""

from __future__ import annotations

from types import SimpleNamespace

import aiohttp
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler

from bot.config import Settings
from bot.office import keys
from bot.service.process import build_telegram, start_admin
from bot.telegram import handlers
from bot.telegram.context import Services
from bot.telegram.desk import relay
from devtools.emulator import TOKEN, free_port


def an_assistant() -> SimpleNamespace:
    return SimpleNamespace(agent=SimpleNamespace(is_ready=lambda: True))


def callbacks(application) -> list:  # noqa: ANN001
    return [handler.callback for handler in application.handlers[0]]


def test_the_front_end_gets_typed_services_and_the_staff_handlers_first():
    assistant = an_assistant()
    application = build_telegram(Settings(telegram_token=TOKEN, staff_chat_id=-100,
                                          staff_language="fr"), assistant)
    services = application.bot_data
    assert isinstance(services, Services) and services.assistant is assistant
    assert services.staff is not None and services.staff.chat_id == -100
    assert services.staff.wake is services.outbox_wake  # one wake for the one sender
    assert [h.callback for h in application.handlers[-1]] == [handlers.refuse_forged_button]
    order = callbacks(application)
    assert order[0] is relay.on_take_button
    staff_reply = order.index(relay.on_staff_reply)
    assert staff_reply < order.index(handlers.on_command_question) < order.index(handlers.on_text)
    assert isinstance(application.handlers[0][staff_reply], MessageHandler)


def test_without_a_staff_chat_no_staff_reply_is_listened_for():
    application = build_telegram(Settings(telegram_token=TOKEN), an_assistant())
    assert application.bot_data.staff is None
    order = callbacks(application)
    assert relay.on_staff_reply not in order
    commands = [h for h in application.handlers[0] if isinstance(h, CommandHandler)]
    assert any("admin" in h.commands for h in commands)  # refused outside the staff chat
    assert any(isinstance(h, CallbackQueryHandler) for h in application.handlers[0])


async def test_the_admin_server_hands_the_back_office_the_bot_and_the_wake(database_url):
    port = free_port()
    settings = Settings(database_url=database_url, telegram_token=TOKEN, staff_chat_id=-100,
                        staff_language="fr", admin_listen="127.0.0.1", admin_port=port)
    application = build_telegram(settings, an_assistant())
    runner = await start_admin(settings, application.bot_data.assistant, application)
    try:
        office = runner.app
        assert office[keys.TELEGRAM] is application
        assert office[keys.OUTBOX_WAKE] is application.bot_data.outbox_wake
        office[keys.ON_EVENT_CHANGE]()  # an event changed in the back-office: the sender wakes
        assert application.bot_data.outbox_wake.is_set()
        async with aiohttp.ClientSession() as client:
            async with client.get(f"http://127.0.0.1:{port}/healthz") as response:
                health = await response.json()
            async with client.get(f"http://127.0.0.1:{port}/admin/office.css") as response:
                assert response.status == 200
        assert health["checks"]["database"] is True and health["checks"]["model"] is True
    finally:
        await runner.cleanup()
