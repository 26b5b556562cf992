"""The candidacy actions on a real database, without the model: reading answers, buttons,
pre-check, submission."""

from __future__ import annotations

import pytest

from actions.candidacy_answers import is_interruption, named_field, read_answer
from actions.candidacy_common import NETWORK, SKIP, consent_time
from bot.db.candidacies import list_candidacies
from bot.db.session import session_scope
from tests.support.actions import complete_slots, endpoint, message
from tests.support.actions import run_candidacy_action as run_action
from tests.support.factories import make_programme, make_rule, make_settings, texts

TELEGRAM_CALLBACK_LIMIT = 64


@pytest.mark.parametrize(("msg", "interrupts"), [
    (message("c'est combien le pass ?", "ask_funding"), True),
    (message("combien ça rapporte", "ask_funding"), True),  # a question word, no "?"
    (message("tell me more about the ticket", "ask_programme_info"), True),  # a request
    (message("dis-moi en plus sur le pass", "ask_programme_info"), True),
    (message("parlez moi du ticket", "ask_programme_info"), True),
    (message("Une plateforme pour financer les PME", "ask_funding"), False),  # a pitch
    (message("annuler", "cancel"), True),
    (message("on veut annuler la paperasse des PME avec un outil simple", "cancel"), False),
    (message("annuler", "cancel", confidence=0.3), False),
    (message("/request_human", "request_human"), True),  # a button
    (message("/affirm", "affirm"), False),
    (message("Marie Dupont", "greet"), False),
    (message("quel dispositif est fait pour moi ?", "find_programme"), True),  # the advisor
    (message("Nous aidons les fondateurs à trouver le programme qui leur correspond, "
             "partout en France", "find_programme"), False),  # a pitch
])
def test_what_interrupts_the_form_and_what_is_an_answer(msg, interrupts):
    assert is_interruption(msg) is interrupts


@pytest.mark.parametrize(("msg", "slot", "interrupts"), [
    (message("Ma Startup", "find_programme", 0.73), "company_name", False),
    (message("Startup Finder", "find_programme", 0.86), "company_name", False),
    # where a project is described, only a question leaves the form for the advisor
    (message("a marketplace for local farmers in normandy", "find_programme", 0.8),
     "candidacy_pitch", False),
    (message("lequel est fait pour moi ?", "find_programme", 0.7), "candidacy_pitch", True),
    (message("je sais pas quel dispositif choisir", "find_programme", 0.97), "company_name",
     True),  # the NLU is sure
    (message("lequel est fait pour moi ?", "find_programme", 0.7), "company_name", True),
    (message("plus tard", "continue_later", 0.8), "company_name", True),
])
def test_where_a_name_is_asked_only_a_sure_request_leaves_the_form(msg, slot, interrupts):
    assert is_interruption(msg, slot) is interrupts
    assert (read_answer(slot, msg, None) is None) is interrupts


def test_answers_are_read_for_the_requested_question_only():
    assert read_answer("applicant_phone", message("passer", "skip"), None) == SKIP
    assert read_answer("applicant_phone", message("non", "deny"), None) == SKIP  # optional
    assert read_answer("applicant_name", message("non", "deny"), None) == "non"
    assert read_answer("candidacy_consent", message("oui", "affirm"), None) is True
    assert read_answer("candidacy_consent", message("/deny", "deny"), None) is False
    assert read_answer("candidacy_programme", message("rejoindre le réseau", "apply"),
                       None) == NETWORK
    assert read_answer("candidacy_programme", message("le pass", "apply", entities=[
        {"entity": "programme", "value": "pass_french_tech"}]), None) == "pass_french_tech"
    assert read_answer("applicant_email", message("c'est quoi le pass ?", "ask_programme_info"),
                       None) is None


@pytest.mark.parametrize(("typed", "field"), [
    ("je veux modifier mon email", "applicant_email"),
    ("il faut corriger mon telephone", "applicant_phone"),
    ("modifier le nom de l'entreprise", "company_name"),
    ("modifier le nom de l entreprise", "company_name"),
    ("change the company name", "company_name"),
    ("I made a typo in my name", "applicant_name"),
    ("oops wrong siren", "company_siren"),
    ("my city is wrong", "company_town"),
    ("je veux corriger la date de création", "company_founded_on"),
    ("je veux changer de dispositif", "candidacy_programme"),
    ("je me suis trompé", None),  # which answer: the buttons ask
])
def test_the_answer_to_change_is_read_from_the_request(typed, field):
    assert named_field(typed) == field


