"""Handoffs on the web (issue 33): times in Paris, who has a request and since when; Take,
Reply and Close from the page go through the staff chat's own code
(bot.telegram.desk.relay), so the person receives the reply on Telegram as from the staff
chat, and the staff chat sees what was done; every action audited (never a reply's text),
CSRF-checked; without a running bot the page says so (bot/office/handoffs.py). The same over
real Telegram HTTP with the bot process is in tests/test_telegram_office.py."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.config import Settings
from bot.db import handoffs
from bot.db.models import Handoff
from bot.db.models_staff import AuditEntry
from bot.db.seed import apply_seed, load_seed
from bot.db.sender import Sender
from bot.db.session import session_factory, session_scope
from bot.i18n import t
from bot.office.app import add_office
from bot.rasa_patches.endpoint import InProcessActionEndpoint
from bot.staff.applicants import ApplicantMessages
from bot.staff.office_hours import OfficeHours
from bot.telegram.context import Services
from bot.telegram.desk.chat import StaffDesk
from bot.telegram.desk.notices import StaffNotices
from bot.telegram.send import telegram_channel
from tests.support.factories import SEED_FILE
from tests.support.office import logged_in
from tests.support.office import site as office_without_bot  # noqa: F401 (a fixture)

STAFF = -100


class Telegram:
    """The Bot API as python-telegram-bot's Bot offers it: what was sent, to whom."""

    def __init__(self) -> None:
        self.sent: list[tuple[int | str, str, dict]] = []

    async def send_message(self, chat_id, text, **options) -> SimpleNamespace:  # noqa: ANN001
        self.sent.append((chat_id, text, options))
        return SimpleNamespace(message_id=500 + len(self.sent))

    def to(self, chat_id: int | str) -> list[str]:
        return [text for to, text, _ in self.sent if str(to) == str(chat_id)]


class Assistant:
    def __init__(self) -> None:
        self.resumed: list[str] = []

    async def resume(self, chat_id: str) -> None:
        self.resumed.append(chat_id)


@pytest.fixture
def bot() -> SimpleNamespace:
    desk = StaffDesk(STAFF, "fr", OfficeHours.parse("mon-sun 00:00-23:59"),
                     timedelta(hours=1))
    return SimpleNamespace(bot=Telegram(), bot_data=Services(staff=desk, assistant=Assistant()))


