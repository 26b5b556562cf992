"""The staff's side over the Bot API double: the staff group chat, its members and the
replies they send, the one-time link /admin gives, the handoffs stored."""

from __future__ import annotations

import itertools
import re

from bot.db.handoffs import list_handoffs
from bot.db.session import session_scope
from tests.support.telegram_harness import BOT_USER, TOKEN, Applicant

STAFF_CHAT = -100500
STAFF_ENV = {"STAFF_CHAT_ID": str(STAFF_CHAT), "OFFICE_HOURS": "mon-sun 00:00-23:59",
             "HANDOFF_REPOST_AFTER": "3600"}
ids = itertools.count(7001)  # Telegram user ids no other helper hands out
LINK = re.compile(r"https?://\S+/admin/login/\S+")


def staff_member(emulator, name: str = "Camille") -> Applicant:
    return Applicant(emulator, next(ids), first_name=name, chat_id=STAFF_CHAT,
                     chat_type="supergroup")


def user(emulator, language: str = "fr", name: str = "Jeanne") -> Applicant:
    return Applicant(emulator, next(ids), first_name=name, language_code=language)


async def reply_to(member: Applicant, message: dict, text: str, author: dict = BOT_USER) -> None:
    """A Telegram reply (the staff's way to answer a relayed message) to `author`'s message."""
    await member.says(text, reply_to_message={
        "message_id": message["messageId"], "date": 1_700_000_000, "from": author,
        "chat": member.chat, "text": message["message"]["text"]})


async def close_by_reply(member: Applicant, message: dict) -> None:
    """/close sent as a reply to a message of the request."""
    await member._post("/sendCommand", {
        "botToken": TOKEN, "from": member.user, "chat": member.chat, "date": 1_700_000_001,
        "text": "/close", "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        "reply_to_message": {"message_id": message["messageId"], "date": 1_700_000_000,
                             "from": BOT_USER, "chat": member.chat,
                             "text": message["message"]["text"]}})


def handoffs_in(url: str) -> list:
    with session_scope(url) as session:
        return list_handoffs(session)


def handoff_of(url: str, name: str):
    return next(h for h in handoffs_in(url) if h.user_name == name)
