"""The two ways `ftbot bench` runs the assistant: in-process, or as the real bot over HTTP.

Both use a fresh SQLite database in a temporary folder (migrated and seeded), so a run never
touches the assistant's own data.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs

import aiohttp

from bot.config import PROJECT_ROOT, Settings
from bot.db.migrate import upgrade
from bot.db.seed import apply_seed, load_seed
from bot.db.session import session_scope
from devtools.bench import Step, User, drive, make_users, warm_up
from devtools.emulator import TOKEN, Emulator, Proxy, dates


def fresh_database(settings: Settings, directory: Path) -> str:
    url = f"sqlite:///{directory / 'bench.db'}"
    upgrade(url)
    with session_scope(url) as session:
        apply_seed(session, load_seed(settings.seed_file))
    return url


async def bench_inprocess(settings: Settings, rates: list[float], duration: float,
                          users: int) -> tuple[list[Step], dict]:
    """NLU + dialogue + actions + tracker store, without the Telegram layer."""
    from bot.assistant.runtime import Assistant

    with tempfile.TemporaryDirectory() as directory:
        url = fresh_database(settings, Path(directory))
        os.environ["DATABASE_URL"] = url  # the actions' own sessions
        started = time.perf_counter()
        assistant = Assistant.load(replace(settings, database_url=url))
        load_seconds = time.perf_counter() - started

        async def send(user: User, text: str) -> None:
            if not await assistant.handle(user.id, text, {"language": user.language}):
                raise RuntimeError("no reply")

        await send(User("warm-up", "fr_questions"), "bonjour")
        first_answer = time.perf_counter() - started
        await warm_up(send)
        steps = []
        for rate in rates:
            cpu = time.process_time()
            step = await drive(send, rate, duration,
                               make_users(max(users, int(rate * 2) + 2), f"r{rate}-"))
            step.cpu_seconds = time.process_time() - cpu
            step.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            steps.append(step)
        return steps, {"load_seconds": round(load_seconds, 1),
                       "cold_start_seconds": round(first_answer, 1)}


def chat_of_request(body: bytes) -> str | None:
    """The chat_id of a Bot API request, sent as JSON or as a form (python-telegram-bot)."""
    try:
        return str(json.loads(body).get("chat_id"))
    except ValueError:
        values = parse_qs(body.decode(errors="replace"))
        return values["chat_id"][0] if "chat_id" in values else None


class ReplyWatch:
    """Futures resolved when the bot sends its first message to a chat."""

    def __init__(self) -> None:
        self.waiting: dict[str, asyncio.Future] = {}

    def expect(self, chat_id: str) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.waiting[chat_id] = future
        return future

    def observe(self, method: str, body: bytes) -> None:
        if method.lower() != "sendmessage":
            return
        chat_id = chat_of_request(body)
        future = self.waiting.pop(chat_id, None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())


class Process:
    """The bot process's memory and CPU, read with psutil."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.peak_rss = 0

    def sample(self) -> None:
        self.peak_rss = max(self.peak_rss, self.process.memory_info().rss)

    def cpu(self) -> float:
        times = self.process.cpu_times()
        return times.user + times.system


async def _sample(process: Process, stop: asyncio.Event) -> None:
    while not stop.is_set():
        process.sample()
        await asyncio.sleep(0.25)


def _stop(bot: subprocess.Popen, grace: float = 120) -> None:
    """SIGTERM, then SIGKILL: beyond Telegram's rate the bot drains its queue at that rate when
    asked to stop (what it took and did not answer stays in its inbox for the next start)."""
    bot.terminate()
    try:
        bot.wait(grace)
    except subprocess.TimeoutExpired:
        logging.getLogger(__name__).warning("The bot was still draining after %.0f s: killed",
                                            grace)
        bot.kill()
        bot.wait()


async def bench_telegram(settings: Settings, rates: list[float], duration: float,
                         users: int) -> tuple[list[Step], dict]:
    """The real `ftbot run` process, long polling the emulator through a watching proxy."""
    logging.getLogger("aiohttp").setLevel(logging.CRITICAL)  # the proxy's access log
    emulator = Emulator()
    emulator.start()
    watch = ReplyWatch()
    proxy = Proxy(emulator.url, observers=[watch.observe])
    await proxy.start()
    directory = tempfile.TemporaryDirectory()
    url = fresh_database(settings, Path(directory.name))
    env = {**os.environ, "DATABASE_URL": url, "TELEGRAM_TOKEN": TOKEN,
           "TELEGRAM_API_URL": proxy.base_url, "POLL_TIMEOUT": "10", "LOG_LEVEL": "WARNING",
           "TF_CPP_MIN_LOG_LEVEL": "3", "STAFF_CHAT_ID": ""}
    started = time.perf_counter()
    bot = subprocess.Popen([sys.executable, "-m", "bot", "run"], env=env, cwd=PROJECT_ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = aiohttp.ClientSession()
    ids = iter(range(900_000, 10_000_000))
    chat_of: dict[str, int] = {}

    async def send(user: User, text: str) -> None:
        chat = chat_of.setdefault(user.id, next(ids))
        answered = watch.expect(str(chat))
        sender = {"id": chat, "is_bot": False, "first_name": "Bench",
                  "language_code": user.language}
        async with client.post(f"{emulator.url}/sendMessage", json={
                "botToken": TOKEN, "from": sender, "chat": {"id": chat, "type": "private"},
                "date": next(dates), "text": text}) as response:
            response.raise_for_status()
        await answered

    try:
        await asyncio.wait_for(send(User("cold-start", "fr_questions"), "bonjour"), 300)
        cold_start = time.perf_counter() - started
        await warm_up(send)
        process = Process(bot.pid)
        steps = []
        for rate in rates:
            stop = asyncio.Event()
            sampler = asyncio.create_task(_sample(process, stop))
            cpu = process.cpu()
            step = await drive(send, rate, duration,
                               make_users(max(users, int(rate * 2) + 2), f"t{rate}-"))
            step.cpu_seconds = process.cpu() - cpu
            stop.set()
            await sampler
            step.peak_rss_mb = process.peak_rss / 2**20
            steps.append(step)
        return steps, {"cold_start_seconds": round(cold_start, 1)}
    finally:
        _stop(bot)
        await client.close()
        await proxy.stop()
        emulator.stop()
        directory.cleanup()
