"""The advisor keeps every need stated, ranks by what the person said matters most, and takes a
correction after its answer (issue 32, point 3), on the trained model and a seeded database."""

from __future__ import annotations

import pytest

from tests.support.advisor import conversation, recommended
from tests.support.assistant import needs_model

pytestmark = [needs_model, pytest.mark.slow]


async def test_two_needs_are_both_kept_and_said_in_the_summary(assistant):
    replies = await conversation(assistant, "two-needs-fr", [
        "quel dispositif pour moi ? startup créée il y a 1 an à Caen, "
        "j'ai besoin d'argent et d'un accompagnement"])
    assert "besoin : un financement, un accompagnement" in replies[-1].text


async def test_two_needs_in_english(assistant):
    replies = await conversation(assistant, "two-needs-en", [
        "which scheme for me? company founded 1 year ago in Caen, I need funding and mentoring"],
        "en")
    assert "need: funding, support" in replies[-1].text


async def test_the_visa_said_to_matter_most_puts_the_ticket_first(assistant):
    replies = await conversation(assistant, "visa-first-en", [
        "which scheme fits me? I'm a foreign founder with an idea, moving to Rouen, "
        "the visa is the big thing"], "en")
    assert recommended(replies[-1].text)[0] == "French Tech Ticket"


async def test_the_need_said_to_matter_most_comes_first(assistant):
    replies = await conversation(assistant, "surtout-fr", [
        "quel dispositif pour moi ? startup créée il y a 1 an à Caen, je cherche des contacts "
        "mais surtout le financement"])
    assert recommended(replies[-1].text)[0] == "Pass French Tech"


async def test_a_need_forgotten_is_added_and_the_answer_given_again(assistant):
    sender = "forgot-fr"
    first = await conversation(assistant, sender, [
        "quel dispositif pour moi ? startup créée il y a 1 an à Caen, je cherche du financement"])
    assert "besoin : un financement" in first[-1].text
    again = await conversation(assistant, sender, [
        "vous avez oublié que je veux aussi de l'accompagnement"])
    assert "un financement, un accompagnement" in again[-1].text
    assert recommended(again[-1].text)


@pytest.mark.parametrize(("sender", "language", "first", "correction", "needs"), [
    ("forgot-en", "en", "which scheme for me? company founded 1 year ago in Caen, I need funding",
     "actually I also need mentoring", "need: funding, support"),
    ("aussi-contacts-fr", "fr", "quel dispositif pour moi ? startup créée il y a 1 an à Caen, "
     "je cherche du financement", "j'ai aussi besoin de contacts",
     "besoin : un financement, un réseau"),
    ("aussi-incubateur-fr", "fr", "quel dispositif pour moi ? startup créée il y a 1 an à Caen, "
     "je cherche du financement", "et aussi un incubateur",
     "besoin : un financement, une place en incubateur"),
])
async def test_a_need_added_in_other_words_updates_the_answer(assistant, sender, language, first,
                                                              correction, needs):
    await conversation(assistant, sender, [first], language)
    again = await conversation(assistant, sender, [correction], language)
    assert needs in again[-1].text and recommended(again[-1].text)


async def test_a_question_after_the_answer_is_still_answered_as_a_question(assistant):
    sender = "question-after-fr"
    await conversation(assistant, sender, [
        "quel dispositif pour moi ? startup créée il y a 1 an à Caen, je cherche du financement"])
    [reply] = await conversation(assistant, sender, ["c'est quoi l'accompagnement du pass ?"])
    assert "D'après ce que vous m'avez dit" not in reply.text


def _payload(reply, title_start: str) -> str:
    return next(b["payload"] for b in reply.buttons if b["title"].startswith(title_start))


async def test_change_my_answers_asks_which_then_only_that_question(assistant):
    sender = "change-one-fr"
    first = await conversation(assistant, sender, [
        "ma startup a été créée il y a 5 ans à Lyon, il y a un dispositif pour moi ?",
        "du financement", "non"])
    assert recommended(first[-1].text) == ["French Tech Hubs"]
    [which] = await conversation(assistant, sender, [_payload(first[-1], "Modifier mes réponses")])
    assert which.text.startswith("Quelle réponse voulez-vous changer ?")
    titles = [b["title"] for b in which.buttons]
    assert titles[:2] == ["Le stade du projet (créée il y a 3 ans ou plus)", "Le lieu (Lyon)"]
    assert any("(non)" in title for title in titles) and titles[-1] == "Tout reprendre"
    # the scheme's question (from abroad?), then at once the answer with the Ticket
    abroad = next(title for title in titles if "(non)" in title)
    [question] = await conversation(assistant, sender, [_payload(which, abroad)])
    assert question.text == abroad.rsplit(" (", 1)[0]
    again = await conversation(assistant, sender, ["oui"])
    assert "French Tech Ticket" in recommended(again[-1].text)
    assert "entrepreneur venu de l'étranger" in again[-1].text


async def test_changing_the_need_asks_only_the_need_in_english(assistant):
    sender = "change-need-en"
    first = await conversation(assistant, sender, [
        "which scheme for me? company founded 1 year ago in Caen, I need funding"], "en")
    [which] = await conversation(assistant, sender, [_payload(first[-1], "Change my answers")],
                                 "en")
    assert which.text.startswith("Which answer do you want to change?")
    [question] = await conversation(assistant, sender, [_payload(which, "The need (funding)")],
                                    "en")
    assert question.text.startswith("What would help you most")
    again = await conversation(assistant, sender, ["networking and mentoring"], "en")
    assert "need: a network, support" in again[-1].text
    assert "founded less than 3 years ago · Caen" in again[-1].text  # the rest kept



async def test_change_my_answers_typed_after_the_answer_asks_which(assistant):
    sender = "change-typed-fr"
    await conversation(assistant, sender, [
        "quel dispositif pour moi ? startup créée il y a 1 an à Caen, je cherche du financement"])
    [which] = await conversation(assistant, sender, ["modifier mes réponses"])
    assert which.text.startswith("Quelle réponse voulez-vous changer ?")
    [question] = await conversation(assistant, sender, [_payload(which, "Le lieu (Caen)")])
    assert question.text.startswith("Où est (ou sera) votre entreprise ?")
    again = await conversation(assistant, sender, ["à Rouen"])
    assert "Rouen (Normandie)" in again[-1].text and "besoin : un financement" in again[-1].text
