"""Long polling takes a busy bot's updates in batches, a quiet bot's at once."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import replace

import pytest
from aiohttp import web
from telegram.ext import ApplicationBuilder

from bot.config import Settings
from bot.telegram.app import POLL_LIMIT, poll
from bot.telegram.http import AiohttpRequest
from devtools.botapi import FakeBotApi
from devtools.emulator import TOKEN, free_port

pytestmark = pytest.mark.usefixtures("fresh_inbox_memory")


class CountingBotApi(FakeBotApi):
    """The double, counting the getUpdates calls that brought something."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[int] = []

    async def api_getUpdates(self, token: str, values: dict, files: dict) -> web.Response:
        response = await super().api_getUpdates(token, values, files)
        brought = response.text.count('"update_id"')
        if brought:
            self.batches.append(brought)
        return response


def message(n: int) -> dict:
    return {"botToken": TOKEN, "from": {"id": 7, "is_bot": False, "first_name": "Ana"},
            "chat": {"id": 7, "type": "private"}, "date": 1_700_000_000, "text": f"m{n}"}


@contextlib.asynccontextmanager
async def polling(batch_wait: float):
    """The double and `poll` running against it; yields (double, update queue)."""
    api, port = CountingBotApi(), free_port()
    runner = web.AppRunner(api.application())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    application = (ApplicationBuilder().token(TOKEN).base_url(f"http://127.0.0.1:{port}/bot")
                   .request(AiohttpRequest(timeout=5))
                   .get_updates_request(AiohttpRequest(pool_size=1, timeout=5)).build())
    settings = replace(Settings.from_env(), poll_timeout=1, poll_batch_wait=batch_wait)
    await application.initialize()
    task = asyncio.create_task(poll(application, settings))
    try:
        yield api, application.update_queue
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await application.shutdown()
        await runner.cleanup()


async def texts_from(queue: asyncio.Queue, count: int, timeout: float) -> list[str]:
    return [(await asyncio.wait_for(queue.get(), timeout)).message.text for _ in range(count)]


async def send_spaced(api: FakeBotApi, count: int, gap: float) -> None:
    for n in range(count):
        await api.add_user_update(TOKEN, message=message(n))
        await asyncio.sleep(gap)


async def test_messages_arriving_while_the_poller_waits_come_in_one_call(database_url):
    async with polling(batch_wait=1.0) as (api, queue):
        await asyncio.sleep(0.2)
        await send_spaced(api, 6, gap=0.05)
        assert await texts_from(queue, 6, timeout=5) == [f"m{n}" for n in range(6)]
    assert api.batches == [1, 5]  # the first at once, the others gathered


async def test_without_the_wait_each_spaced_message_comes_alone(database_url):
    async with polling(batch_wait=0) as (api, queue):
        await asyncio.sleep(0.2)
        await send_spaced(api, 6, gap=0.15)
        assert await texts_from(queue, 6, timeout=5) == [f"m{n}" for n in range(6)]
    assert len(api.batches) >= 4  # (a stalled loop may merge two)


async def test_a_quiet_bots_first_message_is_taken_at_once(database_url):
    async with polling(batch_wait=30) as (api, queue):
        await asyncio.sleep(0.2)
        sent = time.monotonic()
        await api.add_user_update(TOKEN, message=message(0))
        assert await texts_from(queue, 1, timeout=10) == ["m0"]
        assert time.monotonic() - sent < 10  # well before the 30 s batch wait


async def test_a_full_batch_is_followed_by_the_next_call_without_waiting(database_url):
    api_messages = POLL_LIMIT + 20
    async with polling(batch_wait=30) as (api, queue):
        for n in range(api_messages):
            await api.add_user_update(TOKEN, message=message(n))
        texts = await texts_from(queue, api_messages, timeout=10)  # not 30 s
    assert texts == [f"m{n}" for n in range(api_messages)]
    assert api.batches[:2] == [POLL_LIMIT, 20]
