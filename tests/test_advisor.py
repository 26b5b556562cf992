"""The advisor, on the trained model and a seeded database: five founders' situations in French
and English get the schemes the rules allow; a rule changed in the database changes the
answer at once; applying from the answer asks nothing the advisor knows; the advisor can be
interrupted, left and resumed like the candidacy form."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.models import EligibilityRule, Programme
from bot.db.session import session_scope
from tests.support.advisor import ALL, conversation, recommended, ruled_out
from tests.support.assistant import (
    ftbot,
    needs_model,
    seeded_database,
)

pytestmark = [needs_model, pytest.mark.slow]


# (sender, language, what the founder says in turn, schemes recommended in order, ruled out)
SITUATIONS = [
    ("student-rouen-fr", "fr",
     ["je suis étudiant et j'ai une idée de startup à Rouen, quel dispositif pour moi ?",
      "du financement"],
     # no company yet: the schemes for a company based in Normandy are not for now; the
     # Bourse meets every rule and offers the need, so the Ticket's check is not asked (its
     # "?" stays in the answer)
     ["Bourse French Tech", "Pass French Tech", "French Tech Ticket"],
     ["Normandy Tech 40", "Accélérateur Normandy French Tech"]),
    ("student-rouen-en", "en",
     ["I'm a student with a startup idea in Rouen, which scheme is for me?", "funding"],
     ["Bourse French Tech (French Tech grant)", "Pass French Tech", "French Tech Ticket"],
     ["Normandy Tech 40", "Normandy French Tech accelerator"]),
    ("caen-1-year-fr", "fr",
     ["quel dispositif est fait pour moi ? je suis une startup créée il y a 1 an à Caen",
      "un accompagnement"],
     ["Pass French Tech", "Normandy Tech 40", "Accélérateur Normandy French Tech", "PROGENN",
      "French Tech Ticket"],
     ["Bourse French Tech"]),
    ("foreign-founder-en", "en",
     ["which scheme fits a foreign founder moving to Normandy?", "just an idea for now",
      "I don't know"],
     # the Ticket, made for founders from abroad, right after the Bourse (two rules met each)
     ["Bourse French Tech (French Tech grant)", "French Tech Ticket", "Pass French Tech",
      "French Tech Hubs", "PROGENN"], ["Normandy Tech 40", "Normandy French Tech accelerator"]),
    ("lyon-5-years-fr", "fr",
     ["ma startup a été créée il y a 5 ans à Lyon, il y a un dispositif pour moi ?",
      "nous développer à l'international"],
     ["French Tech Hubs"],  # the Ticket's check is not asked: it offers no such thing
     ["Bourse French Tech", "Pass French Tech", "Normandy Tech 40",
      "Accélérateur Normandy French Tech", "PROGENN"]),
    ("lyon-5-years-en", "en",
     ["our company was founded 5 years ago in Lyon, is there a scheme for us?",
      "to grow abroad"],
     ["French Tech Hubs"],
     ["Bourse French Tech (French Tech grant)", "Pass French Tech",
      "Normandy Tech 40", "Normandy French Tech accelerator", "PROGENN"]),
    ("dont-know-fr", "fr",
     ["quel dispositif pour moi ?", "je ne sais pas", "je sais pas", "aucune idée",
      "je ne sais pas", "jsp"],
     ALL, []),
]


def set_check(database_url: str, programme: str, code: str, check: dict) -> dict:
    """Change one rule's check in the database, as staff would; the previous check."""
    with session_scope(database_url) as session:
        rule = session.execute(select(EligibilityRule).join(Programme).where(
            Programme.key == programme, EligibilityRule.code == code)).scalar_one()
        previous, rule.check = rule.check, check
    return previous


@pytest.mark.parametrize(("sender", "language", "lines", "expected", "out"), SITUATIONS,
                         ids=[situation[0] for situation in SITUATIONS])
async def test_each_situation_gets_the_schemes_its_rules_allow(
        assistant, sender, language, lines, expected, out):
    replies = await conversation(assistant, sender, lines, language)
    answer = replies[-1].text
    assert recommended(answer) == expected
    assert ruled_out(answer) == out
    assert len(replies) == len(lines)  # one question per answer, then the recommendation


async def test_the_advisor_asks_only_what_is_missing_with_i_dont_know_each_time(assistant):
    replies = await conversation(assistant, "asks", [
        "je suis étudiant et j'ai une idée de startup à Rouen, quel dispositif pour moi ?"])
    [question] = replies
    # not the stage, not the town; the need before any scheme's own check (the Ticket's
    # "from abroad?"), since the need decides which checks matter
    assert question.text == "Qu'est-ce qui vous aiderait le plus ?"
    titles = [button["title"] for button in question.buttons]
    assert titles[0] == "Un financement" and titles[-1] == "Je ne sais pas"


