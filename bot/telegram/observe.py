"""What an operator watches: `/healthz` and Prometheus `/metrics` on ADMIN_LISTEN:ADMIN_PORT.

`/healthz`: 200 when ready — the event loop answers (it serves this very request), the
database answers, the model is loaded, and Telegram answered in the last TELEGRAM_STALE —
else 503; the JSON body says which check failed. `/metrics`: counters the handlers update
(messages in and out, intents, fallbacks, Bot API errors by code, turn latency) and gauges
read from the database at each scrape (update inbox, staff outbox, reminder deliveries and
their lag, open handoffs). No label ever carries a user's text or id.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import text

from bot.db.session import get_engine, session_scope
from bot.db.stats import backlogs

TELEGRAM_STALE = 180.0  # seconds without an answer from Telegram before "not ready"
REGISTRY = CollectorRegistry()
MESSAGES_IN = Counter("nft_messages_in", "Messages and button presses taken from users",
                      ["kind"], registry=REGISTRY)
MESSAGES_OUT = Counter("nft_messages_out", "Messages the bot sent", registry=REGISTRY)
INTENTS = Counter("nft_intents", "Intents of the messages the assistant answered", ["intent"],
                  registry=REGISTRY)
FALLBACKS = Counter("nft_fallbacks", "Messages the assistant did not understand",
                    registry=REGISTRY)
TELEGRAM_ERRORS = Counter("nft_telegram_errors", "Bot API calls that failed, by code",
                          ["code"], registry=REGISTRY)
TURN_SECONDS = Histogram("nft_turn_seconds", "From a message taken to its answer sent",
                         buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
                         registry=REGISTRY)
FALLBACK_INTENTS = ("nlu_fallback", "out_of_scope")
_last_telegram_answer = 0.0


def telegram_answered() -> None:
    """Called on every Bot API answer (success or Telegram's own error)."""
    global _last_telegram_answer
    _last_telegram_answer = time.monotonic()


def seconds_since_telegram() -> float:
    return time.monotonic() - _last_telegram_answer if _last_telegram_answer else float("inf")


def count_intent(intent: str | None) -> None:
    if intent:
        INTENTS.labels(intent).inc()
        if intent in FALLBACK_INTENTS:
            FALLBACKS.inc()


class Backlogs:
    """Gauges read from the database at each scrape (another process may fill the queues)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with session_scope() as session:
            values = backlogs(session)
        for name, help_text in (
                ("inbox_pending", "Telegram updates stored and not processed yet"),
                ("staff_outbox", "Notices waiting to be posted in the staff chat"),
                ("deliveries_pending", "Reminder deliveries waiting to be sent"),
                ("reminder_lag_seconds", "Age of the oldest pending reminder delivery"),
                ("handoffs_open", "Handoffs open or taken")):
            yield GaugeMetricFamily(f"nft_{name}", help_text, value=values[name])


REGISTRY.register(Backlogs())


def health(assistant: Any) -> tuple[bool, dict[str, Any]]:
    checks: dict[str, Any] = {"event_loop": True}
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = True
    except Exception as error:  # the reason, without the URL (it may hold a password)
        checks["database"] = type(error).__name__
    checks["model"] = bool(assistant is not None and assistant.agent.is_ready())
    since = seconds_since_telegram()
    checks["telegram_seconds_ago"] = None if since == float("inf") else round(since, 1)
    checks["telegram"] = since <= TELEGRAM_STALE
    ready = all(v is True for k, v in checks.items() if k != "telegram_seconds_ago")
    return ready, checks


def admin_app(assistant: Any, office: Callable[[web.Application], Any] | None = None
              ) -> web.Application:
    async def healthz(_request: web.Request) -> web.Response:
        ready, checks = health(assistant)
        return web.json_response({"alive": True, "ready": ready, "checks": checks},
                                 status=200 if ready else 503)

    async def metrics(_request: web.Request) -> web.Response:
        body = generate_latest(REGISTRY)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    if office is not None:  # the staff's back-office (bot.office), under /admin
        office(app)
    return app


async def start_admin(assistant: Any, listen: str, port: int,
                      office: Callable[[web.Application], Any] | None = None) -> web.AppRunner:
    runner = web.AppRunner(admin_app(assistant, office))
    await runner.setup()
    await web.TCPSite(runner, listen, port).start()
    return runner
