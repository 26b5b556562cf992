"""The candidacy form through the console, in French and in English, with the trained model.

One assistant is loaded for the module and each test talks as its own user; the stored
candidacies are read back from the database field by field.
"""

from __future__ import annotations

import os
import uuid

import pytest

from actions.texts import t
from bot.assistant.runtime import Assistant
from bot.config import Settings
from bot.db.candidacies import set_status
from bot.db.session import session_scope
from tests.support.assistant import ftbot, needs_model, seeded_database
from tests.support.assistant import programme_fact as fact
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
LANGUAGES = ["fr", "en"]


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    return seeded_database(tmp_path_factory.mktemp("candidacy"))


@pytest.fixture(scope="module")
async def assistant(database_url):
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = database_url  # the console's own sessions
    yield Assistant.load(Settings.from_env())
    if previous is None:
        del os.environ["DATABASE_URL"]
    else:
        os.environ["DATABASE_URL"] = previous


def user() -> str:
    return f"console-{uuid.uuid4().hex[:8]}"


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_complete_candidacy_is_summarised_sent_and_stored(assistant, database_url,
                                                                  language):
    a, sender = ANSWERS[language], user()
    async with Console(assistant, sender) as console:
        opening = await console.says(a["apply_pass"])
        assert said("utter_candidacy_start", language) in opening
        assert asked("candidacy_consent", language) in opening
        answers = happy_answers(language)
        await console.says(*answers[:-1])
        summary = await console.says(answers[-1])
        assert said("utter_candidacy_summary", language) in summary
        for value in (a["name"], a["company"], a["pitch"], "732829320"):
            assert value in summary
        assert f"[1] {t('button_send', language)}" in summary
        sent = await console.says("1")
    [candidacy] = candidacies_of(database_url, sender)
    assert candidacy.reference in sent
    assert said("utter_candidacy_submitted", language) in sent
    check_stored_pass_candidacy(candidacy, language, sender)


@pytest.mark.parametrize(("language", "question"), [
    ("fr", "quel est le statut de ma candidature"), ("en", "status of my application")])
async def test_the_applicant_asks_where_the_candidacy_stands(assistant, database_url, language,
                                                             question):
    a, sender = ANSWERS[language], user()
    async with Console(assistant, sender) as console:
        assert said("utter_candidacy_status_none", language) in await console.says(question)
        await console.says(a["apply_pass"], *happy_answers(language))
        await console.says("1")  # send
        [candidacy] = candidacies_of(database_url, sender)
        with session_scope(database_url) as session:
            set_status(session, candidacy.reference, "in_review", by="Camille")
        status = await console.says(question)
    assert said("utter_candidacy_status", language) in status
    assert candidacy.reference in status and "Pass French Tech" in status
    assert t("status_in_review", language) in status


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_scheme_asks_its_own_questions_and_the_precheck_warns(assistant,
                                                                        database_url, language):
    a, sender = ANSWERS[language], user()
    async with Console(assistant, sender) as console:
        await console.says(a["apply_ticket"], a["yes"], a["name"], a["email"], a["skip"],
                           a["company"], a["skip"], a["town"], "idea")
        from_abroad = await console.says("2026")
        assert "French Tech Ticket" in from_abroad and "[1]" in from_abroad  # yes / no buttons
        await console.says("2", "1", a["pitch"])  # not from abroad; created in France
        summary = await console.says(a["expectations"])
        assert said("utter_candidacy_warnings", language) in summary
        assert t("button_send_anyway", language) in summary
        await console.says("1")
    [candidacy] = candidacies_of(database_url, sender)
    assert candidacy.programme_key == "french_tech_ticket"
    assert candidacy.answers == {"founder_from_abroad": False, "company_in_france": True}
    assert candidacy.eligibility_warnings == ["founder_from_abroad"]
    assert candidacy.phone is None and candidacy.siren is None  # skipped
    assert candidacy.stage == "idea"


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_refused_answer_says_why_and_a_second_failure_offers_a_way_out(
        assistant, database_url, language):
    a, sender = ANSWERS[language], user()
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"], a["yes"])
        assert refused("name_invalid", language) in await console.says("1234")
        await console.says(a["name"])
        assert refused("email_invalid", language) in await console.says("marie@")
        stuck = await console.says("marie@@exemple")  # second failure on the same question
        assert refused("email_invalid", language) in stuck
        assert t("expected_applicant_email", language) in stuck
        assert t("button_later", language) in stuck and t("button_human", language) in stuck
        assert t("button_skip", language) not in stuck  # the e-mail is required
        assert asked("applicant_email", language) in stuck
        await console.says(a["email"])
        assert refused("phone_invalid", language) in await console.says("12")
        stuck = await console.says("0000")
        assert t("button_skip", language) in stuck  # the phone is optional
        assert asked("company_name", language) in await console.says("1")  # skip it
        assert asked("company_siren", language) in await console.says(a["company"])
        assert refused("siren_format", language) in await console.says("12345")
        assert refused("siren_checksum", language) in await console.says("732 829 321")
        await console.says(a["siren"])
        assert refused("town_invalid", language) in await console.says("14000")
        await console.says(a["town"])
        assert refused("stage_invalid", language) in await console.says("bof")
        await console.says("4")  # 3 or more years
        assert refused("date_invalid", language) in await console.says("n'importe quand")
        assert refused("date_impossible", language) in await console.says("1850")
        assert refused("date_future_company", language) in await console.says("2027")
        await console.says("2019")
        assert refused("text_too_short", language) in await console.says("Une appli.")
        await console.says(a["pitch"])
        summary = await console.says(a["expectations"])
        assert said("utter_candidacy_summary", language) in summary
        await console.says("1")
    [candidacy] = candidacies_of(database_url, sender)
    assert (candidacy.phone, candidacy.siren, candidacy.stage) == (
        None, "732829320", "established")


