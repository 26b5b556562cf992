"""What the staff tell an applicant outside a conversation: a candidacy's new status.

A change of status and the message it owes the applicant (in the applicant's language) are
written in one transaction (`change_status`); the message then waits in the outbox
(`bot.db.outbox`) until the one sender (`bot.db.sender`) hands it to its channel: the running
bot's, at once when woken, or the command line's right away when it has the token
(`deliver_waiting`, handed Telegram's channel). A staff reply to a handoff's person waits here
too (`bot.telegram.desk.relay`). Channel-free: nothing here imports Telegram.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from bot.db import catalogue, outbox
from bot.db.candidacies import by_reference, set_status
from bot.db.models import Candidacy
from bot.db.office import audit
from bot.db.queries import localized
from bot.db.sender import Channel, Item, Sender
from bot.db.session import session_scope
from bot.i18n import t
from bot.reply import Reply

logger = logging.getLogger(__name__)


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
    if changed:  # the audit log names every change, whichever way it was made, before → after
        audit(session, by, "candidacy_status", reference,
              {"changes": {"status": [before, candidacy.status]}, "message": bool(note)})
    if changed and candidacy.chat_id:
        outbox.queue(session, candidacy.chat_id, status_message(session, candidacy, note))
    return candidacy, changed


class ApplicantMessages:
    """The `applicant_messages` table (`bot.db.outbox`) as the one sender sees it: a
    candidacy's new status, a staff reply to a handoff's person and "nobody has answered yet"
    with its buttons, claimed before sent."""

    name = "applicants"

    def due(self) -> list[Item]:
        with session_scope() as session:
            return [Item(m.id, m.chat_id, [Reply(m.text, m.buttons)] if m.buttons else m.text)
                    for m in outbox.claim_waiting(session)]

    def sent(self, item: Item, message_ids: list[int]) -> None:
        with session_scope() as session:
            outbox.mark_sent(session, item.key)

    def attempted(self, item: Item) -> int:
        with session_scope() as session:
            return outbox.attempted(session, item.key)

    def give_up(self, item: Item, reason: str) -> None:
        with session_scope() as session:
            outbox.give_up(session, item.key, reason)


async def deliver_waiting(channel: Channel) -> int:
    """The command line's pass over the applicants' outbox, with the one sender (the running
    bot's takes what is left); returns how many messages the channel took (the command line
    hands it Telegram's, `bot.telegram.send.telegram_channel`)."""
    sender = Sender([ApplicantMessages()], channel)
    await sender.send_pending()
    return sender.delivered
