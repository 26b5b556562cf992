"""The back-office from the staff chat to the applicant, over real HTTP: /admin gives a member a
one-time link in private (without a link preview), the link opens a session on the bot's own
admin server, a status changed there reaches the applicant on Telegram, a handoff is taken,
answered and closed from its page; anyone else gets no link."""

from __future__ import annotations

import json
import re

import aiohttp
import pytest

from bot.db.candidacies import submit
from bot.db.handoffs import list_handoffs
from bot.db.queries import utcnow
from bot.db.session import session_scope
from bot.i18n import t
from tests.support.assistant import needs_model
from tests.support.office import programme_form
from tests.support.staff import LINK, STAFF_CHAT
from tests.support.telegram_harness import Applicant, User, texts

pytestmark = [needs_model, pytest.mark.slow]


async def test_a_member_logs_in_with_the_link_and_a_decision_reaches_the_applicant(
        office_bot, emulator, office_database_url):
    database_url = office_database_url
    applicant = User(emulator, 8301, language_code="fr")
    with session_scope(database_url) as session:
        reference = submit(session, chat_id="8301", language="fr",
                           programme_key="pass_french_tech",
                           fields={"full_name": "Léa Martin", "consent_at": utcnow()}).reference
    member = Applicant(emulator, 8302, first_name="Camille", chat_id=STAFF_CHAT,
                       chat_type="supergroup")
    private = Applicant(emulator, 8302, first_name="Camille")
    await member.command("/admin")
    await member.until("je vous ai envoyé le lien en privé")
    sent = await private.until("/admin/login/")
    [link] = LINK.findall("\n".join(texts(sent)))
    assert preview_of(sent[-1]) == {"is_disabled": True}  # no preview fetcher opens it
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        async with browser.get(link) as response:
            assert response.status == 200 and "Bonjour Camille" in await response.text()
        base = link.split("/admin/")[0]
        async with browser.get(f"{base}/admin/candidacies/{reference}") as response:
            page = await response.text()
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        async with browser.post(f"{base}/admin/candidacies/{reference}/status",
                                data={"status": "in_review", "csrf": csrf,
                                      "confirm": "1"}) as response:
            assert response.status == 200
    [told] = texts(await applicant.receives(1))
    assert told.startswith(f"Votre candidature {reference} (Pass French Tech)")

    # a scheme's funding edited on its page: the assistant's next answer carries it
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        async with browser.get(LINK.findall("\n".join(texts(await second_link(member, private))
                                                      ))[0]) as response:
            assert response.status == 200
        form = programme_form(database_url, "pass_french_tech", await csrf_of(browser, base),
                              funding_fr="Jusqu'à 30 000 € par projet (appel 2027).",
                              funding_en="Up to €30,000 per project (2027 call).")
        async with browser.post(f"{base}/admin/programmes/pass_french_tech",
                                data=form) as response:
            assert response.status == 200
    asker = Applicant(emulator, 8304, language_code="fr")
    [answer] = texts(await asker.answers("combien on touche avec le pass french tech ?",
                                         "Pass French Tech"))
    assert "Jusqu'à 30 000 € par projet (appel 2027)." in answer
    async with aiohttp.ClientSession() as stranger, stranger.get(link) as response:
        assert response.status == 403  # used once already


def preview_of(message: dict) -> dict | None:
    options = message["message"].get("link_preview_options")
    return json.loads(options) if isinstance(options, str) else options


async def second_link(member: Applicant, private: Applicant) -> list[dict]:
    await member.command("/admin")
    await member.until("je vous ai envoyé le lien en privé")
    return await private.until("/admin/login/")


async def csrf_of(browser: aiohttp.ClientSession, base: str) -> str:
    async with browser.get(f"{base}/admin/programmes/pass_french_tech") as response:
        return re.search(r'name="csrf" value="([^"]+)"', await response.text()).group(1)


async def test_no_link_outside_the_staff_chat(office_bot, emulator):
    stranger = Applicant(emulator, 8303, first_name="Intrus")
    await stranger.command("/admin")
    [refusal] = texts(await stranger.receives(1))
    assert refusal == t("staff_only", "fr") and "/admin/login/" not in refusal


async def test_someone_no_longer_in_the_staff_chat_gets_no_link(office_bot, emulator):
    former = Applicant(emulator, 8305, first_name="Ancien", chat_id=STAFF_CHAT,
                       chat_type="supergroup")
    private = Applicant(emulator, 8305, first_name="Ancien")
    await former._post("/leaveChat", {"chatId": STAFF_CHAT, "userId": 8305})
    await former.command("/admin")
    await former.until("réservé aux membres du groupe de l'équipe")
    assert await private.receives(0, settle=2) == []  # no link, anywhere


async def test_a_handoff_is_taken_answered_and_closed_from_the_back_office(
        office_bot, emulator, office_database_url):
    """The reply typed on the page reaches the person on Telegram, and the staff chat sees
    it; Take and Close are told to both, as from the staff chat's buttons."""
    jeanne = Applicant(emulator, 8311, first_name="Jeanne", language_code="fr")
    member = Applicant(emulator, 8312, first_name="Camille", chat_id=STAFF_CHAT,
                       chat_type="supergroup")
    private = Applicant(emulator, 8312, first_name="Camille")
    await jeanne.says("je veux parler à quelqu'un")
    await member.until("Jeanne")  # the request's notice in the staff chat
    with session_scope(office_database_url) as session:
        [handoff_id] = [h.id for h in list_handoffs(session) if h.chat_id == "8311"]
    [link] = LINK.findall("\n".join(texts(await second_link(member, private))))
    base = link.split("/admin/")[0]
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        async with browser.get(link) as response:
            assert response.status == 200
        async with browser.get(f"{base}/admin/handoffs/{handoff_id}") as response:
            page = await response.text()
        assert "Prendre la demande" in page
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        async with browser.post(f"{base}/admin/handoffs/{handoff_id}/take",
                                data={"csrf": csrf}) as response:
            assert response.status == 200 and "Camille, depuis le" in await response.text()
        await jeanne.until(t("handoff_taken", "fr", name="Camille"))
        await member.until(f"Camille a pris la demande #{handoff_id}")
        async with browser.post(f"{base}/admin/handoffs/{handoff_id}/reply", data={
                "csrf": csrf, "text": "Bonjour Jeanne, je regarde votre dossier."}) as response:
            assert response.status == 200
        told = await jeanne.until("je regarde votre dossier")
        assert texts(told)[-1] == t("staff_says", "fr", name="Camille",
                                    text="Bonjour Jeanne, je regarde votre dossier.")
        await member.until("a répondu depuis le back-office")
        async with browser.post(f"{base}/admin/handoffs/{handoff_id}/close",
                                data={"csrf": csrf}) as response:
            assert response.status == 200 and "Demande close" in await response.text()
    await jeanne.until(t("handoff_closed", "fr"))
    await member.until(f"Demande #{handoff_id} close par Camille")
    with session_scope(office_database_url) as session:
        [closed] = [h for h in list_handoffs(session) if h.id == handoff_id]
        assert (closed.status, closed.taken_by, closed.closed_by) == ("closed", "Camille",
                                                                      "Camille")
