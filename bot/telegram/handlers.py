"""Telegram handlers for entrepreneurs: small, one job each, wired in `bot.telegram.app`.

The staff desk's handlers live in `bot.telegram.desk`; both speak through
`bot.telegram.send`.
"""

from __future__ import annotations

import functools
import json
import logging
import time
from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, ApplicationHandlerStop

from bot.assistant.turns import telegram_turn_id
from bot.db.chats import claim_keyboard, set_language
from bot.db.handoffs import active_handoff, staff_traces
from bot.db.privacy import erase_chat, export_chat
from bot.db.session import session_scope
from bot.i18n import t
from bot.staff.waiting import OWN_PAYLOADS
from bot.telegram import observe
from bot.telegram.context import Context
from bot.telegram.desk.chat import desk_of
from bot.telegram.desk.notices import erase_from_staff_chat
from bot.telegram.desk.relay import while_waiting
from bot.telegram.send import (
    chat_id_of,
    chat_language,
    chat_profile,
    deliver_turn,
    issued,
    language_in,
    say,
    send,
)

logger = logging.getLogger(__name__)
Handler = Callable[[Update, Context], Awaitable[None]]

# Commands that are questions to the assistant: sent to Rasa as intent payloads.
COMMAND_PAYLOADS = {
    "start": "/greet",
    "help": "/ask_capabilities",
    "programmes": "/list_programmes",
    "events": "/ask_events",
}
MYDATA_COOLDOWN = 600.0  # seconds between two exports of one chat's data
# What only happens in a private chat: in a group, anyone could read or continue it.
PRIVATE_ONLY_INTENTS = ("apply", "request_human", "edit_candidacy", "continue_later",
                        "ask_candidacy_status")
# Buttons of the runtime's own messages (their callback data); any other is the assistant's.
LANGUAGE_BUTTON = r"^lang:(fr|en)$"
FORGET_YES, FORGET_NO = r"^forget:yes$", r"^forget:no$"


async def ask_assistant(update: Update, context: Context, text: str,
                        payload: bool = False) -> None:
    """The core path: a text (or, `payload`, our button's payload) to Rasa, its replies.

    While a request for a person is active, `while_waiting` passes texts to the staff and
    says whether the assistant answers too (bot/staff/waiting.py).
    """
    desk = desk_of(context)
    if desk is not None:
        with session_scope() as session:
            handoff = active_handoff(session, chat_id_of(update))
            handoff_id = handoff.id if handoff else None
        if handoff_id is not None and not await while_waiting(update, context, desk,
                                                              handoff_id, text, payload):
            return
        if handoff_id is None and payload and text in OWN_PAYLOADS:  # a request closed since
            await say(update, context, "waiting_closed_already")
            return
    language, locked = chat_profile(update)
    user = update.effective_user
    assistant = context.application.bot_data.assistant
    assert assistant is not None, "the process is wired with its assistant (bot.service)"
    if not is_private(update) and (
            await assistant.intent_of(text, payload=payload) in PRIVATE_ONLY_INTENTS):
        await point_to_private_chat(update, context)
        return
    started = time.monotonic()
    chat_id = chat_id_of(update)
    turn = await assistant.take_turn(chat_id, text, {
        "language": language, "language_locked": locked, "chat_type": update.effective_chat.type,
        "user_name": user.full_name if user else None, "username": user.username if user else None,
    }, turn_id=telegram_turn_id(update.update_id), payload=payload)
    if turn.replayed:
        logger.info("Update %s: its turn ran before a restart; sending what was missing",
                    update.update_id)
    else:
        observe.MESSAGES_IN.labels("payload" if payload else "text").inc()  # buttons, commands
        observe.count_intent(turn.intent)
    if locked and turn.language and turn.language != language:  # "je parle français": the
        with session_scope() as session:  # latest choice, in words, replaces /language's
            set_language(session, chat_id, turn.language)
    await deliver_turn(context.bot, chat_id, turn)
    observe.TURN_SECONDS.observe(time.monotonic() - started)
    if desk is not None:
        desk.wake.set()  # the turn may have opened a handoff or filed a candidacy


def is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


async def point_to_private_chat(update: Update, context: Context) -> None:
    """In a group: personal matters (a candidacy, a person, one's data) go to a private chat."""
    language = await chat_language(update, context)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(
        t("private_chat_button", language), url=f"https://t.me/{context.bot.username}")]])
    await say(update, context, "private_only", keyboard, language)


def private_only(handler: Handler) -> Handler:
    """A command about one person's data: in a group, a pointer to a private chat instead."""
    @functools.wraps(handler)
    async def in_private(update: Update, context: Context) -> None:
        if is_private(update):
            await handler(update, context)
        else:
            await point_to_private_chat(update, context)

    return in_private


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


# --- messages and commands --------------------------------------------------------------------
async def on_text(update: Update, context: Context) -> None:
    message = update.effective_message
    if not addressed_to_bot(message, context.bot.id, context.bot.username):
        return
    await ask_assistant(update, context, without_mention(message.text, context.bot.username))


