"""Reminders to Telegram chats, and /newevent for the staff chat."""

from __future__ import annotations

import logging

import dateparser
from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import ContextTypes

from bot import events
from bot.dates import moment
from bot.db.session import session_scope
from bot.fanout import Blocked, Undeliverable
from bot.reminders import describe_offsets
from bot.reply import Reply
from bot.telegram.render import render
from bot.telegram.staff import desk_of, in_staff_chat, refuse

logger = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
DATE_SETTINGS = {"DATE_ORDER": "DMY", "TIMEZONE": "Europe/Paris",
                 "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DATES_FROM": "future"}


def telegram_deliver(bot: Bot):  # noqa: ANN201 - a bot.fanout.Deliver
    async def deliver(chat_id: str, message: Reply) -> None:
        """Rendered like every answer of the bot (escaped, split, buttons)."""
        try:
            for part in render([message]):
                await bot.send_message(chat_id, part.html, parse_mode=ParseMode.HTML,
                                       reply_markup=part.keyboard)
        except Forbidden as error:
            raise Blocked(error.message) from error
        except BadRequest as error:
            raise Undeliverable(error.message) from error

    return deliver


def parse_new_event(text: str) -> tuple[dict, str | None]:
    """`/newevent <date and time> | <title> | [place] | [link]` -> fields, or an error key."""
    _command, *rest = text.split(maxsplit=1) or [""]
    parts = [part.strip() for part in (rest[0] if rest else "").split("|")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return {}, "newevent_usage"
    starts = dateparser.parse(parts[0], languages=["fr", "en"], settings=DATE_SETTINGS)
    if starts is None:
        return {}, "newevent_bad_date"
    return {"starts_at": starts, "title": parts[1],
            "place": parts[2] if len(parts) > 2 and parts[2] else None,
            "url": parts[3] if len(parts) > 3 and parts[3] else None}, None


async def on_new_event(update: Update, context: Context) -> None:
    desk = desk_of(context)
    if not in_staff_chat(update, desk):
        await refuse(update, context)
        return
    fields, problem = parse_new_event(update.effective_message.text or "")
    if problem is None:
        try:
            with session_scope() as session:
                change = events.create(session, **fields)
                event_id = change.event.id
        except events.EventError:
            problem = "newevent_past"
    if problem:
        await update.effective_message.reply_text(desk.t(problem))
        return
    reminders = context.application.bot_data.get("reminders")
    if reminders is not None:
        reminders.reconcile()
    fanout = context.application.bot_data.get("fanout")
    if fanout is not None:
        fanout.wake.set()
    offsets = reminders.offsets if reminders is not None else []
    await update.effective_message.reply_text(desk.t(
        "newevent_done", id=event_id, title=fields["title"],
        when=moment(fields["starts_at"], desk.language), count=change.notified,
        offsets=describe_offsets(offsets, desk.language) or "—"))
