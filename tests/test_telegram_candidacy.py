"""The candidacy form over real HTTP: the bot process, the Bot API emulator, users and buttons."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.db.candidacies import for_chat
from bot.db.session import session_scope
from bot.i18n import t
from tests.assistant import needs_model, seeded_database
from tests.assistant import programme_fact as fact
from tests.candidacy_scripts import (
    ANSWERS,
    asked,
    check_stored_pass_candidacy,
    happy_answers,
    refused,
    said,
)
from tests.telegram_harness import BotProcess, User, buttons, texts

pytestmark = [needs_model, pytest.mark.slow]


class Applicant(User):
    """A user who waits for the bot's answer to each message before the next one."""

    async def until(self, expected: str, timeout: float = 40) -> list[dict]:
        """The bot's messages up to the first one containing `expected`."""
        received: list[dict] = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            received += await self.inbox()
            if any(expected in text for text in texts(received)):
                await asyncio.sleep(0.3)
                return received + await self.inbox()
            await asyncio.sleep(0.2)
        raise AssertionError(f"never got {expected!r}; got {texts(received)}")

    async def answers(self, text: str, expected: str) -> list[dict]:
        await self.says(text)
        return await self.until(expected)

    async def taps(self, messages: list[dict], title: str, expected: str) -> list[dict]:
        """Press the button called `title` on the last message that has it."""
        message = next(m for m in reversed(messages) if title in dict(buttons(m)))
        await self.presses(message, dict(buttons(message))[title])
        return await self.until(expected)


def chat_candidacies(database_url: str, chat_id: int) -> list:
    with session_scope(database_url) as session:
        return for_chat(session, str(chat_id))


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    return seeded_database(tmp_path_factory.mktemp("telegram-candidacy"))


@pytest.fixture(scope="module")
async def bot(database_url, emulator):
    bot = BotProcess(database_url, f"{emulator.url}/bot")
    bot.start()
    await bot.wait_ready()
    yield bot
    assert bot.stop() == 0


@pytest.mark.parametrize(("language", "chat_id"), [("fr", 5001), ("en", 5002)])
async def test_a_candidacy_made_with_buttons_is_stored_field_by_field(bot, emulator,
                                                                      database_url, language,
                                                                      chat_id):
    a = ANSWERS[language]
    user = Applicant(emulator, chat_id, language_code=language)
    opening = await user.answers(a["apply_pass"], asked("candidacy_consent", language))
    yes = "Oui, j'accepte" if language == "fr" else "Yes, I agree"
    await user.taps(opening, yes, asked("applicant_name", language))
    await user.answers(a["name"], asked("applicant_email", language))
    answer = await user.answers(a["question"], asked("applicant_email", language))
    assert fact(database_url, "pass_french_tech", "funding", language) in texts(answer)[0]
    for value, next_slot in zip(happy_answers(language)[2:-1],
                                ["applicant_phone", "company_name", "company_siren",
                                 "company_town", "company_stage", "company_founded_on",
                                 "candidacy_pitch", "candidacy_expectations"], strict=True):
        await user.answers(value, asked(next_slot, language))
    summary = await user.answers(a["expectations"], said("utter_candidacy_summary", language))
    sent = await user.taps(summary, t("button_send", language),
                           said("utter_candidacy_submitted", language))
    [candidacy] = chat_candidacies(database_url, chat_id)
    assert candidacy.reference in texts(sent)[-1]
    check_stored_pass_candidacy(candidacy, language, str(chat_id))
    refusal = await user.answers(a["apply_pass"], candidacy.reference)  # once is enough
    assert said("utter_candidacy_duplicate", language) in texts(refusal)[-1]
    assert len(chat_candidacies(database_url, chat_id)) == 1


@pytest.mark.parametrize(("language", "chat_id"), [("fr", 5003), ("en", 5004)])
async def test_every_refused_answer_then_cancel_from_the_summary(bot, emulator, database_url,
                                                                 language, chat_id):
    a = ANSWERS[language]
    user = Applicant(emulator, chat_id, language_code=language)
    await user.answers(a["apply_pass"], asked("candidacy_consent", language))
    await user.answers("peut-être" if language == "fr" else "maybe", refused("yes_no", language))
    await user.answers(a["yes"], asked("applicant_name", language))
    await user.answers("1234", refused("name_invalid", language))
    await user.answers("<b>Marie</b> & co", asked("applicant_email", language))  # just text
    await user.answers("pas-une-adresse", refused("email_invalid", language))
    await user.answers(a["email"], asked("applicant_phone", language))
    await user.answers("12", refused("phone_invalid", language))
    stuck = await user.answers("0000", t("expected_applicant_phone", language))
    await user.taps(stuck, t("button_skip", language), asked("company_name", language))
    await user.answers(a["company"], asked("company_siren", language))
    await user.answers("12345", refused("siren_format", language))
    await user.answers("732 829 321", refused("siren_checksum", language))
    await user.answers(a["siren"], asked("company_town", language))
    await user.answers("14000", refused("town_invalid", language))
    stage = await user.answers(a["town"], asked("company_stage", language))
    await user.answers("bof", refused("stage_invalid", language))
    established = ("Créée il y a 3 ans ou plus" if language == "fr"
                   else "Founded 3 or more years ago")
    await user.taps(stage, established, asked("company_founded_on", language))
    await user.answers("n'importe quand", refused("date_invalid", language))
    await user.answers("1850", refused("date_impossible", language))
    await user.answers("2027", refused("date_future_company", language))
    await user.answers("2019", asked("candidacy_pitch", language))
    await user.answers("Une appli.", refused("text_too_short", language))
    await user.answers(a["pitch"], asked("candidacy_expectations", language))
    summary = await user.answers(a["expectations"], said("utter_candidacy_summary", language))
    # markup typed by the user is escaped: Telegram shows it as text, never interprets it
    assert summary[-1]["message"]["parse_mode"] == "HTML"
    assert "&lt;b&gt;Marie&lt;/b&gt; &amp; co" in texts(summary)[-1]
    confirm = await user.taps(summary, t("button_cancel", language),
                              said("utter_candidacy_confirm_cancel", language))
    yes = "Oui, abandonner" if language == "fr" else "Yes, drop it"
    await user.taps(confirm, yes, said("utter_candidacy_cancelled", language))
    assert chat_candidacies(database_url, chat_id) == []


@pytest.mark.parametrize(("language", "chat_id"), [("fr", 5005), ("en", 5006)])
async def test_without_consent_nothing_is_stored(bot, emulator, database_url, language,
                                                 chat_id):
    user = Applicant(emulator, chat_id, language_code=language)
    opening = await user.answers(ANSWERS[language]["apply_pass"],
                                 asked("candidacy_consent", language))
    await user.taps(opening, "Non" if language == "fr" else "No",
                    said("utter_candidacy_no_consent", language))
    assert chat_candidacies(database_url, chat_id) == []


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
        [candidacy] = chat_candidacies(url, chat_id)
        check_stored_pass_candidacy(candidacy, language, str(chat_id))
