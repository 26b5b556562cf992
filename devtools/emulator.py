"""The Bot API test double on loopback, and a proxy between it and the bot, for the
end-to-end tests and the benchmark.

The double (`devtools.botapi`, run as its own process) plays Telegram; users are played
through its client API. The proxy forwards every Bot API call and lets its owner watch them
(the benchmark times replies) or answer some itself (the tests' faults).
"""

from __future__ import annotations

import itertools
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

from bot.config import PROJECT_ROOT

TOKEN = "123456:TEST-TOKEN"
dates = itertools.count(int(time.time()))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Emulator:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        # Its output goes to a file, never a pipe: a pipe nobody reads fills up (aiohttp logs
        # a traceback for each request a killed bot left) and then blocks the double's event
        # loop on a write; every later call timed out (seen in CI).
        self.log = tempfile.TemporaryFile(mode="w+", prefix="botapi-", suffix=".log")  # noqa: SIM115 (closed by stop)

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "devtools.botapi", "--port", str(self.port)],
            cwd=PROJECT_ROOT, stdout=self.log, stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"Bot API double exited: {self.output()}") from None
                time.sleep(0.1)
        raise RuntimeError("Bot API double did not start")

    def stop(self) -> None:
        try:
            if self.process:
                self.process.terminate()
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(10)
                    raise
        finally:
            self.log.close()  # also when the double was never started


Observer = Callable[[str, bytes], None]  # (Bot API method, request body)


@dataclass
class Proxy:
    """Forwards the bot's Bot API calls to the emulator; observers see each call first."""

    upstream: str
    port: int = field(default_factory=free_port)
    observers: list[Observer] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def intercept(self, method: str, body: bytes) -> web.StreamResponse | None:
        """A response of the proxy's own instead of the emulator's (None: forward)."""
        return None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        body = await request.read()
        for observe in self.observers:
            observe(method, body)
        own = await self.intercept(method, body)
        if own is not None:
            return own
        url = f"{self.upstream}/bot{request.match_info['token']}/{method}"
        headers = {"Content-Type": request.headers.get("Content-Type", "application/json")}
        async with self._session.post(url, data=body, headers=headers) as upstream:
            return web.Response(status=upstream.status, body=await upstream.read(),
                                content_type="application/json")

    async def start(self) -> None:
        self._session = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        await self._runner.cleanup()
        await self._session.close()
