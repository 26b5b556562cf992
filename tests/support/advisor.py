"""The advisor's conversation and the reading of its answer: the schemes recommended in order,
the ones ruled out."""

from __future__ import annotations

from bot.assistant.runtime import Assistant

ALL = ["Bourse French Tech", "Pass French Tech", "French Tech Ticket", "French Tech Hubs",
       "Normandy Tech 40", "Accélérateur Normandy French Tech", "PROGENN"]


async def conversation(assistant: Assistant, sender: str, lines: list[str],
                       language: str = "fr") -> list:
    replies = []
    for line in lines:
        replies += await assistant.handle(sender, line, {"language": language},
                                          payload=line.startswith("/"))
    return replies


def recommended(reply_text: str) -> list[str]:
    """The numbered schemes of the recommendation, in order."""
    return [line.split(". ", 1)[1].split(" — ")[0] for line in reply_text.splitlines()
            if line[:1].isdigit() and ". " in line]


def ruled_out(reply_text: str) -> list[str]:
    line = next((line for line in reply_text.splitlines()
                 if line.startswith(("Pas pour vous", "Not for you"))), "")
    return [item.split(" (✗")[0] for item in line.split(": ", 1)[-1].split("; ") if "✗" in item]