async def on_command_question(update: Update, context: Context) -> None:
    command = update.effective_message.text.split()[0].lstrip("/").split("@")[0].lower()
    await ask_assistant(update, context, COMMAND_PAYLOADS[command], payload=True)


async def on_language(update: Update, context: Context) -> None:
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton("Français", callback_data="lang:fr"),
        InlineKeyboardButton("English", callback_data="lang:en"),
    ]])
    await say(update, context, "choose_language", keyboard)


@private_only
async def on_mydata(update: Update, context: Context) -> None:
    """Everything kept about this chat, as one JSON document; once per MYDATA_COOLDOWN."""
    chat_id = chat_id_of(update)
    last = context.application.bot_data.mydata_sent
    now = time.monotonic()
    if chat_id in last and now - last[chat_id] < MYDATA_COOLDOWN:
        minutes = max(1, round((MYDATA_COOLDOWN - (now - last[chat_id])) / 60))
        await say(update, context, "mydata_cooldown", minutes=minutes)
        return
    with session_scope() as session:
        document = json.dumps(export_chat(session, chat_id), ensure_ascii=False, indent=1)
    await say(update, context, "mydata_intro")
    await context.bot.send_document(chat_id, document.encode(), filename="mydata.json")
    last[chat_id] = now


@private_only
async def on_forget(update: Update, context: Context) -> None:
    language = await chat_language(update, context)
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton(t("forget_yes", language), callback_data="forget:yes"),
        InlineKeyboardButton(t("forget_no", language), callback_data="forget:no"),
    ]])
    await say(update, context, "forget_confirm", keyboard, language)


async def on_other_message(update: Update, context: Context) -> None:
    message = update.effective_message
    if message and addressed_to_bot(message, context.bot.id, context.bot.username):
        await say(update, context, "non_text")


async def on_edited_message(update: Update, context: Context) -> None:
    message = update.edited_message
    if message and message.chat.type == ChatType.PRIVATE:
        await say(update, context, "edited")


# --- buttons ----------------------------------------------------------------------------------
async def refuse_forged_button(update: Update, context: Context) -> None:
    """Before any button handler: a press whose data the bot never sent there goes no further.

    A modified client can send any callback data; only what we issued may reach the staff
    tools or Rasa (where "/restart" would reset a conversation).
    """
    if not issued(update):
        logger.warning("Button press %s refused: data not issued by the bot", update.update_id)
        await update.callback_query.answer(t("button_used", await chat_language(update, context)))
        raise ApplicationHandlerStop


def single_use(handler: Handler) -> Handler:
    """Answer the press and retire its keyboard; only the first press of a keyboard acts."""
    @functools.wraps(handler)
    async def claimed(update: Update, context: Context) -> None:
        query = update.callback_query
        message = query.message
        with session_scope() as session:
            first_use = message is None or claim_keyboard(session, chat_id_of(update),
                                                          message.message_id, update.update_id)
        if not first_use:
            await query.answer(t("button_used", await chat_language(update, context)))
            return
        try:
            await query.answer()
        except BadRequest as error:  # processed again after a restart: the query expired
            logger.info("Button press %s not acknowledged: %s", update.update_id, error.message)
        if message is not None:
            try:
                await query.edit_message_reply_markup(reply_markup=None)
            except BadRequest as error:  # already edited or too old: the claim still holds
                logger.info("Keyboard not removed: %s", error.message)
        await handler(update, context)

    return claimed


@single_use
async def on_language_button(update: Update, context: Context) -> None:
    language = update.callback_query.data.removeprefix("lang:")
    with session_scope() as session:
        set_language(session, chat_id_of(update), language)
    await say(update, context, "language_set", language=language)


@single_use
async def on_forget_confirmed(update: Update, context: Context) -> None:
    language = await chat_language(update, context)  # before the conversation is erased
    with session_scope() as session:
        traces = staff_traces(session, chat_id_of(update))
        erased = erase_chat(session, chat_id_of(update))
    context.application.bot_data.mydata_sent.pop(chat_id_of(update), None)
    kept = erased["candidacies_kept"]
    if kept:
        await say(update, context, "forget_done_kept", language=language,
                  events=erased["conversation_events"], references=", ".join(kept))
    else:
        await say(update, context, "forget_done", language=language,
                  events=erased["conversation_events"])
    desk = desk_of(context)
    if desk is not None and traces:
        count = await erase_from_staff_chat(context.bot, desk, traces)
        await say(update, context, "forget_staff_erased", language=language, count=count)


@single_use
async def on_forget_cancelled(update: Update, context: Context) -> None:
    await say(update, context, "forget_cancelled")


@single_use
async def on_assistant_button(update: Update, context: Context) -> None:
    """An assistant button: an intent payload ("/affirm") or a plain answer."""
    if update.callback_query.data:
        await ask_assistant(update, context, update.callback_query.data, payload=True)


async def tell_to_slow_down(application: Application, update: Update) -> None:
    """To a chat whose messages the inbox dropped (bot.telegram.updates), once a minute."""
    language = await language_in(update, application)
    await send(application.bot, chat_id_of(update), t("slow_down", language))


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
