"""End-to-end harness: the Bot API emulator, a fault-injecting proxy, the real bot process.

The emulator (shared/tgemu, telegram-test-api completed for python-telegram-bot) plays
Telegram on loopback; the test acts as users through its client API. The proxy sits between
the bot and the emulator and can answer a chosen Bot API method with a 429, a 502, a 403,
or no answer at all (a timeout), the way Telegram or the network fail.
"""

from __future__ import annotations

import asyncio
import base64
import html
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import aiohttp
from aiohttp import web

from bot.config import PROJECT_ROOT
from devtools.emulator import TOKEN, Emulator, Proxy, dates

# The bot as the emulator presents it (getMe): the author of every message the bot sends.
BOT_USER = {"id": 666, "is_bot": True, "first_name": "Test Bot", "username": "TestNameBot"}


@dataclass
class Fault:
    method: str
    kind: str  # "400", "429", "502", "403" or "timeout"
    times: int = 1
    hits: int = 0
    chat_id: int | None = None  # only calls about this chat


def chat_of(body: bytes) -> str | None:
    """The chat a Bot API call is about (python-telegram-bot posts form fields)."""
    values = parse_qs(body.decode(errors="replace"))
    return values.get("chat_id", [None])[0]


@dataclass
class FaultProxy(Proxy):
    """Forwards Bot API calls to the emulator, failing the ones planned by the test."""

    faults: list[Fault] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)

    def fail(self, method: str, kind: str, times: int = 1, chat_id: int | None = None) -> Fault:
        fault = Fault(method, kind, times, chat_id=chat_id)
        self.faults.append(fault)
        return fault

    async def intercept(self, method: str, body: bytes) -> web.StreamResponse | None:
        self.calls.append(method)
        fault = next((f for f in self.faults if f.method == method and f.hits < f.times
                      and (f.chat_id is None or str(f.chat_id) == chat_of(body))), None)
        if fault is None:
            return None
        fault.hits += 1
        if fault.kind == "429":
            return web.json_response({"ok": False, "error_code": 429,
                                      "description": "Too Many Requests: retry after 1",
                                      "parameters": {"retry_after": 1}}, status=429)
        if fault.kind == "502":
            return web.Response(status=502, text="<html>502 Bad Gateway</html>",
                                content_type="text/html")
        if fault.kind == "400":
            return web.json_response({"ok": False, "error_code": 400, "description":
                                      "Bad Request: can't parse entities"}, status=400)
        if fault.kind == "403":
            return web.json_response({"ok": False, "error_code": 403, "description":
                                      "Forbidden: bot was blocked by the user"}, status=403)
        await asyncio.sleep(30)  # "timeout": the request is lost, never forwarded
        return web.Response(status=504)


class BotProcess:
    """`ftbot run` with TELEGRAM_TOKEN set: the real bot, as deployed."""

    def __init__(self, database_url: str, api_url: str, **env: str) -> None:
        self.env = {**os.environ, "DATABASE_URL": database_url, "TELEGRAM_TOKEN": TOKEN,
                    "TELEGRAM_API_URL": api_url, "POLL_TIMEOUT": "1", "TELEGRAM_TIMEOUT": "3",
                    "TF_CPP_MIN_LOG_LEVEL": "3", "ADMIN_PORT": "0", **env}
        self.process: subprocess.Popen | None = None
        self.log = Path(database_url.removeprefix("sqlite:///")).with_suffix(".bot.log")

    def start(self) -> None:
        self._log = self.log.open("a")
        self._log_start = self._log.tell()  # a restarted bot appends to the same log
        self.process = subprocess.Popen([sys.executable, "-m", "bot", "run"], env=self.env,
                                        stdout=self._log, stderr=subprocess.STDOUT,
                                        cwd=PROJECT_ROOT)

    async def wait_ready(self, timeout: float = 240) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if b"Telegram bot @" in self.log.read_bytes()[self._log_start:]:
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"bot exited:\n{self.log.read_text()[-3000:]}")
            await asyncio.sleep(0.5)
        raise RuntimeError("bot did not start")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.process.send_signal(sig)
        code = self.process.wait(60)
        self._log.close()
        return code

    def output(self) -> str:
        return self.log.read_text()


