"""Telegram handlers: small, one job each, wired in `bot.telegram.app.add_handlers`."""

from __future__ import annotations

import html
import json
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.db.chats import claim_keyboard, preferences, set_language
from bot.db.handoffs import active_handoff
from bot.db.privacy import erase_chat, export_chat
from bot.db.session import session_scope
from bot.i18n import t
from bot.runtime import Assistant
from bot.telegram import staff
from bot.telegram.render import Outgoing, render, split_text

logger = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE

# Commands that are questions to the assistant: sent to Rasa as intent payloads.
COMMAND_PAYLOADS = {
    "start": "/greet",
    "help": "/ask_capabilities",
    "programmes": "/list_programmes",
    "events": "/ask_events",
}


def _chat_id(update: Update) -> str:
    return str(update.effective_chat.id)


def _profile(update: Update) -> tuple[str, bool]:
    user = update.effective_user
    with session_scope() as session:
        return preferences(session, _chat_id(update), user.language_code if user else None)


async def send(context: Context, chat_id: str, messages: list[Outgoing]) -> None:
    for message in messages:
        await context.bot.send_message(chat_id, message.html, parse_mode=ParseMode.HTML,
                                       reply_markup=message.keyboard)


async def ask_assistant(update: Update, context: Context, text: str) -> None:
    """The core path: a text (or a button's payload) to Rasa, its replies to the chat.

    While a person of the staff has the conversation, texts go to them instead (and the
    buttons of old messages do nothing).
    """
    desk = staff.desk_of(context)
    if desk is not None:
        with session_scope() as session:
            handoff = active_handoff(session, _chat_id(update))
            handoff_id = handoff.id if handoff else None
        if handoff_id is not None:
            if not text.startswith("/"):
                await staff.relay_from_user(update, context, desk, handoff_id, text)
            return
    language, locked = _profile(update)
    user = update.effective_user
    assistant: Assistant = context.application.bot_data["assistant"]
    replies = await assistant.handle(_chat_id(update), text, {
        "language": language, "language_locked": locked,
        "user_name": user.full_name if user else None, "username": user.username if user else None,
    })
    await send(context, _chat_id(update), render(replies))
    if desk is not None:
        desk.wake.set()  # the turn may have opened a handoff or filed a candidacy


async def say(update: Update, context: Context, key: str,
              keyboard: InlineKeyboardMarkup | None = None, language: str | None = None,
              **values: object) -> None:
    """One of the runtime's own texts, in `language` or else the chat's."""
    language = language or _profile(update)[0]
    text = html.escape(t(key, language, **values), quote=False)
    await context.bot.send_message(_chat_id(update), text, parse_mode=ParseMode.HTML,
                                   reply_markup=keyboard)


def addressed_to_bot(message: Message, bot_id: int, username: str | None) -> bool:
    """In a group, we answer only a mention of us or a reply to one of our messages."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot_id:
        return True
    return bool(username and f"@{username}".lower() in (message.text or "").lower())


def without_mention(text: str, username: str | None) -> str:
    if not username:
        return text
    lowered, mention = text.lower(), f"@{username}".lower()
    index = lowered.find(mention)
    return (text[:index] + text[index + len(mention):]).strip() if index >= 0 else text


async def on_text(update: Update, context: Context) -> None:
    message = update.effective_message
    if not addressed_to_bot(message, context.bot.id, context.bot.username):
        return
    await ask_assistant(update, context, without_mention(message.text, context.bot.username))


async def on_command_question(update: Update, context: Context) -> None:
    command = update.effective_message.text.split()[0].lstrip("/").split("@")[0].lower()
    await ask_assistant(update, context, COMMAND_PAYLOADS[command])


async def on_language(update: Update, context: Context) -> None:
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton("Français", callback_data="lang:fr"),
        InlineKeyboardButton("English", callback_data="lang:en"),
    ]])
    await say(update, context, "choose_language", keyboard)


async def on_mydata(update: Update, context: Context) -> None:
    with session_scope() as session:
        document = json.dumps(export_chat(session, _chat_id(update)), ensure_ascii=False,
                              indent=1)
    await say(update, context, "mydata_intro")
    for part in split_text(document, 3500):
        text = f"<pre>{html.escape(part, quote=False)}</pre>"
        await context.bot.send_message(_chat_id(update), text, parse_mode=ParseMode.HTML)


async def on_forget(update: Update, context: Context) -> None:
    language, _ = _profile(update)
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton(t("forget_yes", language), callback_data="forget:yes"),
        InlineKeyboardButton(t("forget_no", language), callback_data="forget:no"),
    ]])
    await say(update, context, "forget_confirm", keyboard, language)


async def on_button(update: Update, context: Context) -> None:
    """Answer the press, retire the keyboard (one use only), then act on the payload."""
    query = update.callback_query
    message = query.message
    with session_scope() as session:
        first_use = message is None or claim_keyboard(session, _chat_id(update),
                                                      message.message_id)
    language, _ = _profile(update)
    await query.answer(None if first_use else t("button_used", language))
    if not first_use:
        return
    if message is not None:
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except BadRequest as error:  # already edited or too old: the claim still holds
            logger.info("Keyboard not removed: %s", error.message)
    data = query.data or ""
    if data.startswith("lang:"):
        with session_scope() as session:
            set_language(session, _chat_id(update), data.removeprefix("lang:"))
        await say(update, context, "language_set", language=data.removeprefix("lang:"))
    elif data == "forget:yes":
        with session_scope() as session:
            erased = erase_chat(session, _chat_id(update))
        kept = erased["candidacies_kept"]
        if kept:
            await say(update, context, "forget_done_kept", language=language,
                      events=erased["conversation_events"], references=", ".join(kept))
        else:
            await say(update, context, "forget_done", language=language,
                      events=erased["conversation_events"])
    elif data == "forget:no":
        await say(update, context, "forget_cancelled", language=language)
    elif data:  # an assistant button: an intent payload ("/affirm") or a plain answer
        await ask_assistant(update, context, data)


async def on_other_message(update: Update, context: Context) -> None:
    message = update.effective_message
    if message and addressed_to_bot(message, context.bot.id, context.bot.username):
        await say(update, context, "non_text")


async def on_edited_message(update: Update, context: Context) -> None:
    message = update.edited_message
    if message and message.chat.type == ChatType.PRIVATE:
        await say(update, context, "edited")


async def on_error(update: object, context: Context) -> None:
    """Log with the update id (not the message: it may hold personal data) and apologise."""
    update_id = getattr(update, "update_id", None)
    if isinstance(context.error, Forbidden):  # the user blocked us: nobody to apologise to
        logger.warning("Update %s: %s", update_id, context.error.message)
        return
    logger.error("Update %s failed: %r", update_id, context.error,
                 exc_info=(type(context.error), context.error, context.error.__traceback__))
    if isinstance(update, Update) and update.effective_chat:
        try:
            await say(update, context, "error")
        except TelegramError:
            logger.exception("Could not apologise for update %s", update_id)
