"""Named points of a turn where a test may kill the process, to prove a crash there is safe.

Inert in production: only `FTBOT_CRASH_AT=<point>[:<n>][@<conversation>]` (the n-th time
the point is reached, 1 by default, in that conversation, any by default) makes
`reached(point, conversation)` kill the process with SIGKILL, as the OOM killer or a power
cut would: no cleanup, no flush.
"""

from __future__ import annotations

import os
import signal

POINTS = (
    "turn_saved",       # Rasa saved the turn; nothing sent yet
    "reply_sent",       # Telegram accepted a message; not yet recorded as delivered
    "reply_recorded",   # a message recorded as delivered; the next not yet sent
    "turn_delivered",   # every message sent and recorded; the update not marked processed
)
_plan, _, _conversation = os.environ.get("FTBOT_CRASH_AT", "").partition("@")
_point, _, _nth = _plan.partition(":")
_left = int(_nth or 1) if _point else 0
if _point and _point not in POINTS:
    raise ValueError(f"FTBOT_CRASH_AT: unknown point {_point!r} (one of {', '.join(POINTS)})")


def reached(point: str, conversation: str | None = None) -> None:
    global _left
    if point != _point or _left <= 0 or (_conversation and conversation != _conversation):
        return
    _left -= 1
    if _left == 0:
        os.kill(os.getpid(), signal.SIGKILL)
