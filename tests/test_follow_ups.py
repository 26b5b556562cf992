"""Follow-ups: "et pour la bourse ?" answers the last question about the scheme now named;
applying after talking about a scheme proposes it first. On the trained model: in-process
for every question type in both languages, then through the console."""

from __future__ import annotations

import pytest

from bot.assistant.runtime import Assistant
from tests.support.assistant import (
    ftbot,
    needs_model,
    seeded_database,
)

pytestmark = [needs_model, pytest.mark.slow]

# (question type, a question about the Pass French Tech, a follow-up naming the Bourse)
FRENCH = [
    ("ask_programme_info", "c'est quoi le pass french tech ?", "et pour la bourse ?"),
    ("ask_eligibility", "qui peut avoir le pass french tech ?", "et la bourse french tech ?"),
    ("ask_funding", "combien on touche avec le pass french tech ?", "meme question pour la bourse"),
    ("ask_deadline", "c'est quoi la date limite pour le pass french tech ?", "et pour la bourse ?"),
    ("ask_application_process", "comment candidater au pass french tech ?",
     "et pour la bourse alors ?"),
    ("ask_contact", "qui contacter pour le pass french tech ?", "et pour la bourse ?"),
]
ENGLISH = [
    ("ask_programme_info", "what is the pass french tech?", "and the bourse?"),
    ("ask_eligibility", "who is eligible for the pass french tech?", "what about the bourse?"),
    ("ask_funding", "how much money does the pass french tech give?",
     "same question for the bourse"),
    ("ask_deadline", "when is the deadline for the pass french tech?", "ok and the bourse?"),
    ("ask_application_process", "how do I apply to the pass french tech?",
     "and for the bourse?"),
    ("ask_contact", "who do I contact about the pass french tech?", "and for the bourse?"),
]


async def said(assistant: Assistant, sender: str, text: str, **metadata) -> list:
    return await assistant.handle(sender, text, metadata)


async def pressed(assistant: Assistant, sender: str, payload: str, **metadata) -> list:
    """A press of one of the assistant's buttons."""
    return await assistant.handle(sender, payload, metadata, payload=True)


async def direct_answer(assistant: Assistant, intent: str, programme: str, language: str) -> str:
    """The answer to the question asked outright (a button: no NLU involved)."""
    replies = await pressed(assistant, f"direct-{intent}-{programme}-{language}",
                            f'/{intent}{{"programme":"{programme}"}}', language=language)
    return "\n".join(r.text for r in replies)


@pytest.mark.parametrize(("language", "intent", "question", "follow_up"),
                         [("fr", *case) for case in FRENCH] + [("en", *case) for case in ENGLISH])
async def test_a_follow_up_naming_another_scheme_asks_the_same_question(
        assistant, language, intent, question, follow_up):
    sender = f"follow-{intent}-{language}"
    await said(assistant, sender, question)
    answer = "\n".join(r.text for r in await said(assistant, sender, follow_up))
    assert answer == await direct_answer(assistant, intent, "bourse_french_tech", language)


async def test_a_follow_up_naming_only_the_question_keeps_the_scheme(assistant):
    await said(assistant, "keep", "c'est quoi le french tech ticket ?")
    answer = "\n".join(r.text for r in await said(assistant, "keep", "et pour postuler ?"))
    assert answer == await direct_answer(assistant, "ask_application_process",
                                         "french_tech_ticket", "fr")


async def test_a_follow_up_with_nothing_asked_before_describes_the_scheme(assistant):
    answer = "\n".join(r.text for r in await said(assistant, "fresh", "et pour la bourse ?"))
    assert answer == await direct_answer(assistant, "ask_programme_info",
                                         "bourse_french_tech", "fr")


async def test_a_follow_up_about_a_group_of_people_says_no_scheme_is_reserved_for_it(assistant):
    await said(assistant, "students", "combien donne la bourse french tech ?")
    [reply] = await said(assistant, "students", "et pour les étudiants ?")
    assert "aucun dispositif réservé" in reply.text and "French Tech Ticket" in reply.text


