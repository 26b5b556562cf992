"""A handoff outlives the bot process; one no one takes is posted again, once."""

from __future__ import annotations

import asyncio

import pytest

from bot.i18n import t
from tests.support.assistant import needs_model, seeded_database
from tests.support.staff import STAFF_ENV, close_by_reply, reply_to, staff_member, user
from tests.support.telegram_harness import BotProcess, shown, texts

pytestmark = [needs_model, pytest.mark.slow]


async def test_a_handoff_survives_a_restart_and_is_posted_again_if_untaken(emulator, tmp_path):
    url = seeded_database(tmp_path)
    jeanne, camille = user(emulator), staff_member(emulator)
    env = {**STAFF_ENV, "HANDOFF_REPOST_AFTER": "8"}
    first = BotProcess(url, f"{emulator.url}/bot", **env)
    first.start()
    await first.wait_ready()
    await jeanne.answers("je veux parler à quelqu'un", "J'ai demandé")
    [notice] = await camille.until("Demande #")
    assert first.stop() == 0
    second = BotProcess(url, f"{emulator.url}/bot", **env)
    second.start()
    await second.wait_ready()
    try:
        reposted = await camille.until("Toujours sans réponse", timeout=60)
        assert "Jeanne" in texts(reposted)[-1]
        await jeanne.says("toujours là ?")
        relayed = await camille.until("toujours là ?")
        await reply_to(camille, relayed[-1], "Oui, je suis là.")
        await jeanne.until("Oui, je suis là.")
        await asyncio.sleep(10)
        assert not any("Toujours sans réponse" in x for x in texts(await camille.inbox()))
        await close_by_reply(camille, notice)
        await jeanne.until(t("handoff_closed", "fr"))
        await jeanne.answers("c'est quoi le pass french tech ?", "Pass French Tech")
    finally:
        assert second.stop() == 0


async def test_a_handoff_closed_but_never_resumed_is_repaired_at_start(emulator, tmp_path):
    """A crash between closing a handoff and resuming its conversation: at the next start the
    conversation answers again instead of staying paused."""
    from bot.db.handoffs import close, list_handoffs
    from bot.db.session import session_scope

    url = seeded_database(tmp_path)
    kim = user(emulator, name="Kim")
    first = BotProcess(url, f"{emulator.url}/bot", **STAFF_ENV)
    first.start()
    await first.wait_ready()
    await kim.answers("je veux parler à quelqu'un", "J'ai demandé")
    assert first.stop() == 0
    with session_scope(url) as session:  # closed, as if the process died right after
        [handoff] = list_handoffs(session)
        close(handoff, "Camille")
    second = BotProcess(url, f"{emulator.url}/bot", **STAFF_ENV)
    second.start()
    await second.wait_ready()
    try:
        answer = await kim.answers("c'est quoi le pass french tech ?", "Pass French Tech")
        assert not any("problème technique" in text for text in texts(answer))
    finally:
        assert second.stop() == 0


async def test_nobody_answered_yet_is_told_after_a_restart_in_between(emulator, tmp_path):
    """The timer of "nobody has answered yet" is stored: a bot stopped before it is due
    tells the person when it starts again, once."""
    url = seeded_database(tmp_path)
    noa, camille = user(emulator, name="Noa-Restart"), staff_member(emulator)
    env = {**STAFF_ENV, "HANDOFF_ANSWER_WITHIN": "6"}
    first = BotProcess(url, f"{emulator.url}/bot", **env)
    first.start()
    await first.wait_ready()
    await noa.answers("je veux parler à quelqu'un", "J'ai demandé")
    notice = next(m for m in await camille.until("Noa-Restart") if "Noa-Restart" in shown(m))
    assert first.stop() == 0
    await asyncio.sleep(7)  # due while no bot runs
    second = BotProcess(url, f"{emulator.url}/bot", **env)
    second.start()
    await second.wait_ready()
    try:
        offer = await noa.until(t("waiting_over", "fr"), timeout=30)
        assert len([x for x in texts(offer) if t("waiting_over", "fr") in x]) == 1
        told = await camille.until("personne n'a encore répondu")
        [line] = [m for m in told if "personne n'a encore répondu" in shown(m)]
        # under the request's notice, as a reply (sent even if staff had deleted the notice)
        assert line["message"]["reply_parameters"] == {
            "message_id": notice["messageId"], "allow_sending_without_reply": True}
        assert await noa.receives(0, settle=3.0) == []  # once
    finally:
        assert second.stop() == 0


async def test_out_of_office_hours_the_person_is_told_when_and_the_assistant_answers(
        emulator, tmp_path):
    """Office time does not pass at night: nobody is told "nobody answered" before the team
    could have; meanwhile the assistant answers."""
    url = seeded_database(tmp_path)
    eve, camille = user(emulator, name="Eve-Nuit"), staff_member(emulator)
    env = {**STAFF_ENV, "OFFICE_HOURS": "mon-mon 00:00-00:01", "HANDOFF_ANSWER_WITHIN": "1"}
    bot = BotProcess(url, f"{emulator.url}/bot", **env)
    bot.start()
    await bot.wait_ready()
    try:
        told = await eve.answers("je veux parler à quelqu'un", "J'ai demandé")
        assert "on vous répondra à partir de lundi" in texts(told)[-1]
        assert "D'ici là, je réponds toujours à vos questions" in texts(told)[-1]
        await camille.until("Eve-Nuit")
        ack = await eve.answers("merci, j'attends", "qui vous répondra ici à partir de lundi")
        assert "je peux aussi répondre à vos questions" in texts(ack)[-1]
        await eve.answers("c'est quoi le french tech ticket ?", "French Tech Ticket")
        await asyncio.sleep(3)
        assert not any(t("waiting_over", "fr") in x for x in texts(await eve.inbox()))
    finally:
        assert bot.stop() == 0
