"""Logging for the whole process: ours at LOG_LEVEL, Rasa's and TensorFlow's at WARNING or above.

Rasa logs message texts at DEBUG (structlog included); keeping it at WARNING keeps
entrepreneurs' personal data out of the logs. Every line written, whatever logged it and at
any level (an HTTP error's URL, a library's debug line, a traceback), has Telegram bot tokens
replaced by `<token>`. LOG_FORMAT=json writes one JSON object per line instead.
"""

from __future__ import annotations

import json
import logging
import os
import re

QUIET = ("rasa", "rasa_sdk", "tensorflow", "absl", "apscheduler", "matplotlib", "httpx",
         "sanic", "asyncio", "alembic.runtime.plugins")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# A Bot API token: the bot's id, a colon, 35 characters (BotFather's format).
TOKEN_PATTERN = re.compile(r"(?<!\d)\d{5,}:[A-Za-z0-9_-]{30,}")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    for secret in secrets:
        text = text.replace(secret, "<token>")
    return TOKEN_PATTERN.sub("<token>", text)


class RedactingFormatter(logging.Formatter):
    """The usual line, with every token taken out (the configured one, and any that looks it)."""

    def __init__(self, fmt: str = FORMAT, secrets: tuple[str, ...] = ()) -> None:
        super().__init__(fmt)
        self.secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


class JsonFormatter(RedactingFormatter):
    """One JSON object per line (LOG_FORMAT=json), for a log collector; redacted the same."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record), "level": record.levelname,
                 "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, ensure_ascii=False), self.secrets)


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format=FORMAT)
    secrets = (os.environ.get("TELEGRAM_TOKEN", ""), os.environ.get("WEBHOOK_SECRET", ""))
    json_lines = os.environ.get("LOG_FORMAT", "text").strip().lower() == "json"
    formatter = (JsonFormatter if json_lines else RedactingFormatter)(secrets=secrets)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter)
    floor = max(logging.WARNING, logging.getLogger().getEffectiveLevel())
    for name in QUIET:
        logging.getLogger(name).setLevel(floor)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(floor)
