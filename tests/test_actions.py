"""Custom actions answer from a real SQLite database, run through the in-process endpoint."""

from __future__ import annotations

import pytest

from bot.db.session import session_scope
from tests.support.actions import run_action
from tests.support.factories import make_event, make_programme, make_rule, make_settings, texts


def only_response(result: dict) -> dict:
    assert len(result["responses"]) == 1, result["responses"]
    return result["responses"][0]


async def test_programme_info_comes_from_the_database(database_url):
    with session_scope() as session:
        make_programme(session, "pass_french_tech",
                       summary=texts("Un pass très spécial.", "A very special pass."),
                       offer=texts("Du mentorat.", "Mentoring."))
    fr = only_response(await run_action("action_programme_info", programme="pass_french_tech"))
    en = only_response(await run_action("action_programme_info", programme="pass_french_tech",
                                        language="en"))
    assert fr["response"] == "utter_programme_info"
    assert (fr["summary"], fr["offer"], fr["date"]) == ("Un pass très spécial.", "Du mentorat.",
                                                        "1er octobre 2015")
    assert (en["summary"], en["offer"], en["date"]) == ("A very special pass.", "Mentoring.",
                                                        "October 1, 2015")


async def test_known_funding_shows_the_amount(database_url):
    with session_scope() as session:
        make_programme(session, "bourse_french_tech", funding_amount_eur=30000,
                       funding=texts("Subvention.", "Grant."))
    answer = only_response(await run_action("action_funding", programme="bourse_french_tech"))
    assert answer["response"] == "utter_funding"
    assert answer["funding"] == "30\u202f000 €. Subvention."


async def test_funding_without_an_amount_says_who_can_tell(database_url):
    with session_scope() as session:
        make_programme(session, "pass_french_tech", funding=texts("Un volet financier.",
                                                                  "A financial part."))
        make_settings(session, email="equipe@example.org")
    answer = only_response(await run_action("action_funding", programme="pass_french_tech"))
    assert answer["response"] == "utter_funding_no_amount"
    assert answer["email"] == "equipe@example.org"


async def test_unknown_funding_is_said_to_be_unknown_with_the_contact(database_url):
    with session_scope() as session:
        make_programme(session, "progenn", contact=texts("ecrire a x@y.fr", "write to x@y.fr"))
    answer = only_response(await run_action("action_funding", programme="progenn"))
    assert answer["response"] == "utter_funding_unknown"
    assert answer["contact"] == "ecrire a x@y.fr"


async def test_eligibility_lists_each_structured_rule(database_url):
    with session_scope() as session:
        ticket = make_programme(session, "french_tech_ticket",
                                eligibility_summary=texts("Pour l'étranger.", "For abroad."))
        make_rule(session, ticket, "founder_from_abroad", {"founder_foreign": True},
                  "Être étranger.", "Being foreign.")
        make_rule(session, ticket, "startup_created_in_france", {"company_country_in": ["FR"]},
                  "Créer en France.", "Starting in France.")
    answer = only_response(await run_action("action_eligibility", programme="french_tech_ticket",
                                            language="en"))
    assert answer["eligibility"] == "For abroad."
    assert answer["rules"] == "• Being foreign.\n• Starting in France."  # no ✓: nothing known


async def test_deadline_and_application_unknown_say_so(database_url):
    with session_scope() as session:
        make_programme(session, "pass_french_tech")
    deadline = only_response(await run_action("action_deadline", programme="pass_french_tech"))
    process = only_response(await run_action("action_application_process",
                                             programme="pass_french_tech"))
    assert deadline["response"] == "utter_deadline_unknown"
    assert process["response"] == "utter_application_process_unknown"


async def test_without_a_programme_it_asks_which_with_buttons(database_url):
    with session_scope() as session:
        make_programme(session, "bourse_french_tech", position=0)
        make_programme(session, "pass_french_tech", position=1)
    answer = only_response(await run_action("action_funding", language="en"))
    assert answer["response"] == "utter_which_programme"
    assert [b["payload"] for b in answer["buttons"]] == [
        '/ask_funding{"programme":"bourse_french_tech"}',
        '/ask_funding{"programme":"pass_french_tech"}',
    ]
    assert answer["buttons"][0]["title"] == "Name bourse_french_tech"


async def test_a_programme_missing_from_the_database_is_said_and_forgotten(database_url):
    with session_scope() as session:
        make_programme(session, "bourse_french_tech")
    result = await run_action("action_programme_info", programme="accelerateur")
    assert [r["response"] for r in result["responses"]] == ["utter_programme_unknown",
                                                           "utter_which_programme"]
    assert result["events"] == [
        {"event": "slot", "timestamp": None, "name": "last_question",
         "value": "ask_programme_info"},
        {"event": "slot", "timestamp": None, "name": "programme", "value": None}]


