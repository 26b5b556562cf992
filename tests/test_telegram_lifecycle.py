"""Restarts and webhook mode of the real bot process, against the Bot API emulator."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

from actions.texts import t
from bot.db.candidacies import for_chat
from bot.db.session import session_scope
from devtools.emulator import free_port
from tests.support.assistant import ftbot, needs_model, seeded_database
from tests.support.candidacy_scripts import (
    ANSWERS,
    asked,
    check_stored_pass_candidacy,
    happy_answers,
    said,
)
from tests.support.telegram_harness import TOKEN, Applicant, BotProcess, User, texts

pytestmark = [needs_model, pytest.mark.slow]


async def test_sigterm_and_restart_lose_nothing_and_answer_nothing_twice(emulator, tmp_path):
    url = seeded_database(tmp_path)
    user = User(emulator, 2001)
    first = BotProcess(url, f"{emulator.url}/bot")
    first.start()
    await first.wait_ready()
    await user.says("bonjour")
    assert len(await user.receives(1)) == 1
    await user.says("c'est quoi le pass french tech ?")
    await asyncio.sleep(0.3)
    assert first.stop() == 0  # SIGTERM: what was taken is finished first
    await user.says("et c'est combien ?")  # sent while the bot is down
    second = BotProcess(url, f"{emulator.url}/bot")
    second.start()
    await second.wait_ready()
    deadline = time.time() + 60
    while len(await user.history()) < 3 and time.time() < deadline:
        await asyncio.sleep(0.5)
    await asyncio.sleep(3)
    replies = texts(await user.history())
    assert second.stop() == 0
    assert len(replies) == 3, replies
    assert "Le Pass French Tech comprend" in replies[1]
    assert "volet financier" in replies[2]


async def test_webhook_mode_takes_updates_with_the_secret_only(emulator, tmp_path):
    url = seeded_database(tmp_path)
    port = free_port()
    webhook = f"http://127.0.0.1:{port}/telegram"
    bot = BotProcess(url, f"{emulator.url}/bot", WEBHOOK_URL=webhook, WEBHOOK_SECRET="s3cret",
                     WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port))
    bot.start()
    try:
        await bot.wait_ready()
        user = User(emulator, 2002, language_code="en")
        await user.says("what is the french tech ticket?")
        [reply] = await user.receives(1)
        assert "welcome package for foreign entrepreneurs" in reply["message"]["text"]

        intruder = User(emulator, 2003)
        forged = {"update_id": 999_999, "message": {
            "message_id": 1, "date": int(time.time()), "text": "bonjour",
            "chat": intruder.chat, "from": intruder.user}}
        async with aiohttp.ClientSession() as session:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with session.post(webhook, json=forged, headers=headers) as response:
                    assert response.status == 403
        assert await intruder.receives(0, settle=3) == []

        edited = {"update_id": 1_000_001, "edited_message": {
            "message_id": 2, "date": int(time.time()), "edit_date": int(time.time()),
            "text": "what is the pass?", "chat": user.chat, "from": user.user}}
        async with aiohttp.ClientSession() as session, session.post(
                webhook, json=edited, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
        ) as response:
            assert response.status == 200
        [answer] = await user.receives(1)
        assert answer["message"]["text"].startswith("I don't take edited messages")
    finally:
        assert bot.stop() == 0


async def test_a_status_change_is_told_to_the_applicant_in_their_language(emulator, tmp_path):
    from datetime import date

    from bot.db.candidacies import submit
    from bot.db.session import session_scope

    url = seeded_database(tmp_path)
    applicant = User(emulator, 2004, language_code="en")
    with session_scope(url) as session:
        reference = submit(session, chat_id="2004", language="en",
                           programme_key="french_tech_ticket",
                           fields={"full_name": "Ana Souza", "founded_on": date(2026, 1, 1)}
                           ).reference
    result = ftbot("candidacies", "set-status", reference, "accepted", database_url=url,
                   TELEGRAM_TOKEN=TOKEN, TELEGRAM_API_URL=f"{emulator.url}/bot")
    assert "The applicant was notified." in result.stdout, result.stderr[-2000:]
    [notice] = await applicant.receives(1)
    assert notice["message"]["text"] == (
        f"Your candidacy {reference} (French Tech Ticket) is now: accepted.")


async def test_a_restart_in_the_middle_of_the_form_goes_on_where_it_stopped(emulator,
                                                                             tmp_path):
    url = seeded_database(tmp_path)
    french = Applicant(emulator, 5101, language_code="fr")
    english = Applicant(emulator, 5102, language_code="en")
    first = BotProcess(url, f"{emulator.url}/bot")
    first.start()
    await first.wait_ready()
    for user, language in ((french, "fr"), (english, "en")):
        a = ANSWERS[language]
        await user.answers(a["apply_pass"], asked("candidacy_consent", language))
        await user.answers(a["yes"], asked("applicant_name", language))
        await user.answers(a["name"], asked("applicant_email", language))
    assert first.stop() == 0
    await french.says(ANSWERS["fr"]["email"])  # while the bot is down
    second = BotProcess(url, f"{emulator.url}/bot")
    second.start()
    await second.wait_ready()
    try:
        await french.until(asked("applicant_phone", "fr"), timeout=90)
        await english.answers(ANSWERS["en"]["email"], asked("applicant_phone", "en"))
        for user, language in ((french, "fr"), (english, "en")):
            rest = happy_answers(language)[3:]
            for value in rest[:-1]:
                await user.says(value)
                await user.until("?")
            summary = await user.answers(rest[-1], said("utter_candidacy_summary", language))
            await user.taps(summary, t("button_send", language),
                            said("utter_candidacy_submitted", language))
    finally:
        assert second.stop() == 0
    for chat_id, language in ((5101, "fr"), (5102, "en")):
        with session_scope(url) as session:
            [candidacy] = for_chat(session, str(chat_id))
        check_stored_pass_candidacy(candidacy, language, str(chat_id))
