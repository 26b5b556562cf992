"""The candidacy form over real HTTP: the bot process, the Bot API emulator, users and buttons."""

from __future__ import annotations

from datetime import date

import pytest

from actions.texts import t
from bot.db.candidacies import for_chat
from bot.db.session import session_scope
from tests.support.assistant import needs_model, seeded_database
from tests.support.assistant import programme_fact as fact
from tests.support.candidacy_scripts import (
    ANSWERS,
    asked,
    check_stored_pass_candidacy,
    happy_answers,
    refused,
    said,
)
from tests.support.telegram_harness import Applicant, BotProcess, texts

pytestmark = [needs_model, pytest.mark.slow]


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
    assert "<b>Marie</b> & co" in texts(summary)[-1]
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


async def test_questions_a_hesitation_and_a_relative_date_at_the_steps(bot, emulator,
                                                                       database_url):
    """Issue 32, item 1, over the Bot API: each is answered, the same step asked again, and
    the candidacy is stored as if none had been said."""
    a, chat_id = ANSWERS["fr"], 5011
    user = Applicant(emulator, chat_id, language_code="fr")
    await user.answers(a["apply_pass"], asked("candidacy_consent", "fr"))
    data = await user.answers("vous revendez mes données ?", asked("candidacy_consent", "fr"))
    assert t("form_data", "fr")[:40] in texts(data)[0]
    await user.taps(data, "Oui, j'accepte", asked("applicant_name", "fr"))
    await user.answers(a["name"], asked("applicant_email", "fr"))
    await user.answers(a["email"], asked("applicant_phone", "fr"))
    unsure = await user.answers("jsp", asked("applicant_phone", "fr"))
    assert t("hesitation", "fr", expected="")[:30] in texts(unsure)[0]
    await user.answers(a["phone"], asked("company_name", "fr"))
    await user.answers(a["company"], asked("company_siren", "fr"))
    siren = await user.answers("jsp c quoi un siren", asked("company_siren", "fr"))
    assert "annuaire-entreprises.data.gouv.fr" in texts(siren)[0]
    for value, next_slot in zip([a["siren"], a["town"], "idée"],
                                ["company_town", "company_stage", "company_founded_on"],
                                strict=True):
        await user.answers(value, asked(next_slot, "fr"))
    confirm = await user.answers("l'an dernier", t("date_confirm", "fr", when="")[:10])
    await user.taps(confirm, "Oui", asked("candidacy_pitch", "fr"))
    await user.answers(a["pitch"], asked("candidacy_expectations", "fr"))
    summary = await user.answers(a["expectations"], said("utter_candidacy_summary", "fr"))
    await user.taps(summary, t("button_send", "fr"), said("utter_candidacy_submitted", "fr"))
    [candidacy] = chat_candidacies(database_url, chat_id)
    assert (candidacy.phone, candidacy.siren, candidacy.stage, candidacy.founded_on.year) == (
        "+33612345678", "732829320", "idea", date.today().year - 1)
