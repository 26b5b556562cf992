"""What the staff tell an applicant outside a conversation: a candidacy's new status."""

from __future__ import annotations

import logging

from telegram import Bot

from bot.config import Settings
from bot.db.models import Candidacy
from bot.db.queries import get_programme, localized
from bot.db.session import session_scope
from bot.i18n import t
from bot.telegram.send import send

logger = logging.getLogger(__name__)


def status_message(candidacy: Candidacy) -> str:
    language = candidacy.language
    with session_scope() as session:
        programme = get_programme(session, candidacy.programme_key) \
            if candidacy.programme_key else None
        name = localized(programme.name, language) if programme else t("network_candidacy",
                                                                         language)
    return t("status_changed", language, reference=candidacy.reference, programme=name,
             status=t(f"status_{candidacy.status}", language))


async def tell_applicant(settings: Settings, chat_id: str | None, text: str) -> bool:
    """Send `text` to the applicant's chat; False (and a log line) when it cannot."""
    if not chat_id or not settings.telegram_token:
        logger.warning("Applicant not notified: %s", "no Telegram chat" if settings.telegram_token
                       else "TELEGRAM_TOKEN is not set")
        return False
    bot = Bot(settings.telegram_token, base_url=settings.telegram_api_url)
    async with bot:
        await send(bot, chat_id, text)
    return True
