"""Logging for the whole process: ours at LOG_LEVEL, Rasa's and TensorFlow's at WARNING or above.

Rasa logs message texts at DEBUG (structlog included); keeping it at WARNING keeps
entrepreneurs' personal data out of the logs.
"""

from __future__ import annotations

import logging

QUIET = ("rasa", "rasa_sdk", "tensorflow", "absl", "apscheduler", "matplotlib", "httpx",
         "sanic", "asyncio")


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    floor = max(logging.WARNING, logging.getLogger().getEffectiveLevel())
    for name in QUIET:
        logging.getLogger(name).setLevel(floor)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(floor)
