"""A handoff's conversation: the user's messages relayed to the staff chat, staff replies
relayed back (signed), Take and Close, and the conversation given back to the assistant.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from telegram import Update
from telegram.error import Forbidden
from telegram.ext import ContextTypes

from bot.db import handoffs
from bot.db.models import Handoff
from bot.db.session import session_scope
from bot.i18n import t
from bot.staff.desk import StaffDesk, desk_of, staff_only, who
from bot.telegram.send import answer, send

logger = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
TAKE_BUTTON = re.compile(r"^handoff:take:(\d+)$")
CLOSE_BUTTON = re.compile(r"^handoff:close:(\d+)$")


async def relay_from_user(update: Update, context: Context, desk: StaffDesk, handoff_id: int,
                          text: str) -> None:
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        handoffs.record(handoff, "user", text)
        thread = handoffs.thread_of(session, handoff_id)
        line = desk.t("relay_from_user", who=who(handoff, desk.language), id=handoff_id,
                      text=text)
    sent = await send(context.bot, desk.chat_id, line, reply_to_message_id=thread,
                      allow_sending_without_reply=True)
    with session_scope() as session:
        handoffs.remember_staff_message(session, sent.message_id, handoff_id)


async def _tell_user(context: Context, chat_id: str, text: str) -> None:
    try:
        await send(context.bot, chat_id, text)
    except Forbidden:
        logger.warning("A handoff's user blocked the bot")


def _change(handoff_id: int, staff_name: str, change: Callable[[Handoff, str], bool]
            ) -> tuple[str, str] | None:
    """Apply `change` (take or close); the user's chat and language when it changed."""
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        if handoff is None or not change(handoff, staff_name):
            return None
        return handoff.chat_id, handoff.language


async def take_handoff(context: Context, desk: StaffDesk, handoff_id: int,
                       staff_name: str) -> None:
    taken = _change(handoff_id, staff_name, handoffs.take)
    if taken is None:
        return
    chat_id, language = taken
    await _tell_user(context, chat_id, t("handoff_taken", language, name=staff_name))
    await send(context.bot, desk.chat_id, desk.t("staff_taken", name=staff_name, id=handoff_id))


async def close_handoff(context: Context, desk: StaffDesk, handoff_id: int,
                        staff_name: str) -> None:
    """Back to the bot: the Rasa conversation resumes where it was paused."""
    closed = _change(handoff_id, staff_name, handoffs.close)
    if closed is None:
        return
    chat_id, language = closed
    await context.application.bot_data["assistant"].resume(chat_id)
    await _tell_user(context, chat_id, t("handoff_closed", language))
    await send(context.bot, desk.chat_id, desk.t("staff_closed", name=staff_name, id=handoff_id))


def _replied_handoff(update: Update) -> int | None:
    replied = update.effective_message.reply_to_message
    if replied is None:
        return None
    with session_scope() as session:
        handoff = handoffs.handoff_of_staff_message(session, replied.message_id)
        return handoff.id if handoff else None


async def on_staff_reply(update: Update, context: Context) -> None:
    """A staff member's reply to a notice or a relayed message goes to the user, signed."""
    desk = desk_of(context)
    handoff_id = _replied_handoff(update)
    if desk is None or handoff_id is None:
        return  # the staff talking among themselves
    staff_name = update.effective_user.first_name
    text = update.effective_message.text
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        if handoff.status == "closed":
            closed = True
        else:
            closed = False
            handoffs.take(handoff, staff_name)  # answering is taking
            handoffs.record(handoff, "staff", text, staff_name)
            chat_id, language = handoff.chat_id, handoff.language
    if closed:
        await answer(update, context, desk.t("staff_already_closed", id=handoff_id))
        return
    await _tell_user(context, chat_id, t("staff_says", language, name=staff_name, text=text))


@staff_only
async def on_take_button(update: Update, context: Context, desk: StaffDesk) -> None:
    handoff_id = int(TAKE_BUTTON.match(update.callback_query.data).group(1))
    await take_handoff(context, desk, handoff_id, update.effective_user.first_name)


@staff_only
async def on_close_button(update: Update, context: Context, desk: StaffDesk) -> None:
    handoff_id = int(CLOSE_BUTTON.match(update.callback_query.data).group(1))
    await close_handoff(context, desk, handoff_id, update.effective_user.first_name)


@staff_only
async def on_close_command(update: Update, context: Context, desk: StaffDesk) -> None:
    """/close, in reply to a notice or a relayed message."""
    handoff_id = _replied_handoff(update)
    if handoff_id is None:
        await answer(update, context, desk.t("staff_reply_to_what"))
        return
    await close_handoff(context, desk, handoff_id, update.effective_user.first_name)
