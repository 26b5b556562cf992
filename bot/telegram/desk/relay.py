"""A handoff's conversation: the user's messages relayed to the staff chat, staff replies
relayed back (signed), Take and Close, and the conversation given back to the assistant.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import timedelta

from telegram import Message, Update
from telegram.error import Forbidden

from bot.assistant.runtime import Assistant
from bot.db import handoffs, outbox
from bot.db.models import Handoff
from bot.db.queries import utcnow
from bot.db.session import session_scope
from bot.i18n import t
from bot.reply import Reply
from bot.staff import waiting
from bot.staff.waiting import RELAY_WINDOW, RELAYS_PER_MINUTE
from bot.telegram.context import Context
from bot.telegram.desk.chat import StaffDesk, desk_of, staff_only, who
from bot.telegram.send import answer, chat_id_of, send

logger = logging.getLogger(__name__)
REPAIR_WINDOW = timedelta(days=30)  # closed handoffs whose conversation is checked at start
TAKE_BUTTON = re.compile(r"^handoff:take:(\d+)$")
CLOSE_BUTTON = re.compile(r"^handoff:close:(\d+)$")


async def while_waiting(update: Update, context: Context, desk: StaffDesk, handoff_id: int,
                        text: str, payload: bool) -> bool:
    """A message of a person whose request is active (`bot.staff.waiting` decides): passed
    to the staff, withdrawn, answered by the runtime. True: the assistant answers it too."""
    chat_id = chat_id_of(update)
    step = await waiting.decide(context.application.bot_data.assistant, chat_id,
                                handoff_id, text, payload)
    if step.withdraw:
        await withdraw_handoff(context, desk, handoff_id)
        return False
    if step.relay:
        await relay_from_user(update, context, desk, handoff_id, text, answered=step.answer)
    if step.note is not None:
        await _tell_user(context, chat_id, step.note)
    return step.answer


async def withdraw_handoff(context: Context, desk: StaffDesk, handoff_id: int) -> None:
    """The person withdrew the request: closed, the person and the staff chat told."""
    withdrawn = await waiting.withdraw(context.application.bot_data.assistant, handoff_id)
    if withdrawn is None:
        return
    chat_id, language = withdrawn
    language = await context.application.bot_data.assistant.language_of(chat_id, language)
    await _tell_user(context, chat_id, waiting.withdrawn_reply(language))
    await send(context.bot, desk.chat_id, desk.t("staff_withdrawn", id=handoff_id),
               reply_to_message_id=_thread(handoff_id), allow_sending_without_reply=True)


async def tell_wait_over(desk: StaffDesk, handoff_id: int) -> None:
    """Nobody of the staff took the request in time (`bot.staff.timers`): the person is
    told, with what they can do (its buttons), and the staff chat that they were. Both wait in
    the outboxes, written in the transaction that marks the request told, and the one sender
    (`bot.db.sender`) sends them: once each, whatever crashes."""
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        if handoff is None or not handoffs.tell_wait_over(handoff):
            return  # taken, closed or told meanwhile
        offer = waiting.wait_over_reply(handoff.language)
        outbox.queue(session, handoff.chat_id, offer.text, offer.buttons)
        handoffs.notice_line(session, "wait_over", handoff_id,
                             desk.t("staff_wait_over", id=handoff_id))
    desk.wake.set()


def _thread(handoff_id: int) -> int | None:
    with session_scope() as session:
        return handoffs.thread_of(session, handoff_id)


async def relay_from_user(update: Update, context: Context, desk: StaffDesk, handoff_id: int,
                          text: str, *, answered: bool = False) -> None:
    """The user's message to the staff chat, under the request's notice; at most
    RELAYS_PER_MINUTE a minute (beyond, the user is asked to wait, once). `answered`: the
    assistant answers it too (the staff are told)."""
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        recent = handoffs.recent_user_messages(handoff, RELAY_WINDOW)
        language = handoff.language
        if recent == RELAYS_PER_MINUTE:  # the first refused: it is said, once
            handoffs.record(handoff, "user", "", hidden="over_limit")
        elif recent < RELAYS_PER_MINUTE:
            handoffs.record(handoff, "user", text)
            thread = handoffs.thread_of(session, handoff_id)
            line = desk.t("relay_answered" if answered else "relay_from_user",
                          who=who(handoff, desk.language), id=handoff_id, text=text)
    if recent >= RELAYS_PER_MINUTE:
        logger.warning("Handoff %s: relay refused, %d in the last minute", handoff_id, recent)
        if recent == RELAYS_PER_MINUTE:  # the next ones are dropped silently
            await _tell_user(context, chat_id_of(update), t("relay_slow_down", language))
        return
    sent = await send(context.bot, desk.chat_id, line, reply_to_message_id=thread,
                      allow_sending_without_reply=True)
    _remember(sent, handoff_id)


def _remember(messages: list[Message], handoff_id: int) -> None:
    """Replies to these staff-chat messages go to this handoff's user."""
    with session_scope() as session:
        for message in messages:
            handoffs.remember_staff_message(session, message.message_id, handoff_id)


