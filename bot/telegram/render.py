"""Assistant replies -> Telegram messages: escaped HTML, inline keyboards, 4,096-char parts."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.reply import Reply

logger = logging.getLogger(__name__)

TELEGRAM_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64  # bytes


@dataclass
class Outgoing:
    html: str
    keyboard: InlineKeyboardMarkup | None = None


def split_text(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Parts of at most `limit` characters, cut at a paragraph, a line, a sentence or a word
    bound in the second half of the part (a title alone is not a message)."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _cut(rest[:limit])
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def _cut(window: str) -> int:
    for bound, keep in (("\n\n", 0), ("\n", 0), (". ", 1), (" ", 0)):
        at = window.rfind(bound)
        if at >= len(window) // 2:
            return at + keep
    at = window.rfind(" ")
    return at if at > 0 else len(window)


def keyboard(buttons: list[dict[str, str]]) -> InlineKeyboardMarkup | None:
    rows = []
    for button in buttons:
        payload = button["payload"]
        if len(payload.encode()) > CALLBACK_DATA_LIMIT:
            logger.error("Button payload over Telegram's 64 bytes dropped: %s", payload[:80])
            continue
        rows.append([InlineKeyboardButton(button["title"], callback_data=payload)])
    return InlineKeyboardMarkup(rows) if rows else None


def merged(replies: list[Reply], limit: int = TELEGRAM_LIMIT - 400) -> list[Reply]:
    """Consecutive replies in one message when the earlier has no buttons and both fit.

    One answer, one notification for the user; and one send of the ~30 per second Telegram
    allows the whole bot, so that a turn of the dialogue costs one message, not two.
    """
    result: list[Reply] = []
    for reply in replies:
        last = result[-1] if result else None
        if (last and last.text and reply.text and not last.buttons
                and len(last.text) + 2 + len(reply.text) <= limit):
            result[-1] = Reply(f"{last.text}\n\n{reply.text}", reply.buttons)
        else:
            result.append(reply)
    return result


def render(replies: list[Reply]) -> list[Outgoing]:
    """One Telegram message per (merged) reply part; its buttons go under its last part.

    Every text is escaped: replies may quote what a user typed or staff wrote.
    """
    messages: list[Outgoing] = []
    for reply in merged(replies):
        # Escaping can lengthen a text, so split the raw text with room for entities.
        parts = split_text(reply.text, TELEGRAM_LIMIT - 400) if reply.text else []
        escaped = [html.escape(part, quote=False) for part in parts]
        markup = keyboard(reply.buttons)
        if not escaped and markup:
            escaped = ["…"]
        for index, part in enumerate(escaped):
            last = index == len(escaped) - 1
            messages.append(Outgoing(part, markup if last else None))
    return messages