@pytest.fixture
async def site(database_url, bot):
    with session_scope(database_url) as session:
        apply_seed(session, load_seed(SEED_FILE))
    root = add_office(web.Application(), Settings(database_url=database_url, staff_chat_id=STAFF,
                                                  staff_language="fr"), telegram=bot)
    server = TestServer(root, host="127.0.0.1")
    await server.start_server()
    async with aiohttp.ClientSession(base_url=str(server.make_url("/")),
                                     cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        yield browser
    await server.close()


def a_request(url: str, opened: datetime | None = None) -> int:
    with session_scope(url) as session:
        handoff = handoffs.open_handoff(session, chat_id="555", language="fr", reason="request",
                                        user_name="Jeanne", transcript=[])
        if opened:
            handoff.opened_at = opened
        return handoff.id


def handoff_in(url: str, handoff_id: int) -> Handoff:
    with session_scope(url) as session:
        found = handoffs.get_handoff(session, handoff_id)
        session.expunge(found)
        return found


def audited(url: str) -> list[tuple[str, str, dict | None]]:
    with session_scope(url) as session:
        return [(e.action, e.target, e.detail) for e in session.execute(
            select(AuditEntry).order_by(AuditEntry.id)).scalars() if e.action != "login"]


async def test_the_list_and_the_page_show_paris_times_and_who_has_the_request_since_when(
        site, database_url):
    winter = datetime(2031, 1, 15, 9, 5, tzinfo=timezone.utc)  # 10:05 in Paris
    handoff_id = a_request(database_url, opened=winter)
    with session_scope(database_url) as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        handoffs.take(handoff, "Dominique")
        handoff.taken_at = datetime(2031, 7, 1, 16, 30, tzinfo=timezone.utc)  # 18:30 in Paris
    await logged_in(site, database_url)
    async with site.get("/admin/handoffs") as response:
        listing = await response.text()
    assert "2031-01-15 10:05" in listing and "Dominique, depuis le 2031-07-01 18:30" in listing
    assert "Europe/Paris" in listing
    async with site.get(f"/admin/handoffs/{handoff_id}") as response:
        page = await response.text()
    assert "2031-01-15 10:05" in page and "Dominique, depuis le 2031-07-01 18:30" in page
    assert "Prendre la demande" not in page  # taken already
    assert "Envoyer sur Telegram" in page and "Clore" in page


async def test_take_reply_and_close_from_the_page_go_the_staff_chats_way(
        site, database_url, bot):
    handoff_id = a_request(database_url)
    csrf = await logged_in(site, database_url)
    async with site.get(f"/admin/handoffs/{handoff_id}") as response:
        assert "Prendre la demande" in await response.text()

    async with site.post(f"/admin/handoffs/{handoff_id}/take", data={"csrf": csrf}) as response:
        page = await response.text()
    assert str(response.url).endswith(f"/admin/handoffs/{handoff_id}?done=taken")
    assert "Demande prise" in page and "Camille, depuis le" in page
    assert bot.bot.to("555") == [t("handoff_taken", "fr", name="Camille")]
    assert bot.bot.to(STAFF) == [t("staff_taken", "fr", name="Camille", id=handoff_id)]

    sender = Sender([StaffNotices(bot.bot_data.staff), ApplicantMessages()],
                    telegram_channel(bot.bot))
    await sender.send_pending()  # the request's own notice, sent long ago in real life
    answer = "Bonjour Jeanne, je regarde <b>votre</b> dossier."
    async with site.post(f"/admin/handoffs/{handoff_id}/reply",
                         data={"csrf": csrf, "text": answer}) as response:
        page = await response.text()
    assert "Envoyé à la personne sur Telegram" in page
    # The answer and the staff chat's echo wait in the outboxes for the one sender, woken at
    # once (bot.db.sender) ...
    assert len(bot.bot.to("555")) == 1 and bot.bot_data.outbox_wake.is_set()
    assert not any("back-office" in text for text in bot.bot.to(STAFF))
    await sender.send_pending()
    [echoed] = [text for text in bot.bot.to(STAFF) if "back-office" in text]
    assert "Camille a répondu depuis le back-office (demande #1)" in echoed
    assert "je regarde &lt;b&gt;votre&lt;/b&gt; dossier" in echoed
    echo_id = 500 + [text for _, text, _ in bot.bot.sent].index(echoed) + 1
    with session_scope(database_url) as session:  # a reply to the echo reaches Jeanne
        assert [h.id for h in handoffs.handoffs_of_staff_message(session, echo_id)] == [
            handoff_id]
    # ... which sends exactly what a reply in the staff chat sends (HTML-escaped by send)
    said = t("staff_says", "fr", name="Camille", text=answer)
    assert bot.bot.to("555")[-1] == said.replace("<", "&lt;").replace(">", "&gt;")
    transcript = handoff_in(database_url, handoff_id).transcript
    assert (transcript[-1]["by"], transcript[-1]["name"], transcript[-1]["text"]) == (
        "staff", "Camille", answer)
    assert "je regarde &lt;b&gt;votre&lt;/b&gt; dossier." in page  # the transcript, escaped

    async with site.post(f"/admin/handoffs/{handoff_id}/close",
                         data={"csrf": csrf}) as response:
        page = await response.text()
    assert "Demande close" in page and "Envoyer sur Telegram" not in page
    assert bot.bot_data.assistant.resumed == ["555"]
    assert bot.bot.to("555")[-1] == t("handoff_closed", "fr")
    assert bot.bot.to(STAFF)[-1] == t("staff_closed", "fr", name="Camille", id=handoff_id)
    closed = handoff_in(database_url, handoff_id)
    assert (closed.status, closed.taken_by, closed.closed_by) == ("closed", "Camille", "Camille")
    target = f"handoff:{handoff_id}"
    assert audited(database_url) == [  # before and after (never a reply's text)
        ("handoff_taken", target, {"changes": {"status": ["open", "taken"],
                                               "taken_by": [None, "Camille"]}}),
        ("handoff_reply", target, None),
        ("handoff_closed", target, {"changes": {"status": ["taken", "closed"]}})]


async def test_a_reply_is_refused_when_empty_closed_or_forged_and_nothing_is_sent(
        site, database_url, bot):
    handoff_id = a_request(database_url)
    csrf = await logged_in(site, database_url)
    async with site.post(f"/admin/handoffs/{handoff_id}/reply",
                         data={"csrf": csrf, "text": "  "}) as response:
        assert response.status == 400 and "Écrivez la réponse" in await response.text()
    async with site.post(f"/admin/handoffs/{handoff_id}/reply",
                         data={"csrf": "forged", "text": "Bonjour"}) as response:
        assert response.status == 403
    long = "x" * 4001
    async with site.post(f"/admin/handoffs/{handoff_id}/reply",
                         data={"csrf": csrf, "text": long}) as response:
        page = await response.text()
    assert response.status == 400 and "4000 caractères au plus" in page and long in page
    assert bot.bot.sent == []
    with session_scope(database_url) as session:
        handoffs.close(handoffs.get_handoff(session, handoff_id), "Dominique")
    async with site.post(f"/admin/handoffs/{handoff_id}/reply",
                         data={"csrf": csrf, "text": "Bonjour"}) as response:  # a stale tab
        page = await response.text()
    assert response.status == 409 and "déjà close : rien n&#39;a été envoyé" in page
    assert re.search(r">Bonjour</textarea>", page) is None  # no form on a closed request
    assert bot.bot.sent == [] and audited(database_url) == []
    async with site.post(f"/admin/handoffs/{'9' * 12}/take", data={"csrf": csrf}) as response:
        assert response.status == 404


async def test_without_a_running_bot_the_page_says_so_and_changes_nothing(
        office_without_bot, database_url):  # noqa: F811
    handoff_id = a_request(database_url)
    csrf = await logged_in(office_without_bot, database_url)
    async with office_without_bot.get(f"/admin/handoffs/{handoff_id}") as response:
        page = await response.text()
    assert "ne tourne pas dans ce processus" in page and "Envoyer sur Telegram" not in page
    for action in ("take", "close"):
        async with office_without_bot.post(f"/admin/handoffs/{handoff_id}/{action}",
                                           data={"csrf": csrf}) as response:
            assert response.status == 503
    assert handoff_in(database_url, handoff_id).status == "open"


async def test_a_real_handoffs_page_shows_its_transcript_in_paris_time(
        site, database_url, monkeypatch):
    """Opened by the action from Rasa's events (float timestamps): stored as ISO text, the
    page shows each line at its Paris time; an older row that kept floats still reads."""
    monkeypatch.setenv("STAFF_CHAT_ID", str(STAFF))
    asked = {"event": "user", "text": "je veux parler à quelqu'un", "timestamp": 1_947_922_200.5,
             "parse_data": {"intent": {"name": "request_human", "confidence": 0.9}}}
    tracker = {"sender_id": "556", "slots": {"language": "fr", "programme": None},
               "latest_message": {**asked["parse_data"], "text": asked["text"],
                                  "metadata": {"user_name": "Jeanne"}},
               "events": [asked], "paused": False, "followup_action": None, "active_loop": {},
               "latest_action_name": "action_listen"}
    await InProcessActionEndpoint(session_factory(database_url)).request(json={
        "next_action": "action_request_human", "sender_id": "556", "tracker": tracker,
        "domain": {}, "version": "3.6.2"})
    with session_scope(database_url) as session:
        [handoff] = handoffs.list_handoffs(session)
        handoff_id = handoff.id
        assert [m["at"] for m in handoff.transcript] == ["2031-09-23T09:30:00.500000+00:00"]
        old = Handoff(chat_id="557", language="fr", reason="request", status="open",
                      opened_at=handoff.opened_at, transcript=[
                          {"at": 1_947_922_200.5, "by": "user", "name": None, "text": "Allô ?"}])
        session.add(old)
        session.flush()
        old_id = old.id
    await logged_in(site, database_url)
    for shown in (handoff_id, old_id):
        async with site.get(f"/admin/handoffs/{shown}") as response:
            page = await response.text()
        assert response.status == 200 and "2031-09-23 11:30" in page  # summer: UTC+2