async def _tell_user(context: Context, chat_id: str, text: str | Reply) -> None:
    try:
        await send(context.bot, chat_id, [text] if isinstance(text, Reply) else text)
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
    # The person's own message in the staff chat: replying to it answers them.
    _remember(await send(context.bot, desk.chat_id,
                         desk.t("staff_taken", name=staff_name, id=handoff_id)), handoff_id)


async def close_handoff(context: Context, desk: StaffDesk, handoff_id: int,
                        staff_name: str) -> None:
    """Back to the bot: the Rasa conversation resumes where it was paused, then the handoff
    is closed. A failure in between leaves it open, with a conversation that answers again
    (closing it again is harmless); `resume_closed_conversations` repairs the other case."""
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        if handoff is None or handoff.status == "closed":
            return
        chat_id = handoff.chat_id
    await context.application.bot_data.assistant.resume(chat_id)
    closed = _change(handoff_id, staff_name, handoffs.close)
    if closed is None:
        return
    chat_id, language = closed
    await _tell_user(context, chat_id, t("handoff_closed", language))
    await send(context.bot, desk.chat_id, desk.t("staff_closed", name=staff_name, id=handoff_id))


def _replied_handoffs(update: Update, context: Context) -> list[int]:
    """The handoffs of the bot's staff-chat message this message replies to (maybe several)."""
    replied = update.effective_message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
        return []  # only the bot's own messages lead to a person
    with session_scope() as session:
        return [h.id for h in handoffs.handoffs_of_staff_message(session, replied.message_id)]


async def _one_handoff(update: Update, context: Context, desk: StaffDesk) -> int | None:
    """The one handoff a staff reply is about; a message about several gets a refusal."""
    found = _replied_handoffs(update, context)
    if len(found) > 1:
        await answer(update, context, desk.t("staff_reply_several",
                                             ids=", ".join(f"#{i}" for i in found)))
        return None
    return found[0] if found else None


async def on_staff_reply(update: Update, context: Context) -> None:
    """A staff member's reply to a notice or a relayed message goes to the user, signed."""
    desk = desk_of(context)
    if desk is None:
        return
    handoff_id = await _one_handoff(update, context, desk)
    if handoff_id is None:
        return  # the staff talking among themselves, or refused above
    staff_name = update.effective_user.first_name
    if not await reply_to_user(context, handoff_id, staff_name, update.effective_message.text):
        await answer(update, context, desk.t("staff_already_closed", id=handoff_id))


async def reply_to_user(context: Context, handoff_id: int, staff_name: str, text: str,
                        echo: str | None = None) -> bool:
    """A staff member's answer to the person, signed, in the transcript (answering is
    taking): from a reply in the staff chat or from the back-office. False: closed. The
    answer is queued with the transcript, in one transaction, for the one sender
    (`bot.db.sender`): kept until Telegram takes it, woken at once. `echo`: a line for the
    staff chat about it, queued in the same transaction."""
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        if handoff is None or handoff.status == "closed":
            return False
        handoffs.take(handoff, staff_name)
        handoffs.record(handoff, "staff", text, staff_name)
        outbox.queue(session, handoff.chat_id,
                     t("staff_says", handoff.language, name=staff_name, text=text))
        if echo is not None:
            handoffs.notice_line(session, "office_reply", handoff_id, echo)
    context.application.bot_data.outbox_wake.set()
    return True


async def reply_from_office(context: Context, desk: StaffDesk, handoff_id: int,
                            staff_name: str, text: str) -> bool:
    """The back-office's answer: the staff chat's own path (`reply_to_user`), and shown in
    the staff chat (a staff notice, sent by the one sender), where a reply to it answers the
    person too (`StaffNotices.sent` remembers it)."""
    return await reply_to_user(context, handoff_id, staff_name, text, echo=desk.t(
        "staff_replied_from_office", name=staff_name, id=handoff_id, text=text))


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
    several = len(_replied_handoffs(update, context)) > 1
    handoff_id = await _one_handoff(update, context, desk)
    if handoff_id is None:
        if not several:
            await answer(update, context, desk.t("staff_reply_to_what"))
        return
    await close_handoff(context, desk, handoff_id, update.effective_user.first_name)


async def resume_closed_conversations(assistant: Assistant, since: timedelta = REPAIR_WINDOW
                                      ) -> int:
    """At start: a conversation still paused although its handoff was closed (a crash
    between the two, or data from an older version) answers again. Returns how many."""
    with session_scope() as session:
        chats = handoffs.chats_closed_since(session, utcnow() - since)
    repaired = 0
    for chat_id in chats:
        tracker = await assistant.agent.tracker_store.retrieve(chat_id)
        if tracker is not None and tracker.is_paused():
            await assistant.resume(chat_id)
            repaired += 1
    if repaired:
        logger.warning("%d conversation(s) of closed handoffs were still paused: resumed",
                       repaired)
    return repaired
