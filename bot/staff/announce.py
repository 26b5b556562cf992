"""Notices for the network's staff about candidacies.

A log line without personal data (the reference and the scheme are enough to find the
candidacy with `ftbot candidacies list`), and, when a staff chat is set, a notice in its outbox
that the bot process posts there (linking to the candidacy's back-office page when ADMIN_URL
is set: bot.telegram.desk.notices).
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db.handoffs import notice_candidacy
from bot.db.models import Candidacy

logger = logging.getLogger("bot.staff")


def announce_candidacy(session: Session, candidacy: Candidacy) -> None:
    if Settings.from_env().staff_chat_id is not None:
        notice_candidacy(session, candidacy.reference)
    logger.info("New candidacy %s for %s (%s)%s", candidacy.reference,
                candidacy.programme_key or "joining the network", candidacy.language,
                ", with eligibility warnings" if candidacy.eligibility_warnings else "")
