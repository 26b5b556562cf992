"""How the bot speaks in a chat: one escape-and-send path, and the chat's language.

Every text the bot sends — the assistant's answers, runtime messages, staff notices and
relays, status notices, reminders — goes through `send`: escaped (texts quote what users and
staff typed), split at Telegram's limit, its keyboard under the last part. What it says on
its own initiative goes through the one sender (`bot.db.sender`) first, which reaches
Telegram by `telegram_channel`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Message, ReplyParameters, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, CallbackContext

from bot.assistant import crashpoints
from bot.assistant.turns import Turn
from bot.db.chats import issue_keyboard, preferences, was_issued
from bot.db.sender import Blocked, Channel, Undeliverable
from bot.db.session import connection_scope, session_scope
from bot.db.turns import delivered, record_delivered
from bot.i18n import t
from bot.reply import Reply
from bot.telegram.observe import MESSAGES_OUT
from bot.telegram.render import render

# Any handler's context, the front end's or the staff's (`bot.telegram.context.Context`): this
# module only reads `bot_data.assistant`, and bot.telegram.context names the staff desk, which
# sends through here.
Context = CallbackContext[Any, Any, Any, Any]


async def send(bot: Bot, chat_id: int | str, content: str | list[Reply],
               keyboard: InlineKeyboardMarkup | None = None, *, skip: int = 0,
               on_sent: Callable[[int], None] | None = None, **options: object
               ) -> list[Message]:
    """Send a text or the assistant's replies; returns the messages sent, in order.

    `keyboard` replaces the buttons of the last part; `options` go to sendMessage as they are
    (e.g. reply_parameters). `skip`: the first messages were already delivered (a turn
    finished after a crash); `on_sent(n)` is told each time the n-th message is accepted.
    """
    replies = [Reply(content)] if isinstance(content, str) else content
    messages = render(replies)
    if keyboard is not None and messages:
        messages[-1].keyboard = keyboard
    sent = []
    for number, message in enumerate(messages, start=1):
        if number <= skip:
            continue
        sent.append(await bot.send_message(chat_id, message.html, parse_mode=ParseMode.HTML,
                                           reply_markup=message.keyboard, **options))
        MESSAGES_OUT.inc()
        if message.keyboard is not None:
            _issued(str(chat_id), sent[-1].message_id, message.keyboard)
        if on_sent is not None:
            on_sent(number)
    return sent


async def deliver_turn(bot: Bot, chat_id: str, turn: Turn) -> None:
    """Send the turn's messages not yet delivered, recording each one Telegram accepts.

    A crash between Telegram's acceptance and the record repeats that one message: nothing
    can close that gap, since Telegram has no idempotent send.
    """
    done = 0
    if turn.replayed:  # a turn that has just run has had nothing delivered yet
        with session_scope() as session:
            done = delivered(session, chat_id, turn.id)

    def record(count: int) -> None:
        crashpoints.reached("reply_sent", chat_id)
        with connection_scope() as connection:
            record_delivered(connection, chat_id, turn.id, count)
        crashpoints.reached("reply_recorded", chat_id)

    crashpoints.reached("turn_saved", chat_id)
    await send(bot, chat_id, turn.replies, skip=done, on_sent=record)
    crashpoints.reached("turn_delivered", chat_id)


def _issued(chat_id: str, message_id: int, keyboard: InlineKeyboardMarkup) -> None:
    """Remember the buttons sent: a press is accepted only with data the bot issued."""
    data = [button.callback_data for row in keyboard.inline_keyboard for button in row
            if isinstance(button.callback_data, str)]
    with connection_scope() as connection:
        issue_keyboard(connection, chat_id, message_id, data)


def issued(update: Update) -> bool:
    """Whether a button press carries data the bot sent under that very message."""
    query = update.callback_query
    message_id = query.message.message_id if query.message else None
    with session_scope() as session:
        return was_issued(session, chat_id_of(update), message_id, query.data)


def chat_id_of(update: Update) -> str:
    return str(update.effective_chat.id)


def chat_profile(update: Update) -> tuple[str, bool]:
    """The chat's stored language (chosen with /language, else its Telegram client's)."""
    user = update.effective_user
    with connection_scope() as connection:
        return preferences(connection, chat_id_of(update),
                           user.language_code if user else None)


async def chat_language(update: Update, context: Context) -> str:
    """The conversation's language: the one the assistant answers in, for every text."""
    return await language_in(update, context.application)


async def language_in(update: Update, application: Application) -> str:
    """The chat's language by the one rule (bot.config.language_for), as the assistant sees it:
    a language chosen with /language wins; otherwise the conversation's (Rasa's `language`
    slot, which follows what the user writes); a chat that never talked gets its profile's.
    """
    language, locked = chat_profile(update)
    assistant = application.bot_data.assistant
    if assistant is None:  # no conversation to read: the profile's, by the same rule
        return language
    return await assistant.language_of(chat_id_of(update), language, locked=locked)


async def say(update: Update, context: Context, key: str,
              keyboard: InlineKeyboardMarkup | None = None, language: str | None = None,
              **values: object) -> None:
    """One of the runtime's own texts (bot/messages.yml), in the conversation's language."""
    language = language or await chat_language(update, context)
    await send(context.bot, chat_id_of(update), t(key, language, **values), keyboard)


def telegram_channel(bot: Bot) -> Channel:
    """The one sender's way to a Telegram chat (`bot.db.sender`), with Telegram's refusals in
    its terms; returns the ids of the messages sent. `reply_to`: sent as a reply to that
    message (a staff-chat line under its request's notice), and sent all the same when that
    message was deleted: a thread is a convenience, never a reason to lose a message."""
    async def deliver(chat_id: str | int, content: str | list[Reply],
                      keyboard: InlineKeyboardMarkup | None,
                      reply_to: int | None = None) -> list[int]:
        options: dict[str, object] = {}
        if reply_to is not None:
            options["reply_parameters"] = ReplyParameters(
                message_id=reply_to, allow_sending_without_reply=True)
        try:
            return [m.message_id for m in await send(bot, chat_id, content, keyboard,
                                                     **options)]
        except Forbidden as error:
            raise Blocked(error.message) from error
        except BadRequest as error:
            raise Undeliverable(error.message) from error

    return deliver


async def answer(update: Update, context: Context, text: str) -> list[Message]:
    """Answer the update's message in its chat, quoting it in a group (as `reply_text` does)."""
    message = update.effective_message
    options: dict[str, object] = {}
    if message is not None and update.effective_chat.type != ChatType.PRIVATE:
        options = {"reply_to_message_id": message.message_id,
                   "allow_sending_without_reply": True}
    return await send(context.bot, chat_id_of(update), text, **options)
