"""The staff chat's notice of a new candidacy links to the candidacy's back-office page
(`{ADMIN_URL}/candidacies/{reference}`, bot/office/app.py) when ADMIN_URL is set, in the
staff's language; without it, it names the command line as before
(bot/telegram/desk/notices.py)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from bot.config import Settings
from bot.db.handoffs import notice_candidacy
from bot.db.sender import Sender
from bot.db.session import session_scope
from bot.staff.office_hours import OfficeHours
from bot.telegram.desk.chat import StaffDesk
from bot.telegram.desk.notices import StaffNotices
from bot.telegram.send import telegram_channel
from tests.support.factories import make_candidacy


class Telegram:
    """A recording Bot."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send_message(self, chat_id, text, **options) -> SimpleNamespace:  # noqa: ANN001
        self.sent.append(text)
        return SimpleNamespace(message_id=800 + len(self.sent))


async def notice_text(desk: StaffDesk) -> tuple[str, str]:
    """(the reference of a new candidacy, the staff chat's notice of it as sent)."""
    with session_scope() as session:
        reference = make_candidacy(session, chat_id="901").reference
        notice_candidacy(session, reference)
    bot = Telegram()
    await Sender([StaffNotices(desk)], telegram_channel(bot)).send_pending()
    [text] = bot.sent
    return reference, text


@pytest.mark.parametrize("language, details", [("fr", "Détails : "), ("en", "Details: ")])
async def test_the_notice_links_to_the_candidacy_page_when_admin_url_is_set(
        database_url, monkeypatch, language, details):
    monkeypatch.setenv("STAFF_CHAT_ID", "-100")
    monkeypatch.setenv("STAFF_LANGUAGE", language)
    monkeypatch.setenv("ADMIN_URL", "https://bot.example.org/admin/")
    desk = StaffDesk.from_settings(Settings.from_env())
    reference, text = await notice_text(desk)
    assert text.endswith(f"{details}https://bot.example.org/admin/candidacies/{reference}")
    assert "ftbot" not in text


async def test_without_admin_url_the_notice_names_the_command_line(database_url):
    desk = StaffDesk(-100, "en", OfficeHours.parse("mon-sun 00:00-23:59"), timedelta(hours=1))
    reference, text = await notice_text(desk)
    assert reference in text and text.endswith("Details: ftbot candidacies list")