async def test_list_programmes_has_a_button_per_programme(database_url):
    with session_scope() as session:
        for position, key in enumerate(("bourse_french_tech", "pass_french_tech", "progenn")):
            make_programme(session, key, position=position)
    answer = only_response(await run_action("action_list_programmes"))
    assert answer["programmes"].count("•") == 3
    assert answer["buttons"][2]["payload"] == '/ask_programme_info{"programme":"progenn"}'


async def test_events_lists_only_upcoming_ones_in_paris_time(database_url):
    with session_scope() as session:
        make_event(session, "Ancien", in_days=-3)
        make_event(session, "Demo day", in_days=5)
        make_event(session, "Annulé", in_days=6, cancelled=True)
    answer = only_response(await run_action("action_events"))
    assert answer["response"] == "utter_events"
    assert "Demo day" in answer["events"] and "Seine Innopolis" in answer["events"]
    assert "Ancien" not in answer["events"] and "Annulé" not in answer["events"]


async def test_no_upcoming_event_names_the_last_one(database_url):
    with session_scope() as session:
        make_event(session, "Comité", in_days=-30, place=None)
    answer = only_response(await run_action("action_events", language="en"))
    assert answer["response"] == "utter_no_events"
    assert answer["last_event"].startswith("Comité — ")


async def test_contact_uses_the_settings_kept_by_staff(database_url):
    with session_scope() as session:
        make_settings(session, email="equipe@example.org")
    answer = only_response(await run_action("action_contact"))
    assert (answer["email"], answer["network"]) == ("equipe@example.org", "Normandy French Tech")


@pytest.mark.parametrize(
    ("text", "current", "metadata", "expected"),
    [
        ("what is the pass french tech about?", "fr", {}, "en"),
        ("c'est quoi le pass french tech ?", "en", {}, "fr"),
        ("ok", "en", {}, []),  # too short to tell: keep the conversation's language
        ("what is it?", "fr", {"language": "fr", "language_locked": True}, []),
        ('/ask_funding{"programme":"progenn"}', "en", {}, []),
        # data, not language: an address, a URL, a number, a name keep the language as it was
        ("jean.dupont@example.org", "fr", {}, []),
        ("contact: anna.smith@startup.io", "fr", {}, []),
        ("https://www.my-startup.com/about", "fr", {}, []),
        ("www.acme-robotics.fr", "en", {}, []),
        ("06 12 34 56 78", "en", {}, []),
        ("SIREN 552 100 554", "en", {}, []),
        ("Jean-Baptiste Durand", "en", {}, []),
        ("Happy Robotics Company", "fr", {}, []),
        ("@annasmith", "fr", {}, []),
        ("Hello", "fr", {}, "en"),  # one capitalised word is a greeting, not a name
        # a language asked for in words, in the other one
        ("en fait je parle anglais", "fr", {}, "en"),
        ("can you answer in French please?", "en", {}, "fr"),
        ("Parlez-vous anglais ?", "fr", {}, "en"),
        ("English!", "fr", {}, "en"),
        ("la french tech c'est quoi", "en", {}, "fr"),  # a brand, not a request
    ],
)
async def test_language_follows_the_user(database_url, text, current, metadata, expected):
    result = await run_action("action_set_language", text=text, metadata=metadata,
                              current_language=current)
    events = result["events"]
    if expected == []:
        assert events == []
    else:
        assert events == [{"event": "slot", "timestamp": None, "name": "language",
                           "value": expected}]


def test_event_times_are_written_the_french_or_english_way():
    from datetime import datetime, timezone

    from actions.common import event_when
    from bot.db.models import Event

    event = Event(starts_at=datetime(2030, 2, 1, 9, 0, tzinfo=timezone.utc),
                  date_precision="minute")
    assert event_when(event, "fr") == "1er février 2030, 10:00"  # Paris is UTC+1 in winter
    assert event_when(event, "en") == "1 February 2030, 10:00"
    event.date_precision = "month"
    assert event_when(event, "en") == "February 2030"


