"""Every step of the candidacy form hears questions and requests (issue 32, point 1).

Through the real console and the trained model on a real SQLite database: a question, a
request for a person, "later", a hesitation or "what is a SIREN?" at a step is answered or
done, then the same step is asked again; none is ever stored as an answer.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from actions.texts import t
from bot.assistant.runtime import Assistant
from bot.config import Settings
from tests.support.assistant import needs_model, seeded_database
from tests.support.candidacy_scripts import (
    ANSWERS,
    asked,
    check_stored_pass_candidacy,
    happy_answers,
    refused,
    said,
)
from tests.support.console import Console, candidacies_of

pytestmark = [needs_model, pytest.mark.slow]
STEPS = ("candidacy_consent", "applicant_name", "applicant_email", "applicant_phone",
         "company_name", "company_siren", "company_town", "company_stage",
         "company_founded_on", "candidacy_pitch", "candidacy_expectations")
# A question at each step: about a scheme (the knowledge base answers), or about the form.
QUESTIONS = {
    "fr": ["attendez, c'est quoi PROGENN déjà ?", "vous revendez mes données ?",
           "c'est payant ?", "combien de temps ça prend ?", "c'est quoi un SIREN ?",
           "qui gère la bourse french tech ?", "attendez, c'est quoi PROGENN déjà ?",
           "c'est quoi le french tech ticket ?", "vous revendez mes données ?",
           "combien de temps ça prend ?", "c'est payant ?"],
    "en": ["wait, what is PROGENN again?", "do you sell my data?", "is it free?",
           "wait, how long does the form take?", "what's a SIREN?",
           "who runs the bourse french tech?", "what is PROGENN?",
           "what is the french tech ticket?", "who will read my data?",
           "how long does the form take?", "is it free?"],
}
PERSON = {"fr": "je préfère d'abord parler à quelqu'un", "en": "can I talk to a person?"}
REFUSALS = ("name_invalid", "email_invalid", "phone_invalid", "siren_format", "town_invalid",
            "stage_invalid", "date_invalid", "yes_no", "text_too_short", "required")


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    return seeded_database(tmp_path_factory.mktemp("interruptions"))


@pytest.fixture(scope="module")
async def assistant(database_url):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", database_url)  # the console's own sessions
        yield Assistant.load(Settings.from_env())


def user() -> str:
    return f"interrupted-{uuid.uuid4().hex[:8]}"


def last_message(output: str) -> str:
    return output.rsplit("bot> ", 1)[-1]


def asks_again(output: str, slot: str, language: str) -> None:
    """The step is asked again, last, and nothing was refused as a wrong answer."""
    assert asked(slot, language) in last_message(output), output
    for reason in REFUSALS:
        assert refused(reason, language) not in output, output
    assert said("utter_candidacy_stuck", language) not in output


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_interrupted_at_every_step_the_candidacy_is_stored_as_if_it_had_not_been(
        assistant, database_url, language):
    a, sender = ANSWERS[language], user()
    answers = happy_answers(language)
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"])
        for step, (slot, answer) in enumerate(zip(STEPS, answers, strict=True)):
            answered = await console.says(QUESTIONS[language][step])
            assert answered.count("bot> ") >= 2, answered  # an answer, then the step again
            asks_again(answered, slot, language)
            paused = await console.says(PERSON[language])
            assert said("utter_candidacy_paused", language) in paused
            assert said("utter_request_human", language) in paused
            resumed = await console.says(a["apply"])
            assert said("utter_candidacy_resume", language) in resumed
            asks_again(resumed, slot, language)
            assert said("utter_candidacy_paused", language) in await console.says(a["later"])
            asks_again(await console.says(a["apply"]), slot, language)
            output = await console.says(answer)
        assert said("utter_candidacy_summary", language) in output
        await console.says("1")
    [candidacy] = candidacies_of(database_url, sender)
    check_stored_pass_candidacy(candidacy, language, sender)


@pytest.mark.parametrize(("language", "question", "expected"), [
    ("fr", "vous revendez mes données ?", "form_data"),
    ("fr", "c'est payant l'adhésion ?", "form_cost"),
    ("fr", "combien de temps ça prend ?", "form_time"),
    ("en", "wait, how long does the form take?", "form_time"),
    ("en", "do you sell my data?", "form_data"),
    ("en", "is it free?", "form_cost"),
])
async def test_questions_about_the_form_at_the_consent_step_are_answered(
        assistant, database_url, language, question, expected):
    a = ANSWERS[language]
    async with Console(assistant, user()) as console:
        await console.says(a["apply_pass"])
        answer = await console.says(question)
        assert t(expected, language, count=11).split("{")[0][:30] in answer
        asks_again(answer, "candidacy_consent", language)
        assert asked("applicant_name", language) in await console.says(a["yes"])


@pytest.mark.parametrize(("language", "question"), [
    ("fr", "c'est quoi un SIREN ?"), ("fr", "jsp c quoi un siren"), ("en", "what's a SIREN?")])
async def test_what_is_a_siren_explains_the_field_and_asks_again(assistant, database_url,
                                                                 language, question):
    a, sender = ANSWERS[language], user()
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"], a["yes"], a["name"], a["email"], a["phone"],
                           a["company"])
        explained = await console.says(question)
        assert t("help_company_siren", language)[:40] in explained
        assert "annuaire-entreprises.data.gouv.fr" in explained
        asks_again(explained, "company_siren", language)
        assert asked("company_town", language) in await console.says(a["siren"])


@pytest.mark.parametrize(("language", "slot", "hesitation", "skippable"), [
    ("fr", "company_town", "on hésite encore entre Caen et Rennes", False),
    ("fr", "company_siren", "je sais pas encore", True),
    ("fr", "applicant_phone", "jsp", True),
    ("en", "company_town", "not sure yet, maybe Caen or Rennes", False),
])
async def test_a_hesitation_is_not_an_answer(assistant, database_url, language, slot,
                                             hesitation, skippable):
    a, sender = ANSWERS[language], user()
    before = happy_answers(language)[:STEPS.index(slot)]
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"], *before)
        output = await console.says(hesitation)
        assert t("hesitation", language, expected="")[:30] in output
        assert (t("button_skip", language) in output) is skippable
        asks_again(output, slot, language)
        rest = happy_answers(language)[STEPS.index(slot):]
        await console.says(*rest)
        await console.says("1")
    [candidacy] = candidacies_of(database_url, sender)
    check_stored_pass_candidacy(candidacy, language, sender)


TODAY = date.today()
NEXT_SEPTEMBER = TODAY.year + (TODAY.month >= 9)
NEXT_MARCH = TODAY.year + (TODAY.month >= 3)


@pytest.mark.parametrize(("language", "when", "shown", "stored"), [
    ("fr", "l'an dernier", str(TODAY.year - 1), date(TODAY.year - 1, 1, 1)),
    ("fr", "septembre prochain", f"septembre {NEXT_SEPTEMBER}", date(NEXT_SEPTEMBER, 9, 1)),
    ("fr", "en mars", f"mars {NEXT_MARCH}", date(NEXT_MARCH, 3, 1)),  # an idea: to come
    ("en", "next spring", f"March {NEXT_MARCH}", date(NEXT_MARCH, 3, 1)),
    ("en", "last year", str(TODAY.year - 1), date(TODAY.year - 1, 1, 1)),
])
async def test_a_relative_founding_date_is_read_and_confirmed(assistant, database_url,
                                                              language, when, shown, stored):
    a, sender = ANSWERS[language], user()
    stage = "idée" if language == "fr" else "idea"
    answers = happy_answers(language)
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"], *answers[:7], stage)
        confirm = await console.says(when)
        assert t("date_confirm", language, when=shown) in confirm
        assert asked("candidacy_pitch", language) not in confirm
        assert asked("candidacy_pitch", language) in await console.says(a["yes"])
        await console.says(a["pitch"], a["expectations"], "1")
    [candidacy] = candidacies_of(database_url, sender)
    assert candidacy.founded_on == stored


async def test_a_relative_date_denied_is_asked_again(assistant, database_url):
    a, sender = ANSWERS["fr"], user()
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"], *happy_answers("fr")[:8])
        confirm = await console.says("l'an dernier")
        assert t("date_confirm", "fr", when=str(TODAY.year - 1)) in confirm
        asks_again(await console.says(a["no"]), "company_founded_on", "fr")
        await console.says(a["founded"], a["pitch"], a["expectations"], "1")
    [candidacy] = candidacies_of(database_url, sender)
    check_stored_pass_candidacy(candidacy, "fr", sender)


def first_line(output: str) -> str:
    return last_message(output).splitlines()[0]


async def test_the_scheme_and_its_own_questions_hear_too_and_cancel_not_confirmed_resumes(
        assistant, database_url):
    """From "Applying for: the Ticket?" to the last question, the Ticket's own included:
    at each step a question, "annuler" then "non", a person, "plus tard", then the answer."""
    a, sender = ANSWERS["fr"], user()
    answers = ["oui", "oui", a["name"], a["email"], a["phone"], a["company"], a["siren"],
               a["town"], "idée", "2026", "non", "oui", a["pitch"], a["expectations"]]
    questions = QUESTIONS["fr"] + ["c'est quoi un SIREN ?", "vous revendez mes données ?",
                                   "attendez, c'est quoi PROGENN déjà ?"]
    async with Console(assistant, sender) as console:
        await console.says("c'est quoi le french tech ticket ?")
        step = first_line(await console.says(a["apply"]))
        assert "French Tech Ticket" in step
        for question, answer in zip(questions, answers, strict=True):
            answered = await console.says(question)
            assert first_line(answered) == step and answered.count("bot> ") >= 2, answered
            assert said("utter_candidacy_confirm_cancel", "fr") in await console.says(
                a["cancel"])
            assert first_line(await console.says(a["no"])) == step
            assert said("utter_request_human", "fr") in await console.says(PERSON["fr"])
            assert first_line(await console.says(a["apply"])) == step
            assert said("utter_candidacy_paused", "fr") in await console.says(a["later"])
            assert first_line(await console.says(a["apply"])) == step
            output = await console.says(answer)
            step = first_line(output)
        assert said("utter_candidacy_warnings", "fr") in output  # not from abroad
        await console.says("1")
    [candidacy] = candidacies_of(database_url, sender)
    assert (candidacy.programme_key, candidacy.full_name, candidacy.siren, candidacy.stage,
            candidacy.pitch) == ("french_tech_ticket", a["name"], "732829320", "idea",
                                 a["pitch"])
    assert candidacy.answers == {"founder_from_abroad": False, "company_in_france": True}


@pytest.mark.parametrize(("language", "correction", "stored"), [
    ("fr", "en fait mon email c'est marie.d@exemple.fr", "marie.d@exemple.fr"),
    ("en", "sorry, my email is john@smith-labs.io", "john@smith-labs.io"),
])
async def test_a_correction_of_an_earlier_answer_is_kept_and_the_step_asked_again(
        assistant, database_url, language, correction, stored):
    a, sender = ANSWERS[language], user()
    answers = happy_answers(language)
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"], *answers[:6])
        fixed = await console.says(correction)
        assert t("corrected", language, label=t("label_applicant_email", language),
                 value=stored) in fixed
        asks_again(fixed, "company_town", language)
        await console.says(*answers[6:], "1")
    [candidacy] = candidacies_of(database_url, sender)
    assert (candidacy.email, candidacy.town) == (stored, a["town"].split()[0])
