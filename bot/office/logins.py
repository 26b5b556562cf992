"""Failed logins, counted and limited: a source (the client's address) or an account (the
staff member a known but used or expired link belonged to) that failed too often in a window
is refused for the rest of that window (429), even with a good link, so that guessing or
replaying links stays hopeless and loud.

Counted in memory, bounded: at most MAX_KEYS sources and accounts are remembered (the least
recently failing forgotten first), each with at most its limit of failure times, so a flood
of addresses cannot grow the process. A restart forgets the counts (the links themselves are
256-bit, single-use and short-lived; this only slows a guesser down). Failures of a known
account are also in the audit log.

The source is the client's address; behind the reverse proxy (the admin server listens on
loopback), the last address of X-Forwarded-For, the one the proxy appended: otherwise every
staff member would share the proxy's address and one guesser would lock them all out.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable

from aiohttp import web

WINDOW = 15 * 60.0  # seconds
PER_SOURCE = 10  # failures a source may make in a window
PER_ACCOUNT = 5  # failures on one staff member's links in a window
MAX_KEYS = 4096
LOOPBACK = ("127.0.0.1", "::1")


def source(request: web.Request) -> str:
    """The client's address, as the limiter counts it ("source:…")."""
    address = request.remote or "?"
    forwarded = request.headers.get("X-Forwarded-For", "")
    if address in LOOPBACK and forwarded.strip():
        address = forwarded.split(",")[-1].strip()[:64] or address
    return f"source:{address}"


class Limiter:
    """Failures per key within WINDOW seconds; `blocked` once a key reached its limit."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = MAX_KEYS) -> None:
        self.clock, self.max_keys = clock, max_keys
        self.failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, key: str) -> deque[float]:
        times = self.failures.get(key, deque())
        while times and times[0] <= self.clock() - WINDOW:
            times.popleft()
        return times

    def _limit(self, key: str) -> int:
        return PER_ACCOUNT if key.startswith("account:") else PER_SOURCE

    def blocked(self, key: str) -> bool:
        return len(self._recent(key)) >= self._limit(key)

    def retry_after(self, key: str) -> int:
        """Seconds until this key may try again (0 when it may now)."""
        times = self._recent(key)
        if len(times) < self._limit(key):
            return 0
        return max(1, int(times[0] + WINDOW - self.clock()) + 1)

    def failed(self, key: str) -> None:
        times = self._recent(key)
        times.append(self.clock())
        while len(times) > self._limit(key):
            times.popleft()
        self.failures[key] = times
        self.failures.move_to_end(key)
        while len(self.failures) > self.max_keys:
            self.failures.popitem(last=False)
