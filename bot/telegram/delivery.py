"""Every Bot API call goes through here: Telegram's rate limits, then retries with back-off.

AIORateLimiter keeps the bot under ~30 messages/s overall and 20 a minute per group chat (it
has no per-private-chat limit; the reminder fan-out spaces messages to one chat itself) and
honours 429 `retry_after`. On top of it, tenacity retries what is worth retrying — 5xx, timeouts and
dropped connections — with exponential back-off. A 400 (bad request) or 403 (blocked by
the user) is final and is raised at once.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import AIORateLimiter
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from bot.telegram.observe import TELEGRAM_ERRORS, telegram_answered

logger = logging.getLogger(__name__)


def _count_error(error: TelegramError) -> None:
    """For /metrics: the Bot API's error code (or "network" when Telegram did not answer)."""
    code = {BadRequest: "400", Forbidden: "403", RetryAfter: "429", TimedOut: "timeout"}.get(
        type(error))
    if code is None:
        code = "network" if isinstance(error, NetworkError) else "other"
    TELEGRAM_ERRORS.labels(code).inc()
    if code in ("400", "403", "429"):
        telegram_answered()  # Telegram answered, with a refusal


def _log_retry(endpoint: str, state: RetryCallState) -> None:
    """Which call failed and how (the method's name only: never its parameters)."""
    error = state.outcome.exception()
    logger.warning("Bot API %s failed (%s: %s); attempt %d, retrying in %.1f s", endpoint,
                   type(error).__name__, error, state.attempt_number, state.next_action.sleep)


def _transient(error: BaseException) -> bool:
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


class RetryingRateLimiter(AIORateLimiter):
    def __init__(self, attempts: int = 6, max_wait: float = 30.0, min_wait: float = 0.5,
                 max_retries_after_429: int = 5) -> None:
        super().__init__(max_retries=max_retries_after_429)
        self._attempts = attempts
        self._min_wait = min_wait
        self._max_wait = max_wait

    async def process_request(self, callback, args, kwargs, endpoint, data,  # noqa: ANN001
                              rate_limit_args) -> Any:
        retrying = AsyncRetrying(
            retry=retry_if_exception(_transient),
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential(multiplier=self._min_wait, max=self._max_wait),
            before_sleep=functools.partial(_log_retry, endpoint),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                try:
                    result = await super().process_request(callback, args, kwargs, endpoint,
                                                           data, rate_limit_args)
                except TelegramError as error:
                    _count_error(error)
                    raise
                telegram_answered()
                return result
        raise AssertionError("unreachable")  # pragma: no cover


__all__ = ["RetryAfter", "RetryingRateLimiter"]
