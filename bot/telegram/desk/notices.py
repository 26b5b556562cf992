"""Notices in the staff chat: new handoffs, re-posts of untaken ones, new candidacies.

Actions write notices to an outbox (bot.db.handoffs) in the same transaction as what they
announce; the one sender (`bot.db.sender`) sends them through `StaffNotices`, alone or
grouped when several wait (Telegram's limits), and untaken handoffs are re-posted during
office hours.
"""

from __future__ import annotations

import functools
import html
import logging

from sqlalchemy.orm import Session
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application

from bot.config import Settings
from bot.db import catalogue, handoffs, outbox
from bot.db.candidacies import by_reference
from bot.db.models import Handoff, StaffNotice
from bot.db.queries import localized, utcnow
from bot.db.sender import Item
from bot.db.session import session_scope
from bot.i18n import t
from bot.staff.timers import WaitTimers
from bot.telegram.desk.chat import StaffDesk, who
from bot.telegram.desk.decisions import decision_buttons
from bot.telegram.desk.relay import tell_wait_over
from bot.telegram.render import TELEGRAM_LIMIT

logger = logging.getLogger(__name__)
GROUP_SIZE = 10  # notices per staff message when several wait at once
BODY_LIMIT = TELEGRAM_LIMIT - 400  # one staff message: what send() keeps in one part
# A handoff's last messages shown in its notice: fewer when several notices share a message.
SHOWN_ALONE, SHOWN_GROUPED = 8, 3


def _handoff_text(desk: StaffDesk, handoff: Handoff, kind: str, session: Session,
                  last: int) -> str:
    programme = catalogue.programme(session, handoff.programme_key)
    lines = [f"{'👤' if m['by'] == 'user' else '🤖' if m['by'] == 'bot' else '🧑‍💼'} "
             f"{desk.t('form_answer_hidden') if m.get('hidden') else m['text'][:300]}"
             for m in [m for m in handoff.transcript
                       if m.get("hidden") != "over_limit"][-last:]]
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
    programme = catalogue.programme(session, candidacy.programme_key)
    # With the back-office's address known, the notice links to the candidacy's page there
    # (bot/office/app.py: /candidacies/{reference}); without it, to the command line.
    page = f"{desk.admin_url.rstrip('/')}/candidacies/{reference}" if desk.admin_url else None
    return desk.t("notice_candidacy_page" if page else "notice_candidacy", page=page,
                  reference=reference, language=candidacy.language,
                  programme=localized(programme.name, desk.language) if programme
                  else t("network_candidacy", desk.language),
                  warnings=desk.t("notice_candidacy_warnings")
                  if candidacy.eligibility_warnings else "")


def _notice_item(desk: StaffDesk, notice: StaffNotice, session: Session, grouped: bool
                 ) -> tuple[str, int | None]:
    if notice.kind == "candidacy":
        return _candidacy_text(desk, notice.candidacy_reference, session), None
    if notice.text is not None:  # a line about a request (wait_over, office_reply)
        return notice.text, notice.handoff_id
    handoff = handoffs.get_handoff(session, notice.handoff_id)
    return _handoff_text(desk, handoff, notice.kind, session,
                         SHOWN_GROUPED if grouped else SHOWN_ALONE), handoff.id


def _buttons(desk: StaffDesk, handoff_ids: list[int], references: tuple[str, ...] = ()
             ) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton(desk.t("button_take", id=i), callback_data=f"handoff:take:{i}"),
             InlineKeyboardButton(desk.t("button_close", id=i),
                                  callback_data=f"handoff:close:{i}")]
            for i in handoff_ids]
    rows += [decision_buttons(desk, reference) for reference in references]
    return InlineKeyboardMarkup(rows) if rows else None


def _chunks(items: list[tuple[StaffNotice, str, int | None]]
            ) -> list[list[tuple[StaffNotice, str, int | None]]]:
    """Notices in messages of at most GROUP_SIZE items that fit in one Telegram message; a
    line about a request is a message of its own, sent as a reply under that request."""
    chunks: list[list[tuple[StaffNotice, str, int | None]]] = []
    size = 0
    for item in items:
        length = len(item[1]) + 2
        alone = item[0].text is not None
        if (not chunks or alone or chunks[-1][-1][0].text is not None
                or len(chunks[-1]) >= GROUP_SIZE or size + length > BODY_LIMIT - 100):
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += length
    return chunks


