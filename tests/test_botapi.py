"""The project's Bot API test double answers python-telegram-bot as Telegram does."""

from __future__ import annotations

import asyncio
import base64
import contextlib

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from bot.telegram.http import AiohttpRequest
from devtools.botapi import BOT_USER, FakeBotApi
from devtools.emulator import TOKEN, Emulator, free_port


@contextlib.asynccontextmanager
async def double():
    api, port = FakeBotApi(), free_port()
    runner = web.AppRunner(api.application())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    url = f"http://127.0.0.1:{port}"
    bot = Bot(TOKEN, base_url=f"{url}/bot", request=AiohttpRequest(timeout=5),
              get_updates_request=AiohttpRequest(pool_size=1, timeout=5))
    try:
        async with bot, aiohttp.ClientSession() as client:
            async def user(action: str, **body) -> dict:
                async with client.post(f"{url}/{action}", json=body) as response:
                    return await response.json()
            yield bot, user
    finally:
        await runner.cleanup()


def said(text: str, chat: int = 7, sender: int = 7) -> dict:
    kind = "private" if chat > 0 else "supergroup"
    return {"botToken": TOKEN, "from": {"id": sender, "is_bot": False, "first_name": "Ana"},
            "chat": {"id": chat, "type": kind}, "date": 1_700_000_000, "text": text}


async def test_get_me_is_the_test_bot():
    async with double() as (bot, _user):
        me = await bot.get_me()
    assert (me.id, me.username) == (BOT_USER["id"], BOT_USER["username"])


async def test_updates_wait_for_a_message_and_the_offset_confirms_them():
    async with double() as (bot, user):
        waiting = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # long polling
        await user("sendMessage", **said("bonjour"))
        [update] = await asyncio.wait_for(waiting, 3)
        assert update.message.text == "bonjour" and update.message.chat.id == 7
        again = await bot.get_updates(timeout=0)
        assert [u.update_id for u in again] == [update.update_id]  # not confirmed yet
        assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()


async def test_a_message_with_buttons_is_shown_to_the_user_and_pressed():
    async with double() as (bot, user):
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Oui", callback_data="/affirm")]])
        sent = await bot.send_message(7, "<b>D'accord ?</b>", parse_mode="HTML",
                                      reply_markup=keyboard)
        [shown] = (await user("getUpdates", token=TOKEN, chatId=7))["result"]
        assert shown["messageId"] == sent.message_id
        assert shown["message"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Oui"
        assert (await user("getUpdates", token=TOKEN, chatId=7))["result"] == []  # read
        await user("sendCallback", botToken=TOKEN, data="/affirm",
                   **{"from": {"id": 7, "is_bot": False, "first_name": "Ana"}},
                   message={"message_id": sent.message_id, "chat": {"id": 7}})
        [update] = await bot.get_updates(timeout=1)
        assert update.callback_query.data == "/affirm"
        assert update.callback_query.message.message_id == sent.message_id
        await bot.answer_callback_query(update.callback_query.id, text="Déjà utilisé")
        answers = (await user("getCallbackAnswers", token=TOKEN))["result"]
        assert answers[0]["text"] == "Déjà utilisé"
        edited = await bot.edit_message_reply_markup(7, sent.message_id, reply_markup=None)
        assert edited.reply_markup is None


async def test_a_document_keeps_its_bytes_for_the_user():
    async with double() as (bot, user):
        await bot.send_document(7, b'{"chat": "7"}', filename="mydata.json")
        [shown] = (await user("getUpdates", token=TOKEN, chatId=7))["result"]
    assert base64.b64decode(shown["message"]["document"]["content_b64"]) == b'{"chat": "7"}'


async def test_errors_come_in_telegrams_shape():
    async with double() as (bot, _user):
        with pytest.raises(BadRequest, match="(?i)message to edit not found"):
            await bot.edit_message_text("x", chat_id=7, message_id=999)


async def test_with_a_webhook_updates_are_posted_with_the_secret():
    received: list[tuple[str, dict]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"),
                         await request.json()))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner, port = web.AppRunner(app), free_port()
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with double() as (bot, user):
            await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
            await user("sendMessage", **said("par webhook"))
            assert (await bot.get_webhook_info()).url.endswith("/hook")
    finally:
        await runner.cleanup()
    [(secret, update)] = received
    assert secret == "s3cret" and update["message"]["text"] == "par webhook"


async def test_group_membership_follows_who_wrote_there():
    async with double() as (bot, user):
        await user("sendMessage", **said("salut", chat=-100, sender=7))
        member = await bot.get_chat_member(-100, 7)
        stranger = await bot.get_chat_member(-100, 8)
    assert (member.status, stranger.status) == ("member", "left")


async def cut_off_calls(url: str, count: int) -> None:
    """`count` calls whose client is killed halfway through the body, as a killed bot's are:
    the double logs a traceback for each."""
    async def one() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", int(url.rsplit(":", 1)[1]))
        writer.write(b"POST /bot%s/sendMessage HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     b"application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
                     b"chat_id=7&" % TOKEN.encode())
        await writer.drain()
        await asyncio.sleep(0.3)  # read by the double, which waits for the rest
        writer.transport.abort()

    await asyncio.gather(*(one() for _ in range(count)))
    await asyncio.sleep(1)


async def test_the_double_run_as_a_process_keeps_answering_after_logging_a_lot():
    """Its output once went to a pipe nobody read: once the pipe was full, the double's
    event loop blocked on a log line and every later call timed out."""
    emulator = Emulator()
    emulator.start()
    try:
        await cut_off_calls(emulator.url, 120)
        assert len(emulator.output()) > 70_000  # more than a pipe holds
        async with Bot(TOKEN, base_url=f"{emulator.url}/bot",
                       request=AiohttpRequest(timeout=5)) as bot:
            assert (await bot.get_me()).username == BOT_USER["username"]
    finally:
        emulator.stop()


async def test_the_double_stops_at_once_even_with_a_long_poll_pending():
    emulator = Emulator()
    emulator.start()
    async with aiohttp.ClientSession() as client:
        poll = asyncio.create_task(client.post(f"{emulator.url}/bot{TOKEN}/getUpdates",
                                               json={"timeout": 40}))
        await asyncio.sleep(0.5)
        await asyncio.to_thread(emulator.stop)  # raises when it took more than 10 s
        assert emulator.process.returncode is not None
        with contextlib.suppress(aiohttp.ClientError):
            await poll
