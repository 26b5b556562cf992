"""What the staff tell an applicant outside a conversation: a candidacy's new status.

A change of status and the message it owes the applicant (in the applicant's language) are
written in one transaction (`change_status`); the message then waits in the outbox
(`bot.db.outbox`) until a sender hands it to Telegram: the running bot every few seconds
(`run_outbox`), or the command line right away when it has the token.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy.orm import Session
from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.db import catalogue, outbox
from bot.db.candidacies import by_reference, set_status
from bot.db.models import Candidacy
from bot.db.office import audit
from bot.db.queries import localized
from bot.db.session import session_scope
from bot.i18n import t
from bot.telegram.send import send

logger = logging.getLogger(__name__)
TICK = 3.0  # seconds between two looks at the outbox


def status_message(session: Session, candidacy: Candidacy, note: str | None = None) -> str:
    language = candidacy.language
    programme = catalogue.programme(session, candidacy.programme_key)
    name = localized(programme.name, language) if programme else t("network_candidacy",
                                                                     language)
    text = t("status_changed", language, reference=candidacy.reference, programme=name,
             status=t(f"status_{candidacy.status}", language))
    return f"{text}\n\n{t('status_note', language, note=note)}" if note else text


def change_status(session: Session, reference: str, status: str, by: str,
                  note: str | None = None) -> tuple[Candidacy | None, bool]:
    """(the candidacy, whether its status changed); a change queues the applicant's message."""
    current = by_reference(session, reference)
    before = current.status if current is not None else None
    candidacy = set_status(session, reference, status, by, note)
    if candidacy is None:
        return None, False
    changed = before != candidacy.status
    if changed:  # the audit log names every change, whichever way it was made
        audit(session, by, "candidacy_status", reference,
              {"status": status, "message": bool(note)})
    if changed and candidacy.chat_id:
        outbox.queue(session, candidacy.chat_id, status_message(session, candidacy, note))
    return candidacy, changed


async def deliver_waiting(bot: Bot) -> int:
    """Send the messages waiting in the outbox; returns how many Telegram took."""
    with session_scope() as session:
        claimed = outbox.claim_waiting(session)
    sent = 0
    for message_id, chat_id, text in claimed:
        given_up = None
        try:
            await send(bot, chat_id, text)
        except Forbidden:
            given_up = "blocked"  # the applicant blocked the bot: nothing more to try
        except BadRequest:
            given_up = "refused"
        except TelegramError as error:
            logger.warning("Applicant message %s not sent yet: %s", message_id, error)
        else:
            with session_scope() as session:
                outbox.mark_sent(session, message_id)
            sent += 1
            continue
        with session_scope() as session:
            outbox.mark_failed(session, message_id, given_up)
    return sent


async def run_outbox(bot: Bot, wake: asyncio.Event | None = None) -> None:
    """Forever: send what the outbox holds (at once when woken, else every TICK seconds)."""
    wake = wake or asyncio.Event()
    while True:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(wake.wait(), TICK)
        wake.clear()
        try:
            await deliver_waiting(bot)
        except Exception:
            logger.exception("Applicant outbox failed; retrying")
