"""Normandy French Tech assistant: the runtime package.

Packages by feature (docs/architecture.md), each `__init__` saying what it owns and may
import: `service` (the process, built in one place), `assistant` (Rasa in-process),
`rasa_patches` (the one Rasa boundary), `telegram` (the front end; the staff desk in the
staff chat in `telegram/desk`), `staff` (the staff's services, free of any channel),
`office` (the staff's web back-office), `reminders`, `candidacy` (a candidacy's
rules), `advisor` (the scheme advisor), `knowledge` (the knowledge base as the assistant
reads it), `db` (the one data layer), `cli` (`ftbot`); Alembic's migrations in
`migrations`. Modules here are shared by all: `config`, `i18n` (the one text loader), `dates`,
`reply`, `log`, and `console` (the console chat). Nothing in `bot`
imports the `actions` package.
"""

import os

# Rasa's telemetry and its crash reports (Sentry) would send data about conversations out of
# the machine; they are off unless an operator turns them on explicitly.
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def serve_with_one_tensorflow_thread() -> None:
    """Serving runs many tiny predictions: TensorFlow's thread pools only add hand-offs.

    With one intra-op and one inter-op thread (read by TensorFlow when it starts), the bot at
    30 messages/s went from a p95 of 0.1-1.5 s to 46 ms on two cores (`ftbot bench`);
    training keeps TensorFlow's defaults. An operator's own values win.
    """
    os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
    os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")