async def test_reasons_are_marked_met_or_to_be_checked(assistant):
    replies = await conversation(assistant, "marks", [
        "which scheme fits a foreign founder moving to Normandy?", "just an idea", "funding"],
        "en")
    answer = replies[-1].text
    ticket = answer[answer.index("French Tech Ticket —"):].split("\n\n")[0]
    assert "✓ Being a foreign entrepreneur." in ticket
    assert "✓ Starting the company in France." in ticket
    unknowns = await conversation(assistant, "unknowns", [
        "which scheme is for me?", "I don't know", "in Normandy", "I don't know"], "en")
    assert "? A project to create an innovative company." in unknowns[-1].text


async def test_a_rule_changed_in_the_database_changes_the_recommendation(assistant):
    lines = ["quel dispositif est fait pour moi ? je suis une startup créée il y a 1 an à Caen",
             "non", "/find_programme{\"advisor\":\"funding\"}"]
    before = (await conversation(assistant, "rule-before", lines))[-1].text
    assert "Bourse French Tech" in ruled_out(before)
    url = assistant.settings.database_url
    original = set_check(url, "bourse_french_tech", "innovative_company_creation",
                         {"stage_in": ["idea", "creation", "young"]})
    try:
        after = (await conversation(assistant, "rule-after", lines))[-1].text
    finally:
        set_check(url, "bourse_french_tech", "innovative_company_creation", original)
    assert recommended(after)[0] == "Bourse French Tech"
    assert "Bourse French Tech" not in ruled_out(after)


async def test_applying_from_the_recommendation_asks_nothing_the_advisor_knows(assistant):
    sender = "apply-ticket"
    replies = await conversation(assistant, sender, [
        "which scheme fits a foreign founder moving to Rouen?", "just an idea", "funding"], "en")
    apply = next(b["payload"] for b in replies[-1].buttons
                 if b["title"] == "Apply: French Tech Ticket")
    form = await conversation(assistant, sender, [
        apply, "/affirm", "Ana Souza", "ana@example.org", "/skip", "Souza Labs", "/skip",
        "March 2027", "We build tools that help small farms sell directly to families.",
        "Funding and a residence permit."], "en")
    said = [reply.text for reply in form]
    assert any(text.startswith("I'm taking what you already told me") for text in said)
    for question in ("How far along is your project?", "In which town",
                     "The French Tech Ticket is for foreign entrepreneurs",
                     "Will your startup be created in France?"):
        assert not any(text.startswith(question) for text in said), question
    summary = said[-1]
    assert "• Town: Rouen" in summary and "• Stage: an idea, a project" in summary
    assert "Are you an entrepreneur from abroad? yes" in summary
    assert "Will your startup be created in France? yes" in summary


@pytest.mark.parametrize(("opening", "question", "stage_asked", "scheme"), [
    ("quel dispositif pour moi ?", "c'est quoi le pass french tech ?", "Où en est votre projet ?",
     "Pass French Tech"),
    # a request, not worded as a question, interrupts as much
    ("which scheme fits me?", "tell me more about the ticket", "How far along is your project?",
     "French Tech Ticket"),
])
async def test_a_question_during_the_advisor_is_answered_then_the_advisor_goes_on(
        assistant, opening, question, stage_asked, scheme):
    replies = await conversation(assistant, f"interrupt-{scheme}", [opening, question])
    stage_question, *answer = replies
    assert stage_question.text == stage_asked
    assert scheme in answer[0].text
    assert answer[-1].text == stage_asked  # asked again


async def test_the_advisor_can_be_left_and_picked_up_where_it_stopped(assistant):
    replies = await conversation(assistant, "resume", [
        "quel dispositif pour moi ? je suis étudiant à Caen", "annuler"])
    assert "je garde vos réponses" in replies[-1].text
    again = await conversation(assistant, "resume", ["quel dispositif est fait pour moi ?"])
    assert again[0].text == "Qu'est-ce qui vous aiderait le plus ?"  # not the stage or the town


async def test_an_answer_not_understood_twice_counts_as_i_dont_know(assistant):
    replies = await conversation(assistant, "unclear", [
        "quel dispositif pour moi ?", "bof", "euh"])
    texts = [reply.text for reply in replies]
    assert "Je n'ai pas bien compris" in texts[1]
    assert "je passe à la suite" in texts[3]
    assert texts[-1].startswith("Où est (ou sera) votre entreprise ?")


async def test_change_my_answers_can_start_again(assistant):
    """"Modifier mes réponses" asks which answer (tests/test_advisor_corrections.py);
    "Tout reprendre" asks everything again."""
    sender = "restart"
    first = await conversation(assistant, sender, [
        "ma startup a été créée il y a 5 ans à Lyon, il y a un dispositif pour moi ?",
        "du financement", "non"])
    restart = next(b["payload"] for b in first[-1].buttons
                   if b["title"] == "Modifier mes réponses")
    [which] = await conversation(assistant, sender, [restart])
    again = next(b["payload"] for b in which.buttons if b["title"] == "Tout reprendre")
    [question] = await conversation(assistant, sender, [again])
    assert question.text == "Où en est votre projet ?"