async def test_capabilities_name_the_schemes_the_database_holds(database_url):
    with session_scope() as session:
        make_programme(session, "pass_french_tech", name=texts("Pass Renommé", "Renamed Pass"))
        make_programme(session, "progenn", name=texts("PROGENN", "PROGENN"))
    fr = only_response(await run_action("action_capabilities"))
    en = only_response(await run_action("action_capabilities", language="en"))
    assert fr["response"] == "utter_capabilities"
    assert "Pass Renommé" in fr["programmes"] and "PROGENN" in fr["programmes"]
    assert "Renamed Pass" in en["programmes"]


@pytest.mark.parametrize("forged", [{"a": 1}, ["pass_french_tech"], 7])
async def test_a_programme_slot_that_is_no_key_reads_as_no_programme(database_url, forged):
    with session_scope() as session:
        make_programme(session, "pass_french_tech")
    answer = only_response(await run_action("action_programme_info", programme=forged))
    assert answer["response"] == "utter_which_programme"
    contact = await run_action("action_contact", programme=forged)
    assert contact["responses"][0]["response"] == "utter_contact"


def hesitation(first: tuple[str, float], second: tuple[str, float]) -> dict:
    """What the FallbackClassifier leaves when the classifier hesitated between two intents."""
    return {"intent": {"name": "nlu_fallback", "confidence": 0.6},
            "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.6},
                               {"name": first[0], "confidence": first[1]},
                               {"name": second[0], "confidence": second[1]},
                               {"name": "greet", "confidence": 0.02}]}


async def test_a_hesitation_between_two_intents_offers_both_as_buttons(database_url):
    answer = only_response(await run_action(
        "action_fallback", language="en", text="pass french tech money when",
        entities=[{"entity": "programme", "value": "pass_french_tech", "start": 0, "end": 16}],
        parsed=hesitation(("ask_funding", 0.38), ("ask_deadline", 0.33))))
    assert answer["response"] == "utter_did_you_mean"
    assert [(b["title"], b["payload"]) for b in answer["buttons"]] == [
        ("The funding", '/ask_funding{"programme": "pass_french_tech"}'),
        ("The deadlines", '/ask_deadline{"programme": "pass_french_tech"}'),
        ("Talk to a person", "/request_human"),
    ]


@pytest.mark.parametrize(("first", "second"), [
    (("ask_funding", 0.30), ("ask_deadline", 0.10)),  # no real second candidate
    (("ask_funding", 0.20), ("ask_deadline", 0.18)),  # together, still too unsure
    (("greet", 0.40), ("ask_funding", 0.35)),  # a greeting has no answer worth a button
])
async def test_a_vague_guess_gets_the_plain_fallback(database_url, first, second):
    answer = only_response(await run_action("action_fallback", text="hmm",
                                            parsed=hesitation(first, second)))
    assert answer["response"] == "utter_default"


async def test_out_of_scope_offers_a_person_and_no_scheme_fact(database_url):
    answer = only_response(await run_action(
        "action_fallback", text="quel est le taux de tva",
        parsed={"intent": {"name": "out_of_scope", "confidence": 0.9}}))
    assert answer["response"] == "utter_out_of_scope"


async def test_a_question_naming_several_schemes_is_answered_for_each(database_url):
    with session_scope() as session:
        make_programme(session, "bourse_french_tech", summary=texts("Une bourse."))
        make_programme(session, "pass_french_tech", summary=texts("Un pass."))
    entities = [{"entity": "programme", "value": "bourse_french_tech"},
                {"entity": "programme", "value": "pass_french_tech"},
                {"entity": "programme", "value": "bourse_french_tech"}]
    result = await run_action("action_programme_info", programme="pass_french_tech",
                              text="c'est quoi la différence entre la bourse et le pass ?",
                              entities=entities)
    assert [r["summary"] for r in result["responses"]] == ["Une bourse.", "Un pass."]


async def test_a_message_not_understood_about_a_scheme_asks_what_about_it(database_url):
    with session_scope() as session:
        make_programme(session, "pass_french_tech")
    answer = only_response(await run_action(
        "action_fallback", text="et le truc là ?", programme="pass_french_tech",
        parsed={"intent": {"name": "nlu_fallback", "confidence": 0.3}, "intent_ranking": []}))
    assert answer["response"] == "utter_clarify_scheme"
    assert answer["buttons"][0]["payload"] == '/ask_programme_info{"programme": "pass_french_tech"}'
    assert answer["buttons"][-1]["payload"] == "/request_human"


async def test_a_message_not_understood_with_no_scheme_in_mind_is_said_so(database_url):
    answer = only_response(await run_action(
        "action_fallback", text="blorf",
        parsed={"intent": {"name": "nlu_fallback", "confidence": 0.3}, "intent_ranking": []}))
    assert answer["response"] == "utter_default"
