"""Console chat: one message per line on stdin, replies on stdout; works with piped input.

Each line is a turn of its own ("console:<random>"); what was printed of it is recorded, so a
console stopped in the middle of a turn prints the rest at its next start, without running
the message again.
"""

from __future__ import annotations

import asyncio
from typing import TextIO

from bot.assistant import crashpoints
from bot.assistant.runtime import Assistant
from bot.assistant.turns import Turn, last_turn, new_turn_id
from bot.config import LANGUAGES
from bot.db.session import session_scope
from bot.db.turns import delivered, record_delivered
from bot.i18n import t
from bot.reply import Reply

TURN_PREFIX = "console:"


def render(replies: list[Reply]) -> tuple[str, list[str]]:
    """Replies as text, buttons numbered; returns the payloads in that order."""
    lines: list[str] = []
    payloads: list[str] = []
    for reply in replies:
        if reply.text:
            lines.append(f"bot> {reply.text}")
        for button in reply.buttons:
            payloads.append(button["payload"])
            lines.append(f"     [{len(payloads)}] {button['title']}")
    return "\n".join(lines), payloads


async def chat(assistant: Assistant, stdin: TextIO, stdout: TextIO, sender_id: str = "console",
               language: str | None = None) -> None:
    loop = asyncio.get_running_loop()
    intro_language = language or await assistant.language_of(sender_id)
    print(t("console_intro", intro_language), file=stdout, flush=True)
    payloads = await finish_last_turn(assistant, sender_id, stdout)
    while True:
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:  # end of input
            break
        text = line.rstrip("\n")
        command = text.strip().split()
        if command[:1] == ["/quit"]:
            break
        if command[:1] == ["/language"] and len(command) == 2 and command[1] in LANGUAGES:
            language = command[1]
            print(f"bot> {t('language_set', language)}", file=stdout, flush=True)
            continue
        pressed = text.strip().isdigit() and 0 < int(text.strip()) <= len(payloads)
        if pressed:
            text = payloads[int(text.strip()) - 1]
        metadata = {"language": language, "language_locked": True} if language else {}
        turn = await assistant.take_turn(sender_id, text, metadata, payload=pressed,
                                         turn_id=f"{TURN_PREFIX}{new_turn_id()}")
        crashpoints.reached("turn_saved", sender_id)
        payloads = show(turn, sender_id, stdout)


async def finish_last_turn(assistant: Assistant, sender_id: str, stdout: TextIO) -> list[str]:
    """The replies of a turn the console ran but did not finish printing (it was stopped)."""
    turn = last_turn(await assistant.agent.tracker_store.retrieve(sender_id))
    if turn is None or not turn.id.startswith(TURN_PREFIX):
        return []
    with session_scope() as session:
        done = delivered(session, sender_id, turn.id)
    if done >= len(turn.replies):
        return []
    return show(Turn(turn.id, turn.replies[done:]), sender_id, stdout, already=done)


def show(turn: Turn, sender_id: str, stdout: TextIO, already: int = 0) -> list[str]:
    """Print a turn's replies and record them as delivered; returns its buttons' payloads."""
    output, payloads = render(turn.replies)
    print(output, file=stdout, flush=True)
    with session_scope() as session:
        record_delivered(session, sender_id, turn.id, already + len(turn.replies))
    return payloads
