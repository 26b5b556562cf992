"""Bot API requests over aiohttp: the same requests as python-telegram-bot's httpx backend,
and the same errors, against a real HTTP server on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut
from telegram.request import HTTPXRequest

from bot.telegram.http import AiohttpRequest

SENT = {"message_id": 7, "date": 0, "chat": {"id": 42, "type": "private"}, "text": "salut"}
ME = {"id": 123, "is_bot": True, "first_name": "NFT", "username": "nft_bot"}


@asynccontextmanager
async def bot_api(refusal: dict | None = None, delay: float = 0.0
                  ) -> AsyncIterator[tuple[str, list[dict]]]:
    """A Bot API on loopback that records what each call carried."""
    received: list[dict] = []

    async def method(request: web.Request) -> web.Response:
        if request.match_info["method"] == "getMe":  # python-telegram-bot's start
            return web.json_response({"ok": True, "result": ME})
        form = await request.post()
        received.append({
            "method": request.match_info["method"],
            "content_type": request.content_type,
            "fields": {k: v if isinstance(v, str) else (v.filename, v.file.read())
                       for k, v in form.items()},
        })
        await asyncio.sleep(delay)
        if refusal:
            return web.json_response({"ok": False, **refusal}, status=refusal["error_code"])
        return web.json_response({"ok": True, "result": SENT})

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", method)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/bot", received
    finally:
        await runner.cleanup()


def a_bot(base_url: str, request: object) -> Bot:
    return Bot("123:abc", base_url=base_url, request=request, get_updates_request=request)


async def test_a_message_is_sent_as_httpx_sends_it():
    async with bot_api() as (url, received):
        for request in (HTTPXRequest(), AiohttpRequest(timeout=5)):
            async with a_bot(url, request) as bot:
                message = await bot.send_message(42, "<b>salut</b> 👋", parse_mode="HTML",
                                                 disable_notification=True)
                assert (message.message_id, message.text) == (7, "salut")
    by_httpx, by_aiohttp = received
    assert by_aiohttp == by_httpx
    assert by_aiohttp["fields"]["text"] == "<b>salut</b> 👋"


async def test_a_file_is_uploaded_as_multipart():
    async with bot_api() as (url, received), a_bot(url, AiohttpRequest(timeout=5)) as bot:
        await bot.send_document(42, b'{"chat": "42"}', filename="mydata.json",
                                caption="Vos données")
    [call] = received
    assert call["content_type"] == "multipart/form-data"
    assert call["fields"]["caption"] == "Vos données"
    assert call["fields"]["document"] == ("mydata.json", b'{"chat": "42"}')


@pytest.mark.parametrize(("status", "description", "error"), [
    (403, "Forbidden: bot was blocked by the user", Forbidden),
    (400, "Bad Request: chat not found", BadRequest),
])
async def test_telegram_refusals_raise_telegram_errors(status, description, error):
    refusal = {"error_code": status, "description": description}
    async with bot_api(refusal) as (url, _), a_bot(url, AiohttpRequest(timeout=5)) as bot:
        with pytest.raises(error, match=f"(?i){description.split(': ')[1]}"):
            await bot.send_message(42, "salut")


async def test_a_slow_answer_is_a_timeout():
    async with bot_api(delay=2.0) as (url, _), a_bot(url, AiohttpRequest(timeout=0.3)) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(42, "salut")


async def test_no_server_is_a_network_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest(timeout=2)
    await request.initialize()
    with pytest.raises(NetworkError) as raised:
        await request.do_request(f"http://127.0.0.1:{port}/bot123:abc/getMe", "POST")
    await request.shutdown()
    assert not isinstance(raised.value, TimedOut)


@asynccontextmanager
async def bot_api_with_late_bytes() -> AsyncIterator[tuple[str, list[bytes]]]:
    """A keep-alive Bot API that sends a stray line break after each answer: bytes reaching
    a connection while it sits idle in the pool (a server or proxy may; RFC 9112 tells
    clients to ignore them)."""
    paths: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).lstrip(b"\r\n")
                lines = head.split(b"\r\n")
                length = next((int(line.split(b":")[1]) for line in lines
                               if line.lower().startswith(b"content-length:")), 0)
                await reader.readexactly(length)
                paths.append(lines[0].split(b" ")[1])
                body = json.dumps({"ok": True, "result": ME if b"getMe" in lines[0] else SENT})
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(body), body.encode()))
                await writer.drain()
                await asyncio.sleep(0.05)
                writer.write(b"\r\n")

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/bot", paths
    finally:
        server.close()


async def test_a_connection_idle_longer_than_the_timeout_still_sends_once():
    """Regression (seen in CI): aiohttp's `sock_read` timer, armed by bytes reaching an idle
    pooled connection, fired there and failed the next send at once, after its bytes had
    left; the retry then sent the message twice."""
    async with bot_api_with_late_bytes() as (url, paths), \
            a_bot(url, AiohttpRequest(timeout=0.5)) as bot:
        for _ in range(3):
            await bot.send_message(42, "salut")
            await asyncio.sleep(0.8)  # longer than the timeout, in the pool
    assert paths.count(b"/bot123:abc/sendMessage") == 3
