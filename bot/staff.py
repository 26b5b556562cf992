"""Notices for the network's staff.

Until the staff chat exists (issue 5), a notice is one log line, without personal data: the
reference and the scheme are enough to find the candidacy with `ftbot candidacies list`.
"""

from __future__ import annotations

import logging

from bot.db.models import Candidacy

logger = logging.getLogger("bot.staff")


def announce_candidacy(candidacy: Candidacy) -> None:
    logger.info("New candidacy %s for %s (%s)%s", candidacy.reference,
                candidacy.programme_key or "joining the network", candidacy.language,
                ", with eligibility warnings" if candidacy.eligibility_warnings else "")