async def test_an_answer_named_in_the_request_is_forgotten_and_asked_again(database_url):
    result = await run_action("action_edit_candidacy", complete_slots(),
                              message("wrong email, let me fix it", "edit_candidacy"))
    assert result["responses"] == []
    assert {"event": "slot", "name": "applicant_email", "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in result["events"]]
    assert result["events"][-1]["event"] == "followup"


async def test_the_scheme_buttons_list_what_the_chat_takes_and_fit_telegram(database_url):
    with session_scope() as session:
        make_programme(session, "normandy_tech_40", candidacy={"questions": []})
        make_programme(session, "french_tech_hubs", candidacy=None)
    result = await run_action("action_ask_candidacy_programme", {})
    [response] = result["responses"]
    payloads = [b["payload"] for b in response["buttons"]]
    assert payloads == ['/apply{"candidacy_programme":"normandy_tech_40"}',
                        '/apply{"candidacy_programme":"network"}']
    assert all(len(p.encode()) <= TELEGRAM_CALLBACK_LIMIT for p in payloads)


async def test_every_answer_can_be_chosen_for_editing_with_a_button_that_fits_telegram(
        database_url):
    result = await run_action("action_edit_candidacy", complete_slots())
    [response] = result["responses"]
    assert response["response"] == "utter_candidacy_which_field"
    assert len(response["buttons"]) == 11
    assert all(len(b["payload"].encode()) <= TELEGRAM_CALLBACK_LIMIT
               for b in response["buttons"])
    chosen = await run_action("action_edit_candidacy", complete_slots(), message(
        "/edit_candidacy", "edit_candidacy",
        entities=[{"entity": "candidacy_field", "value": "applicant_email"}]))
    assert {"event": "slot", "name": "applicant_email", "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in chosen["events"]]
    assert chosen["events"][-1]["event"] == "followup"


async def test_the_summary_warns_of_each_rule_the_answers_contradict(database_url):
    with session_scope() as session:
        programme = make_programme(session, "bourse_french_tech", candidacy={"questions": []})
        make_rule(session, programme, "creation", {"stage_in": ["idea", "creation"]},
                  "Projet de création.", "A project.")
        make_rule(session, programme, "normandy", {"region_in": ["normandie"]},
                  "Startup normande.", "A Normandy startup.")
    result = await run_action("action_review_candidacy", complete_slots("bourse_french_tech"))
    warning, summary = result["responses"]
    assert warning["response"] == "utter_candidacy_warnings"
    assert "Projet de création. Or votre projet est : créée il y a 3 ans ou plus." in (
        warning["warnings"])
    assert "Startup normande. Or Brest n'est pas en Normandie." in warning["warnings"]
    assert "• Téléphone : (non renseigné)" in summary["summary"]
    assert [b["payload"] for b in summary["buttons"]] == ["/affirm", "/edit_candidacy",
                                                           "/cancel"]


async def test_a_town_without_postcode_still_tells_whether_it_is_in_normandy(database_url):
    with session_scope() as session:
        programme = make_programme(session, "pass_french_tech", candidacy={"questions": []})
        make_rule(session, programme, "normandy", {"region_in": ["normandie"]},
                  "Startup normande.", "A Normandy startup.")
    lyon = await run_action("action_review_candidacy",
                            complete_slots(company_town=["Lyon", None]))
    assert "Startup normande. Or Lyon n'est pas en Normandie." in lyon["responses"][0]["warnings"]
    caen = await run_action("action_review_candidacy",
                            complete_slots(company_town=["Caen", None]))
    assert caen["responses"][0]["response"] == "utter_candidacy_summary"


async def test_an_incomplete_candidacy_has_no_summary_and_cannot_be_sent(database_url):
    slots = complete_slots(candidacy_consent=None)
    assert (await run_action("action_review_candidacy", slots))["responses"] == []
    sent = await run_action("action_submit_candidacy", slots)
    assert sent["responses"][0]["response"] == "utter_candidacy_nothing_in_progress"
    with session_scope() as session:
        assert list_candidacies(session) == []


async def test_submitting_twice_gives_the_first_reference_and_stores_one(database_url):
    with session_scope() as session:
        make_settings(session)
        make_programme(session, "pass_french_tech", candidacy={"questions": []},
                       name=texts("Pass French Tech"))
    first = await run_action("action_submit_candidacy", complete_slots())
    second = await run_action("action_submit_candidacy", complete_slots())
    assert first["responses"][0]["response"] == "utter_candidacy_submitted"
    reference = first["responses"][0]["reference"]
    assert second["responses"][0]["response"] == "utter_candidacy_duplicate"
    assert second["responses"][0]["reference"] == reference
    with session_scope() as session:
        [stored] = list_candidacies(session)
        assert (stored.reference, stored.in_normandy, stored.phone) == (reference, False, None)
    # both end the form: every answer is forgotten
    assert {e["name"] for e in second["events"] if e["event"] == "slot"} >= {
        "applicant_name", "candidacy_consent", "candidacy_programme"}


async def validate(slot: str, typed: object, slots: dict | None = None) -> dict:
    """The form's validation of `typed` for `slot`: read from a message when it is text (or
    a yes), else as a value already in the slot (the form re-checks what it stored)."""
    typed_in = isinstance(typed, str) or typed is True
    tracker_slots = {"requested_slot": slot if typed_in else None, **(slots or {})}
    latest = message("/affirm", "affirm") if typed is True else message(str(typed))
    result = await endpoint().request(json={
        "next_action": "validate_candidacy_form", "sender_id": "applicant-1",
        "tracker": {"sender_id": "applicant-1",
                    "slots": {"language": "fr", **tracker_slots, slot: typed},
                    "latest_message": {"metadata": {}, **latest},
                    "events": [{"event": "user", "text": str(typed), "parse_data": latest},
                               {"event": "slot", "name": slot, "value": typed}],
                    "paused": False, "followup_action": None,
                    "active_loop": {"name": "candidacy_form"},
                    "latest_action_name": "action_listen"},
        "domain": {"slots": {slot: {}}, "forms": {"candidacy_form": {
            "required_slots": [slot]}}}, "version": "3.6.2"})
    return {e["name"]: e["value"] for e in result["events"] if e["event"] == "slot"}


@pytest.mark.parametrize("typed", ["2020-01-01", "2026-11-28T10:00:00+00:00",
                                   "peut-être", "/affirm"])
async def test_consent_is_only_an_explicit_yes(database_url, typed):
    assert (await validate("candidacy_consent", typed))["candidacy_consent"] is None


@pytest.mark.parametrize("typed", ["oui", "d'accord", True])
async def test_a_yes_records_consent_with_its_time(database_url, typed):
    stored = (await validate("candidacy_consent", typed))["candidacy_consent"]
    assert consent_time(stored) is not None


@pytest.mark.parametrize("typed", ["2999-12-31", "2024-02-30", "1850-05-01",
                                   {"founded_on": "2999-12-31"}, {"founded_on": "2024-02-30"}])
async def test_a_founding_date_outside_the_question_is_refused(database_url, typed):
    assert (await validate("company_founded_on", typed))["company_founded_on"] is None


async def test_a_founding_date_is_stored_in_a_shape_typed_text_cannot_take(database_url):
    stored = (await validate("company_founded_on", "15/03/2024"))["company_founded_on"]
    assert stored == {"founded_on": "2024-03-15"}
    assert (await validate("company_founded_on", stored))["company_founded_on"] == stored


async def test_a_typed_date_in_the_stored_format_is_checked_like_any_answer(database_url):
    assert (await validate("company_founded_on", "2024-03-15"))["company_founded_on"] == {
        "founded_on": "2024-03-15"}


@pytest.mark.parametrize("typed", [["Caen", "1400"], ["", None], ["Caen", 14000], "Caen 14000"])
async def test_a_town_is_read_from_text_or_kept_only_in_its_checked_shape(database_url, typed):
    town = (await validate("company_town", typed))["company_town"]
    assert town == (["Caen", "14000"] if typed == "Caen 14000" else None)


async def test_a_summary_never_shows_an_impossible_date(database_url):
    slots = complete_slots(company_founded_on="2024-02-30")
    assert (await run_action("action_review_candidacy", slots))["responses"] == []


async def test_the_longest_answers_the_form_accepts_are_stored(database_url):
    """On PostgreSQL too, where a value over its column's width is an error."""
    from bot.candidacy.validation import COMPANY_MAX, NAME_MAX, TOWN_MAX

    with session_scope() as session:
        make_settings(session)
        make_programme(session, "pass_french_tech", candidacy={"questions": []})
    slots = complete_slots(applicant_name="M" * NAME_MAX, company_name="C" * COMPANY_MAX,
                           company_town=["T" * TOWN_MAX, "14000"])
    sent = await run_action("action_submit_candidacy", slots)
    assert sent["responses"][0]["response"] == "utter_candidacy_submitted"
    with session_scope() as session:
        [stored] = list_candidacies(session)
        assert (len(stored.company), len(stored.town)) == (COMPANY_MAX, TOWN_MAX)