async def test_the_list_of_schemes_offers_the_advisor(assistant):
    [listing] = await conversation(assistant, "list", ["/list_programmes"])
    assert {"title": "Lequel est fait pour moi ?", "payload": "/find_programme"} in listing.buttons


def recommendations(out: str, opening: str) -> list[str]:
    return [part.split("bot> ")[0] for part in out.split(opening)[1:]]


def test_the_situations_in_the_console(tmp_path):
    """Two console sessions (French, English); "Change my answers" (button 8 after three
    schemes or more, 6 after two, 3 after one), then "Start again" (the last button: one per
    answer given, then it: 4 after the stage, the place and the need) starts each new
    situation."""
    url = seeded_database(tmp_path)
    french = ["je suis étudiant et j'ai une idée de startup à Rouen, quel dispositif pour moi ?",
              "du financement", "8", "4",
              "quel dispositif est fait pour moi ? je suis une startup créée il y a 1 an à Caen",
              "un accompagnement", "8", "4",
              "je ne sais pas", "je sais pas", "aucune idée", "je ne sais pas", "jsp", "8", "6",
              "ma startup a été créée il y a 5 ans à Lyon, il y a un dispositif pour moi ?",
              "du financement", "non"]
    result = ftbot("run", "--sender", "console-advisor-fr", database_url=url,
                   stdin="".join(f"{line}\n" for line in french))
    assert result.returncode == 0, result.stderr[-3000:]
    student, caen, unknown, lyon = recommendations(result.stdout, "D'après ce que vous m'avez dit")
    assert recommended(student) == ["Bourse French Tech", "Pass French Tech", "French Tech Ticket"]
    assert recommended(caen)[0] == "Pass French Tech" and "Bourse French Tech" in ruled_out(caen)
    assert recommended(unknown) == ALL and "✓" not in unknown.split("\n\n✓")[0]
    assert recommended(lyon) == ["French Tech Hubs"]

    english = ["/language en", "which scheme fits a foreign founder moving to Normandy?",
               "just an idea for now", "I don't know", "8", "5",
               "I'm a student with a startup idea in Rouen, which scheme is for me?",
               "funding", "8", "4",
               "our company was founded 5 years ago in Lyon, is there a scheme for us?",
               "funding", "no"]
    result = ftbot("run", "--sender", "console-advisor-en", database_url=url,
                   stdin="".join(f"{line}\n" for line in english))
    assert result.returncode == 0, result.stderr[-3000:]
    foreign, student, lyon = recommendations(result.stdout, "From what you told me")
    assert "French Tech Ticket" in recommended(foreign)
    assert ruled_out(foreign) == ["Normandy Tech 40", "Normandy French Tech accelerator"]
    assert recommended(student)[:2] == ["Bourse French Tech (French Tech grant)",
                                        "Pass French Tech"]
    assert recommended(lyon) == ["French Tech Hubs"]


async def test_asking_which_scheme_fits_during_a_candidacy_keeps_it_and_advises(assistant):
    replies = await conversation(assistant, "mid-candidacy", [
        "je veux candidater au pass french tech", "/affirm",
        "en fait, quel dispositif est fait pour moi ?"])
    texts = [reply.text for reply in replies]
    assert "Je garde vos réponses" in texts[-2]
    assert texts[-1] == "Où en est votre projet ?"


async def test_when_nothing_fits_it_says_so_with_the_contact_and_a_person(assistant):
    replies = await conversation(assistant, "nothing", [
        "ma startup a été créée il y a 5 ans, elle est basée en Allemagne, quel dispositif pour "
        "moi ?", "je ne sais pas", "non", "non"])
    answer = replies[-1]
    assert "aucun des dispositifs que je connais ne vous correspond" in answer.text
    assert "contact@normandyfrenchtech.fr" in answer.text
    assert len(ruled_out(answer.text)) == 7
    assert {"title": "Parler à une personne", "payload": "/request_human"} in answer.buttons


async def test_answers_in_a_few_more_words_are_understood(assistant):
    replies = await conversation(assistant, "wordy", [
        "which scheme fits me? I have an idea and I'm based in Caen",
        "yes, I'm from Brazil", "I don't really know, but mostly money"], "en")
    texts = [reply.text for reply in replies]
    assert "I didn't quite get that" not in "\n".join(texts)
    assert recommended(texts[-1])[0] == "Bourse French Tech (French Tech grant)"
    assert "✓ Being a foreign entrepreneur." in texts[-1]