@pytest.mark.parametrize(("language", "company"), [("fr", "Ma Startup"), ("en", "My Startup")])
async def test_names_that_read_like_requests_are_taken_as_names(assistant, database_url,
                                                                language, company):
    a, sender = ANSWERS[language], user()
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"], a["yes"])
        assert refused("name_invalid", language) in await console.says(a["yes"])
        await console.says(a["name"], a["email"], a["skip"])
        assert asked("company_siren", language) in await console.says(company)
        await console.says(a["siren"], a["town"], "4", "2019", a["pitch"])
        summary = await console.says(a["expectations"])
        assert company in summary
        await console.says("1")
    [candidacy] = candidacies_of(database_url, sender)
    assert (candidacy.full_name, candidacy.company) == (a["name"], company)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_question_in_the_middle_is_answered_then_the_form_asks_again(
        assistant, database_url, language):
    a, sender = ANSWERS[language], user()
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"], a["yes"], a["name"])
        answer = await console.says(a["question"])
        assert fact(database_url, "pass_french_tech", "funding", language) in answer
        assert answer.rstrip().endswith(asked("applicant_email", language))
        assert asked("applicant_phone", language) in await console.says(a["email"])
    assert candidacies_of(database_url, sender) == []


@pytest.mark.parametrize("language", LANGUAGES)
async def test_cancel_is_confirmed_first_and_then_nothing_is_stored(assistant, database_url,
                                                                    language):
    a, sender = ANSWERS[language], user()
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"], a["yes"], a["name"])
        confirm = await console.says(a["cancel"])
        assert said("utter_candidacy_confirm_cancel", language) in confirm
        resumed = await console.says("2")  # no, carry on
        assert said("utter_candidacy_resume", language) in resumed
        assert asked("applicant_email", language) in resumed
        await console.says(a["cancel"])
        dropped = await console.says(a["yes"])
        assert said("utter_candidacy_cancelled", language) in dropped
        again = await console.says(a["apply"])  # a new candidacy starts from the beginning,
        assert "Pass French Tech" in again  # proposing the scheme the conversation was about
        assert said("utter_candidacy_which_programme", language) in await console.says("2")
    assert candidacies_of(database_url, sender) == []


@pytest.mark.parametrize("language", LANGUAGES)
async def test_without_consent_nothing_is_stored_and_the_user_is_told(assistant, database_url,
                                                                      language):
    a, sender = ANSWERS[language], user()
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"])
        refusal = await console.says(a["no"])
        assert said("utter_candidacy_no_consent", language) in refusal
        assert asked("applicant_name", language) not in refusal
        # the form is over: what follows is an ordinary question again
        assert fact(database_url, "pass_french_tech", "funding", language) in await console.says(
            a["question"])
    assert candidacies_of(database_url, sender) == []


@pytest.mark.parametrize(("language", "then"), [
    ("fr", "cancel"), ("fr", "no"), ("en", "cancel"), ("en", "no")])