class StaffNotices:
    """The staff chat's outbox (`staff_notices`) as the one sender (`bot.db.sender`) sees it:
    untaken handoffs re-posted first (in office hours), then the notices, alone or grouped
    when several wait (Telegram's limits). A notice's transient failures are counted on its
    row (`attempts`), and a notice given up keeps its reason (`given_up`).
    """

    name = "staff notices"

    def __init__(self, desk: StaffDesk, timers: WaitTimers | None = None) -> None:
        self.desk, self.timers = desk, timers

    def due(self) -> list[Item]:
        desk = self.desk
        with session_scope() as session:
            if desk.hours.is_open(utcnow()):
                handoffs.queue_reposts(session, desk.repost_after)
        with session_scope() as session:
            notices = handoffs.unsent_notices(session, limit=GROUP_SIZE * 5)
            grouped = len(notices) > 1
            items = [(n, *_notice_item(desk, n, session, grouped)) for n in notices]
            due = []
            for chunk in _chunks(items):
                body = "\n\n".join(text for _, text, _ in chunk)
                if len(chunk) > 1:
                    body = f"{desk.t('notice_group', count=len(chunk))}\n\n{body}"
                references = tuple(n.candidacy_reference for n, _, _ in chunk
                                   if n.kind == "candidacy"
                                   and by_reference(session, n.candidacy_reference) is not None)
                handoff_ids = [i for _, _, i in chunk if i is not None]
                # Take and Close under the requests announced; a line about a request is
                # remembered like them (a reply to it answers the person) but has no button.
                offered = [i for n, _, i in chunk if i is not None and n.text is None]
                # A line is alone in its message, under its request's notice (thread_of).
                line, _, about = chunk[0]
                thread = (handoffs.thread_of(session, about)
                          if line.text is not None and about is not None else None)
                due.append(Item((tuple(n.id for n, _, _ in chunk), tuple(handoff_ids)),
                                desk.chat_id, body, _buttons(desk, offered, references),
                                reply_to=thread))
        return due

    def sent(self, item: Item, message_ids: list[int]) -> None:
        """Every message sent is recorded against each handoff it shows: a reply to a message
        that shows several people is refused (`bot.telegram.desk.relay`), never sent to one of
        them.
        """
        notice_ids, handoff_ids = item.key
        with session_scope() as session:
            new = []
            for notice in filter(None, (session.get(StaffNotice, i) for i in notice_ids)):
                handoffs.mark_sent(notice, message_ids[-1])  # (an erased one is gone)
                if notice.kind == "handoff":
                    new.append((notice.handoff_id,
                                handoffs.get_handoff(session, notice.handoff_id).opened_at))
            shown = [i for i in handoff_ids if handoffs.get_handoff(session, i) is not None]
            for message_id in message_ids:
                for handoff_id in shown:
                    handoffs.remember_staff_message(session, message_id, handoff_id)
        for handoff_id, opened_at in new if self.timers is not None else ():  # after commit
            self.timers.schedule(handoff_id, opened_at)  # "nobody has answered yet"

    def attempted(self, item: Item) -> int:
        notice_ids, _ = item.key
        with session_scope() as session:
            return outbox.attempted_notices(session, notice_ids)

    def give_up(self, item: Item, reason: str) -> None:
        notice_ids, _ = item.key
        logger.warning("Staff notices %s given up (%s)", list(notice_ids), reason)
        with session_scope() as session:
            outbox.give_up_notices(session, notice_ids, reason)


def start_wait_timers(application: Application, desk: StaffDesk) -> WaitTimers:
    """The timers of "nobody has answered yet" (`bot.staff.timers`), started; the staff
    notices' source sets one when a handoff's notice is sent. Shut them down at the end."""
    timers = WaitTimers(Settings.from_env(), functools.partial(tell_wait_over, desk))
    timers.start()
    return timers


async def erase_from_staff_chat(bot: Bot, desk: StaffDesk, traces: dict[int, list[int]]) -> int:
    """After a chat's data is erased: its messages in the staff chat say "[erased]"; a notice
    that also showed other people shows only them. Returns how many messages were edited.
    (Staff members' own messages are theirs: the bot cannot edit them.)"""
    edited = 0
    for message_id, others in traces.items():
        with session_scope() as session:
            shown = [handoffs.get_handoff(session, i) for i in others]
            items = [_handoff_text(desk, h, "handoff", session, SHOWN_GROUPED)
                     for h in shown if h is not None]
        text = (f"{desk.t('notice_group', count=len(items))}\n\n" + "\n\n".join(items)
                if items else desk.t("erased_in_staff_chat"))
        try:
            await bot.edit_message_text(html.escape(text[:BODY_LIMIT], quote=False),
                                        chat_id=desk.chat_id, message_id=message_id,
                                        parse_mode=ParseMode.HTML,
                                        reply_markup=_buttons(desk, [h.id for h in shown if h]))
            edited += 1
        except TelegramError as error:  # too old, or deleted by staff: nothing left to erase
            logger.warning("Staff message %s not edited: %s", message_id, error)
    return edited
