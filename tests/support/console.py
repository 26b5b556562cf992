"""The real console chat driven line by line, and the candidacies it stored."""

from __future__ import annotations

import asyncio
import queue

from bot.assistant.runtime import Assistant
from bot.console import chat
from bot.db.candidacies import for_chat
from bot.db.session import session_scope


class Console:
    """The real console chat, fed one line at a time; `says` returns what it printed."""

    def __init__(self, assistant: Assistant, sender: str) -> None:
        self.assistant, self.sender = assistant, sender
        self.lines: queue.Queue[str] = queue.Queue()
        self.printed: list[str] = []
        self.flushed = asyncio.Event()

    # the console's stdin and stdout
    def readline(self) -> str:
        return self.lines.get()

    def write(self, text: str) -> None:
        self.printed.append(text)

    def flush(self) -> None:
        self.flushed.set()

    async def __aenter__(self) -> Console:
        self.task = asyncio.create_task(chat(self.assistant, self, self, self.sender))
        await self._output()  # the intro
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.lines.put("")
        await asyncio.wait_for(self.task, 30)

    async def _output(self) -> str:
        await asyncio.wait_for(self.flushed.wait(), 60)
        self.flushed.clear()
        text, self.printed = "".join(self.printed), []
        return text

    async def says(self, *lines: str) -> str:
        """Each line in turn; the output of the last one."""
        for line in lines:
            self.lines.put(f"{line}\n")
            output = await self._output()
        return output


def candidacies_of(database_url: str, sender: str) -> list:
    with session_scope(database_url) as session:
        return for_chat(session, sender)
