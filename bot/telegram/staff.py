"""The staff chat: notices (grouped, from the outbox), relays both ways, Take/Close, commands.

Only the chat named by STAFF_CHAT_ID is the staff's: its members are whoever is in it, and a
staff command or button anywhere else gets a refusal that reveals nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.orm import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, ContextTypes

from bot.config import Settings
from bot.db import handoffs
from bot.db.candidacies import OPEN_STATUSES, by_reference, list_candidacies
from bot.db.models import Handoff, StaffNotice
from bot.db.queries import get_programme, localized, utcnow
from bot.db.session import session_scope
from bot.db.stats import weekly_stats
from bot.i18n import t
from bot.office_hours import OfficeHours

logger = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
GROUP_SIZE = 10  # notices per staff message when several wait at once
TICK = 2.0  # seconds between two looks at the outbox
BUTTON = re.compile(r"^handoff:(take|close):(\d+)$")


@dataclass
class StaffDesk:
    chat_id: int
    language: str
    hours: OfficeHours
    repost_after: timedelta
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    def from_settings(cls, settings: Settings) -> StaffDesk | None:
        if settings.staff_chat_id is None:
            return None
        return cls(settings.staff_chat_id, settings.staff_language,
                   OfficeHours.parse(settings.office_hours),
                   timedelta(seconds=settings.handoff_repost_after))

    def t(self, key: str, **values: object) -> str:
        return t(key, self.language, **values)


def desk_of(context: Context) -> StaffDesk | None:
    return context.application.bot_data.get("staff")


def _e(text: object) -> str:
    return html.escape(str(text), quote=False)


def who(handoff: Handoff, language: str) -> str:
    name = handoff.user_name or t("unknown_user", language)
    return f"{name} (@{handoff.username})" if handoff.username else name


# --- notices ----------------------------------------------------------------------------------
def _handoff_text(desk: StaffDesk, handoff: Handoff, kind: str, session: Session,
                  last: int) -> str:
    programme = get_programme(session, handoff.programme_key) if handoff.programme_key else None
    lines = [f"{'👤' if m['by'] == 'user' else '🤖' if m['by'] == 'bot' else '🧑‍💼'} "
             f"{m['text'][:300]}" for m in handoff.transcript[-last:]]
    return desk.t(
        "notice_repost" if kind == "repost" else "notice_handoff", id=handoff.id,
        minutes=round(desk.repost_after.total_seconds() / 60),
        reason=desk.t(f"reason_{handoff.reason}"), who=who(handoff, desk.language),
        language=handoff.language,
        programme=localized(programme.name, desk.language) if programme else desk.t(
            "no_programme"),
        messages="\n".join(lines) or "—")


def _candidacy_text(desk: StaffDesk, reference: str, session: Session) -> str:
    candidacy = by_reference(session, reference)
    if candidacy is None:  # erased meanwhile
        return reference
    programme = (get_programme(session, candidacy.programme_key)
                 if candidacy.programme_key else None)
    return desk.t("notice_candidacy", reference=reference, language=candidacy.language,
                  programme=localized(programme.name, desk.language) if programme
                  else t("network_candidacy", desk.language),
                  warnings=desk.t("notice_candidacy_warnings")
                  if candidacy.eligibility_warnings else "")


def _notice_item(desk: StaffDesk, notice: StaffNotice, session: Session, grouped: bool
                 ) -> tuple[str, int | None]:
    if notice.kind == "candidacy":
        return _candidacy_text(desk, notice.candidacy_reference, session), None
    handoff = handoffs.get_handoff(session, notice.handoff_id)
    return _handoff_text(desk, handoff, notice.kind, session, 3 if grouped else 8), handoff.id


def _buttons(desk: StaffDesk, handoff_ids: list[int]) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton(desk.t("button_take", id=i), callback_data=f"handoff:take:{i}"),
             InlineKeyboardButton(desk.t("button_close", id=i),
                                  callback_data=f"handoff:close:{i}")]
            for i in handoff_ids]
    return InlineKeyboardMarkup(rows) if rows else None


async def post_notices(application: Application, desk: StaffDesk) -> int:
    """Send what the outbox holds: alone, or grouped when several wait (Telegram's limits)."""
    with session_scope() as session:
        notices = handoffs.unsent_notices(session, limit=GROUP_SIZE * 5)
        chunks = [notices[i:i + GROUP_SIZE] for i in range(0, len(notices), GROUP_SIZE)]
        prepared = []
        for chunk in chunks:
            items = [_notice_item(desk, n, session, len(chunk) > 1) for n in chunk]
            body = "\n\n".join(_e(text) for text, _ in items)
            if len(chunk) > 1:
                body = f"{_e(desk.t('notice_group', count=len(chunk)))}\n\n{body}"
            prepared.append(([n.id for n in chunk], body[:4000],
                             [i for _, i in items if i is not None]))
    for notice_ids, body, handoff_ids in prepared:
        sent = await application.bot.send_message(desk.chat_id, body, parse_mode=ParseMode.HTML,
                                                  reply_markup=_buttons(desk, handoff_ids))
        with session_scope() as session:
            for notice_id in notice_ids:
                handoffs.mark_sent(session.get(StaffNotice, notice_id), sent.message_id)
            for handoff_id in handoff_ids:
                handoffs.remember_staff_message(session, sent.message_id, handoff_id)
    return len(prepared)


async def run_notifier(application: Application, desk: StaffDesk) -> None:
    """Forever: re-post untaken handoffs (in office hours), then send the outbox."""
    while True:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(desk.wake.wait(), TICK)
        desk.wake.clear()
        try:
            if desk.hours.is_open(utcnow()):
                with session_scope() as session:
                    handoffs.queue_reposts(session, desk.repost_after)
            await post_notices(application, desk)
        except TelegramError as error:
            logger.warning("Staff notices not sent yet: %s", error)
        except Exception:
            logger.exception("Staff notifier failed; retrying")


# --- relays -----------------------------------------------------------------------------------
async def relay_from_user(update: Update, context: Context, desk: StaffDesk, handoff_id: int,
                          text: str) -> None:
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        handoffs.record(handoff, "user", text)
        thread = handoffs.thread_of(session, handoff_id)
        line = desk.t("relay_from_user", who=who(handoff, desk.language), id=handoff_id,
                      text=text)
    sent = await context.bot.send_message(desk.chat_id, _e(line), parse_mode=ParseMode.HTML,
                                          reply_to_message_id=thread,
                                          allow_sending_without_reply=True)
    with session_scope() as session:
        handoffs.remember_staff_message(session, sent.message_id, handoff_id)


async def _tell_user(context: Context, chat_id: str, text: str) -> None:
    try:
        await context.bot.send_message(chat_id, _e(text), parse_mode=ParseMode.HTML)
    except Forbidden:
        logger.warning("A handoff's user blocked the bot")


async def _take(context: Context, desk: StaffDesk, handoff_id: int, staff_name: str) -> None:
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        if handoff is None or not handoffs.take(handoff, staff_name):
            return
        chat_id, language = handoff.chat_id, handoff.language
    await _tell_user(context, chat_id, t("handoff_taken", language, name=staff_name))
    await context.bot.send_message(desk.chat_id, _e(desk.t("staff_taken", name=staff_name,
                                                           id=handoff_id)))


async def close_handoff(context: Context, desk: StaffDesk, handoff_id: int,
                        staff_name: str) -> None:
    """Back to the bot: the Rasa conversation resumes where it was paused."""
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        if handoff is None or not handoffs.close(handoff, staff_name):
            return
        chat_id, language = handoff.chat_id, handoff.language
    await context.application.bot_data["assistant"].resume(chat_id)
    await _tell_user(context, chat_id, t("handoff_closed", language))
    await context.bot.send_message(desk.chat_id, _e(desk.t("staff_closed", name=staff_name,
                                                           id=handoff_id)))


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
        await update.effective_message.reply_text(
            _e(desk.t("staff_already_closed", id=handoff_id)), parse_mode=ParseMode.HTML)
        return
    await _tell_user(context, chat_id, t("staff_says", language, name=staff_name, text=text))


# --- buttons and commands ---------------------------------------------------------------------
def in_staff_chat(update: Update, desk: StaffDesk | None) -> bool:
    return desk is not None and update.effective_chat is not None and (
        update.effective_chat.id == desk.chat_id)


async def refuse(update: Update, context: Context) -> None:
    from bot.telegram.handlers import say

    await say(update, context, "staff_only")


async def on_staff_button(update: Update, context: Context) -> None:
    desk, query = desk_of(context), update.callback_query
    if not in_staff_chat(update, desk):
        await query.answer()
        await refuse(update, context)
        return
    await query.answer()
    action, handoff_id = BUTTON.match(query.data).groups()
    name = update.effective_user.first_name
    if action == "take":
        await _take(context, desk, int(handoff_id), name)
    else:
        await close_handoff(context, desk, int(handoff_id), name)


async def on_close_command(update: Update, context: Context) -> None:
    desk = desk_of(context)
    if not in_staff_chat(update, desk):
        await refuse(update, context)
        return
    handoff_id = _replied_handoff(update)
    if handoff_id is None:
        await update.effective_message.reply_text(_e(desk.t("staff_reply_to_what")))
        return
    await close_handoff(context, desk, handoff_id, update.effective_user.first_name)


async def on_pending(update: Update, context: Context) -> None:
    desk = desk_of(context)
    if not in_staff_chat(update, desk):
        await refuse(update, context)
        return
    lines: list[str] = []
    with session_scope() as session:
        waiting = [h for h in handoffs.list_handoffs(session) if h.status in handoffs.ACTIVE]
        if waiting:
            lines.append(desk.t("pending_handoffs"))
            lines += [f"• #{h.id} {who(h, desk.language)} — {desk.t(f'reason_{h.reason}')}"
                      f"{' — ' + h.taken_by if h.taken_by else ''}" for h in waiting]
        review = [c for c in list_candidacies(session) if c.status in OPEN_STATUSES]
        if review:
            lines.append(desk.t("pending_candidacies"))
            lines += [f"• {c.reference} — {c.programme_key or 'network'} — {c.status}"
                      for c in review]
    text = "\n".join(lines) or desk.t("pending_none")
    await context.bot.send_message(desk.chat_id, _e(text), parse_mode=ParseMode.HTML)


async def on_stats(update: Update, context: Context) -> None:
    desk = desk_of(context)
    if not in_staff_chat(update, desk):
        await refuse(update, context)
        return
    with session_scope() as session:
        stats = weekly_stats(session)
    text = desk.t(
        "stats", conversations=stats.conversations, messages=stats.messages,
        fallback_rate=round(100 * stats.fallback_rate, 1),
        intents=", ".join(f"{name} ({count})" for name, count in stats.top_intents) or "—",
        candidacies=", ".join(f"{key} ({count})" for key, count in stats.candidacies.items())
        or "0", handoffs=stats.handoffs)
    await context.bot.send_message(desk.chat_id, _e(text), parse_mode=ParseMode.HTML)
