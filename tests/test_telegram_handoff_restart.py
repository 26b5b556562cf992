"""A handoff outlives the bot process; one no one takes is posted again, once."""

from __future__ import annotations

import asyncio

import pytest

from bot.i18n import t
from tests.assistant import needs_model, seeded_database
from tests.telegram_harness import BotProcess, texts
from tests.test_telegram_handoff import STAFF_ENV, close_by_reply, reply_to, staff_member, user

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