async def test_after_a_refused_consent_no_or_cancel_drops_nothing_more(assistant, language,
                                                                      then):
    """No summary was shown: "annuler" or "non" next is not a summary's "drop it?"."""
    a = ANSWERS[language]
    async with Console(assistant, user()) as console:
        await console.says(a["apply_pass"])
        assert said("utter_anything_else", language) in await console.says(a["no"])
        after = await console.says(a[then])
    assert said("utter_candidacy_confirm_cancel", language) not in after
    assert said("utter_cancel" if then == "cancel" else "utter_anything_else", language) in after


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_second_candidacy_to_the_same_scheme_is_refused_with_the_reference(
        assistant, database_url, language):
    a, sender = ANSWERS[language], user()
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"], *happy_answers(language), "1")
        [first] = candidacies_of(database_url, sender)
        refusal = await console.says(a["apply_pass"])
        assert said("utter_candidacy_duplicate", language) in refusal
        assert first.reference in refusal
        assert asked("candidacy_consent", language) not in refusal
        other = await console.says(a["apply_ticket"])  # another scheme is fine
        assert asked("candidacy_consent", language) in other
    assert len(candidacies_of(database_url, sender)) == 1


async def test_later_keeps_the_answers_and_apply_picks_up_where_it_stopped(assistant,
                                                                           database_url):
    a, sender = ANSWERS["fr"], user()
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"], a["yes"], a["name"])
        paused = await console.says(a["later"])
        assert said("utter_candidacy_paused", "fr") in paused
        assert "Bonjour" in await console.says("bonjour")  # an ordinary conversation meanwhile
        resumed = await console.says(a["apply"])
        assert said("utter_candidacy_resume", "fr") in resumed
        assert asked("applicant_email", "fr") in resumed


async def test_an_answer_is_changed_from_the_summary(assistant, database_url):
    a, sender = ANSWERS["en"], user()
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"], *happy_answers("en"))
        fields = await console.says("2")  # change an answer
        assert said("utter_candidacy_which_field", "en") in fields
        number = next(line.split("]")[0].strip(" [") for line in fields.splitlines()
                      if line.strip().endswith(t("label_applicant_email", "en")))
        assert asked("applicant_email", "en") in await console.says(number)
        summary = await console.says("john@smith-labs.io")
        assert "john@smith-labs.io" in summary and said("utter_candidacy_summary", "en") in summary
        await console.says("1")
    [candidacy] = candidacies_of(database_url, sender)
    assert candidacy.email == "john@smith-labs.io"


@pytest.mark.parametrize(("language", "request_text", "new", "stored"), [
    ("fr", "je veux modifier mon numéro de téléphone", "07 98 76 54 32", "+33798765432"),
    ("en", "change my email", "john@smith-labs.io", "john@smith-labs.io"),
])
async def test_an_answer_named_in_words_is_asked_again_at_once(assistant, database_url,
                                                               language, request_text, new,
                                                               stored):
    a, sender = ANSWERS[language], user()
    field = "applicant_phone" if language == "fr" else "applicant_email"
    async with Console(assistant, sender) as console:
        await console.says(a["apply_pass"], *happy_answers(language))
        again = await console.says(request_text)
        assert asked(field, language) in again
        assert said("utter_candidacy_which_field", language) not in again
        summary = await console.says(new)
        assert said("utter_candidacy_summary", language) in summary
        await console.says("1")
    [candidacy] = candidacies_of(database_url, sender)
    assert (candidacy.phone if language == "fr" else candidacy.email) == stored


def test_a_restart_in_the_middle_resumes_where_it_stopped(tmp_path):
    """Two real `ftbot run` processes on the same database: the second goes on."""
    url, a = seeded_database(tmp_path), ANSWERS["fr"]
    first = ftbot("run", "--sender", "restarter", database_url=url,
                  stdin="\n".join([a["apply_pass"], a["yes"], a["name"]]) + "\n")
    assert first.returncode == 0, first.stderr[-2000:]
    assert asked("applicant_email", "fr") in first.stdout.splitlines()[-1]
    rest = happy_answers("fr")[2:] + ["1"]
    second = ftbot("run", "--sender", "restarter", database_url=url,
                   stdin="\n".join(rest) + "\n")
    assert second.returncode == 0, second.stderr[-2000:]
    assert "NFT-" in second.stdout
    [candidacy] = candidacies_of(url, "restarter")
    check_stored_pass_candidacy(candidacy, "fr", "restarter")
