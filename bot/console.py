"""Console chat: one message per line on stdin, replies on stdout; works with piped input."""

from __future__ import annotations

import asyncio
from typing import TextIO

from bot.assistant.runtime import Assistant
from bot.config import LANGUAGES
from bot.i18n import t
from bot.reply import Reply


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
    payloads: list[str] = []
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
        replies = await assistant.handle(sender_id, text, metadata, payload=pressed)
        output, payloads = render(replies)
        print(output, file=stdout, flush=True)