class User:
    """A Telegram user, through the emulator's client API."""

    def __init__(self, emulator: Emulator, user_id: int, first_name: str = "Camille",
                 language_code: str = "fr", chat_id: int | None = None,
                 chat_type: str = "private") -> None:
        self.emulator = emulator
        self.user = {"id": user_id, "is_bot": False, "first_name": first_name,
                     "language_code": language_code}
        self.chat = {"id": chat_id or user_id, "type": chat_type}
        if chat_type != "private":
            self.chat["title"] = "Group"

    async def _post(self, path: str, payload: dict) -> dict:
        async with aiohttp.ClientSession() as session, session.post(
                f"{self.emulator.url}{path}", json=payload) as response:
            return await response.json()

    async def says(self, text: str, **extra) -> None:
        await self._post("/sendMessage", {"botToken": TOKEN, "from": self.user, "chat": self.chat,
                                          "date": next(dates), "text": text, **extra})

    async def command(self, command: str) -> None:
        await self._post("/sendCommand", {
            "botToken": TOKEN, "from": self.user, "chat": self.chat, "date": next(dates),
            "text": command,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command.split()[0])}],
        })

    async def sends(self, **message) -> None:
        """A non-text message (photo, sticker...): fields as Telegram would send them."""
        await self._post("/sendMessage", {"botToken": TOKEN, "from": self.user, "chat": self.chat,
                                          "date": next(dates), **message})

    async def presses(self, message: dict, data: str) -> None:
        await self._post("/sendCallback", {
            "botToken": TOKEN, "from": self.user, "data": data,
            "message": {"message_id": message["messageId"], "chat": self.chat},
            "chat_instance": str(self.chat["id"]),
        })

    async def inbox(self) -> list[dict]:
        result = await self._post("/getUpdates", {"token": TOKEN, "chatId": self.chat["id"]})
        return result["result"]

    async def receives(self, count: int = 1, timeout: float = 30,
                       settle: float = 1.0) -> list[dict]:
        """The bot's next `count` messages to this chat (waits, then checks none follow)."""
        received: list[dict] = []
        deadline = time.time() + timeout
        while len(received) < count and time.time() < deadline:
            received += await self.inbox()
            await asyncio.sleep(0.2)
        await asyncio.sleep(settle)
        received += await self.inbox()
        return received

    async def history(self) -> list[dict]:
        result = await self._post("/getUpdatesHistory", {"token": TOKEN})
        return [m for m in result["result"]
                if str(m.get("message", {}).get("chat_id")) == str(self.chat["id"])
                and "botToken" in m and m.get("message", {}).get("text") is not None
                and "from" not in m.get("message", {})]

    async def callback_answers(self) -> list[dict]:
        return (await self._post("/getCallbackAnswers", {"token": TOKEN}))["result"]


class Applicant(User):
    """A user who waits for the bot's answer to each message before the next one."""

    async def until(self, expected: str, timeout: float = 40) -> list[dict]:
        """The bot's messages up to the first one containing `expected`."""
        received: list[dict] = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            received += await self.inbox()
            if any(expected in text for text in texts(received)):
                await asyncio.sleep(0.3)
                return received + await self.inbox()
            await asyncio.sleep(0.2)
        raise AssertionError(f"never got {expected!r}; got {texts(received)}")

    async def answers(self, text: str, expected: str) -> list[dict]:
        await self.says(text)
        return await self.until(expected)

    async def taps(self, messages: list[dict], title: str, expected: str) -> list[dict]:
        """Press the button called `title` on the last message that has it."""
        message = next(m for m in reversed(messages) if title in dict(buttons(m)))
        await self.presses(message, dict(buttons(message))[title])
        return await self.until(expected)


def shown(message: dict) -> str:
    """A message's text as a Telegram user sees it: HTML rendered (tags gone, entities read)."""
    document = message["message"].get("document")
    if document is not None:  # a file: its content, as the user would read it
        return base64.b64decode(document.get("content_b64", "")).decode("utf-8", "replace")
    text = message["message"]["text"]
    if message["message"].get("parse_mode") == "HTML":
        text = html.unescape(re.sub(r"<[^>]*>", "", text))
    return text


def texts(messages: list[dict]) -> list[str]:
    return [shown(m) for m in messages]


def buttons(message: dict) -> list[tuple[str, str]]:
    markup = message["message"].get("reply_markup") or {}
    if isinstance(markup, str):
        import json

        markup = json.loads(markup)
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", [])
            for b in row]


async def bot_messages(emulator) -> list[dict]:
    """Everything the bot sent, to any chat."""
    async with aiohttp.ClientSession() as session, session.post(
            f"{emulator.url}/getUpdatesHistory", json={"token": TOKEN}) as response:
        history = (await response.json())["result"]
    messages = [m.get("message") or {} for m in history if "botToken" in m]
    return [m for m in messages if "from" not in m and m.get("text") is not None]


@dataclass
class KillingProxy(Proxy):
    """Kills the bot (SIGKILL) when it sends the `kill_at`-th message with `marker`."""

    marker: str = "📅"
    kill_at: int = 80
    victim: int | None = None
    seen: int = 0
    forwarded: list[float] = field(default_factory=list)

    async def intercept(self, method: str, body: bytes) -> web.StreamResponse | None:
        text = parse_qs(body.decode(errors="replace")).get("text", [""])[0]
        if method != "sendMessage" or self.marker not in text:
            return None
        self.seen += 1
        if self.victim is not None and self.seen == self.kill_at:
            os.kill(self.victim, signal.SIGKILL)  # mid-request: this one never reaches anyone
            self.victim = None
            return web.Response(status=502)
        self.forwarded.append(time.monotonic())
        return None