@pytest.mark.parametrize(("language", "question", "follow_up", "asked"), [
    ("fr", "combien donne la bourse french tech ?", "et pour les architectes ?",
     "Que voulez-vous savoir d'autre sur Bourse French Tech ?"),
    ("en", "how much does the bourse french tech give?", "what about architects?",
     "What else would you like to know about Bourse French Tech (French Tech grant)?"),
])
async def test_a_follow_up_naming_no_scheme_asks_what_to_tell_about_the_scheme(
        assistant, language, question, follow_up, asked):
    sender = f"no-scheme-{language}"
    first = await said(assistant, sender, question)
    [reply] = await said(assistant, sender, follow_up)
    assert reply.text == asked
    assert reply.text not in "\n".join(r.text for r in first)
    assert [b["payload"] for b in reply.buttons] == [
        '/ask_programme_info{"programme":"bourse_french_tech"}',
        '/ask_eligibility{"programme":"bourse_french_tech"}',
        '/ask_funding{"programme":"bourse_french_tech"}',
        '/ask_deadline{"programme":"bourse_french_tech"}',
        '/ask_application_process{"programme":"bourse_french_tech"}',
        "/request_human"]
    eligibility = "\n".join(r.text for r in await pressed(assistant, sender,
                                                           reply.buttons[1]["payload"]))
    assert eligibility == await direct_answer(assistant, "ask_eligibility",
                                              "bourse_french_tech", language)


async def test_applying_after_talking_about_a_scheme_proposes_it_first(assistant):
    await said(assistant, "apply-fr", "c'est quoi le french tech ticket ?")
    [proposal] = await said(assistant, "apply-fr", "ça marche, je veux candidater")
    assert proposal.text == "Vous candidatez pour : French Tech Ticket ?"
    assert [b["payload"] for b in proposal.buttons] == ["/affirm", "/deny"]
    started = "\n".join(r.text for r in await pressed(assistant, "apply-fr", "/affirm"))
    assert "French Tech Ticket" in started
    assert "À quoi voulez-vous candidater" not in started


async def test_another_scheme_than_the_proposed_one_shows_the_list(assistant):
    await said(assistant, "apply-en", "what is the french tech ticket?")
    await said(assistant, "apply-en", "ok I want to apply")
    [choice] = await pressed(assistant, "apply-en", "/deny")
    assert choice.text == "What would you like to apply for?"
    assert len(choice.buttons) >= 6


async def test_naming_another_scheme_at_the_proposal_applies_to_that_one(assistant):
    await said(assistant, "apply-other", "c'est quoi le french tech ticket ?")
    await said(assistant, "apply-other", "je veux candidater")
    started = "\n".join(r.text for r in await said(assistant, "apply-other",
                                                    "non, à la bourse french tech"))
    assert "je prends votre candidature pour Bourse French Tech" in started
    assert "À quoi voulez-vous candidater" not in started


async def test_applying_with_no_scheme_discussed_shows_the_list(assistant):
    [choice] = await said(assistant, "apply-none", "je veux candidater")
    assert choice.text == "À quoi voulez-vous candidater ?"


def test_follow_ups_in_the_console(tmp_path):
    url = seeded_database(tmp_path)
    lines = ["c'est quoi la date limite pour le pass french tech ?", "et pour la bourse ?",
             "when is the deadline for the ticket?", "ok and the progenn?"]
    result = ftbot("run", "--sender", "console-follow-up", database_url=url,
                   stdin="".join(f"{line}\n" for line in lines))
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "Je ne connais pas de date limite ni d'appel ouvert pour Bourse French Tech" in out
    assert "I know of no deadline or open call for PROGENN" in out


async def test_a_question_naming_two_schemes_answers_for_both(assistant):
    replies = await said(assistant, "two-schemes", "c'est quoi la bourse et le pass ?")
    assert [r.text for r in replies] == [
        await direct_answer(assistant, "ask_programme_info", "bourse_french_tech", "fr"),
        await direct_answer(assistant, "ask_programme_info", "pass_french_tech", "fr")]


async def test_the_difference_between_two_schemes_is_one_statement_not_two_blocks(assistant):
    replies = await said(assistant, "difference",
                         "c'est quoi la différence entre la bourse et le pass ?")
    assert len(replies) == 1
    assert replies[0].text.startswith("Ce qui les distingue")
    assert "• Bourse French Tech" in replies[0].text and "• Pass French Tech" in replies[0].text


@pytest.mark.parametrize(("language", "messages", "person", "menu"), [
    ("fr", ["blabla", "zzz", "qsdkj"], "Parler à une personne", "Les dispositifs"),
    ("en", ["idk. all?", "for me", "whatever"], "Talk to a person", "The schemes"),
])
async def test_a_second_refusal_in_a_row_offers_the_menu_and_a_person(
        assistant, language, messages, person, menu):
    """Issue 32, point 5: never three bare refusals; from the second, what the assistant can
    do and a person, with the team's address."""
    replies = [await said(assistant, f"refusals-{language}", text, language=language)
               for text in messages]
    for turn in replies[1:]:
        titles = [button["title"] for reply in turn for button in reply.buttons]
        assert person in titles and menu in titles, titles
        assert "contact@normandyfrenchtech.fr" in "\n".join(r.text for r in turn)
