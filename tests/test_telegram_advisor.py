"""The advisor over real HTTP: the bot process, the Bot API emulator, founders typing and
pressing its buttons; /mydata shows its answers and /forget erases them."""

from __future__ import annotations

import json

import pytest

from tests.support.advisor import ALL, recommended, ruled_out
from tests.support.assistant import needs_model, seeded_database
from tests.support.telegram_harness import BotProcess, User, buttons, texts

pytestmark = [needs_model, pytest.mark.slow]


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    return seeded_database(tmp_path_factory.mktemp("telegram-advisor"))


@pytest.fixture(scope="module")
async def bot(database_url, emulator):
    bot = BotProcess(database_url, f"{emulator.url}/bot")
    bot.start()
    await bot.wait_ready()
    yield bot
    assert bot.stop() == 0


async def answer(user: User, said: str | None = None, press: str | None = None) -> dict:
    """Say something, or press the button titled `press` of the last message: the reply."""
    if press is None:
        await user.says(said)
    else:
        await user.presses(user.last, dict(buttons(user.last))[press])
    [reply] = await user.receives(1)
    user.last = reply
    return reply


async def test_a_student_with_an_idea_in_rouen_by_buttons(bot, emulator):
    user = User(emulator, 7001, language_code="fr")
    question = await answer(user, "je suis étudiant et j'ai une idée de startup à Rouen, "
                                  "quel dispositif pour moi ?")
    assert texts([question])[0] == "Qu'est-ce qui vous aiderait le plus ?"  # the need first
    result = await answer(user, press="Un financement")
    text = texts([result])[0]
    # the Bourse meets every rule and offers the need: the Ticket's check is not asked
    assert recommended(text) == ["Bourse French Tech", "Pass French Tech", "French Tech Ticket"]
    # no company yet: "a company based in Normandy" is not met (issue 32, point 3)
    assert ruled_out(text) == ["Normandy Tech 40", "Accélérateur Normandy French Tech"]
    titles = [title for title, _ in buttons(result)]
    assert titles[:2] == ["En savoir plus : Bourse French Tech", "Candidater : Bourse French Tech"]
    more = await answer(user, press="En savoir plus : Bourse French Tech")
    assert "fonds d'amorçage" in texts([more])[0]


async def test_a_company_created_a_year_ago_in_caen(bot, emulator):
    user = User(emulator, 7002, language_code="fr")
    await answer(user, "quel dispositif est fait pour moi ? startup créée il y a 1 an à Caen")
    text = texts([await answer(user, "on cherche surtout un accompagnement")])[0]
    assert recommended(text) == ["Pass French Tech", "Normandy Tech 40",
                                 "Accélérateur Normandy French Tech", "PROGENN",
                                 "French Tech Ticket"]  # its check left open: "?"
    assert ruled_out(text) == ["Bourse French Tech"]


async def test_a_foreign_founder_moving_to_normandy_applies_without_repeating(bot, emulator):
    user = User(emulator, 7003, language_code="en")
    await answer(user, "which scheme fits a foreign founder moving to Normandy?")
    await answer(user, press="An idea, a project")
    result = await answer(user, press="I don't know")
    assert "French Tech Ticket" in recommended(texts([result])[0])
    await user.presses(result, dict(buttons(result))["Apply: French Tech Ticket"])
    opening = "\n".join(texts(await user.receives(3)))
    assert "I'm taking what you already told me" in opening
    assert "• Stage: an idea, a project" in opening


async def test_a_company_created_five_years_ago_in_lyon(bot, emulator):
    user = User(emulator, 7004, language_code="en")
    await answer(user, "our company was founded 5 years ago in Lyon, is there a scheme for us?")
    check = await answer(user, press="Funding")
    assert "Are you an entrepreneur from abroad?" in texts([check])[0]
    text = texts([await answer(user, press="No")])[0]
    assert recommended(text) == ["French Tech Hubs"]
    assert len(ruled_out(text)) == 6


async def test_i_dont_know_to_everything(bot, emulator):
    user = User(emulator, 7005, language_code="fr")
    await answer(user, "quel dispositif pour moi ?")
    for _ in range(4):
        await answer(user, press="Je ne sais pas")
    text = texts([await answer(user, press="Je ne sais pas")])[0]
    assert recommended(text) == ALL and ruled_out(text) == []
    assert "✓ Projet" not in text  # nothing known, nothing met


async def test_mydata_shows_the_advisor_answers_and_forget_erases_them(bot, emulator):
    user = User(emulator, 7006, language_code="fr")
    await answer(user, "quel dispositif pour moi ? je suis étudiante à Caen")
    await user.command("/mydata")
    _, document = await user.receives(2)
    state = json.loads(texts([document])[0])["conversation_state"]
    assert state["advisor_stage"] == "idea" and state["advisor_region"] == "normandie"
    await user.command("/forget")
    [confirm] = await user.receives(1)
    await user.presses(confirm, "forget:yes")
    await user.receives(1)
    question = await answer(user, "quel dispositif pour moi ?")
    assert texts([question])[0].startswith("Où en est votre projet ?")  # nothing remembered


async def test_a_forgotten_need_then_one_answer_changed_by_buttons(bot, emulator):
    """Issue 32, point 3: "vous avez oublié…" adds the need; "Modifier mes réponses" asks
    which answer, then only that question."""
    user = User(emulator, 7004, language_code="fr")
    await answer(user, "quel dispositif pour moi ? startup créée il y a 1 an à Caen, "
                       "je cherche du financement")
    added = await answer(user, "vous avez oublié que je veux aussi de l'accompagnement")
    assert "besoin : un financement, un accompagnement" in texts([added])[0]
    which = await answer(user, press="Modifier mes réponses")
    assert texts([which])[0].startswith("Quelle réponse voulez-vous changer ?")
    assert [title for title, _ in buttons(which)][-1] == "Tout reprendre"
    await answer(user, press="Le lieu (Caen)")
    again = texts([await answer(user, "à Rouen")])[0]
    assert "Rouen (Normandie) · besoin : un financement, un accompagnement" in again
