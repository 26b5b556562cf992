"""What the candidacy form hears, without the model: relative founding dates, and which
messages at a step are answered by the form itself rather than taken as the answer."""

from __future__ import annotations

from datetime import date

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.candidacy_answers import read_answer
from actions.candidacy_dates import Reading, confirmed_date, read_relative, written_precision
from actions.candidacy_hear import correction, fresh, hear
from actions.texts import t

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(("text", "future", "day", "precision"), [
    ("l'an dernier", False, date(2025, 1, 1), "year"),
    ("l’année dernière", False, date(2025, 1, 1), "year"),
    ("last year", False, date(2025, 1, 1), "year"),
    ("l'an prochain", True, date(2027, 1, 1), "year"),
    ("septembre prochain", False, date(2027, 9, 1), "month"),
    ("next september", False, date(2027, 9, 1), "month"),
    ("next spring", False, date(2027, 3, 1), "month"),
    ("au printemps dernier", True, date(2026, 3, 1), "month"),
    ("en mars", False, date(2026, 3, 1), "month"),  # a company already founded: past
    ("en mars", True, date(2027, 3, 1), "month"),  # an idea: to come
    # a number of years or months ago (or to come) is that year or that month: no day
    # nobody said ("7 décembre 2024" would be invented)
    ("il y a 2 ans", False, date(2024, 1, 1), "year"),
    ("dans 6 mois", True, date(2027, 6, 1), "month"),
    ("le mois dernier", False, date(2026, 11, 1), "month"),
    ("il y a 3 semaines", False, date(2026, 11, 16), "day"),
    ("cet été", True, date(2026, 6, 1), "month"),  # this year's, said in December
])
def test_relative_dates_are_read(text, future, day, precision):
    assert read_relative(text, TODAY, future) == Reading(day, precision)


@pytest.mark.parametrize(("text", "precision"), [
    ("15/03/2021", "day"), ("le 15 mars 2024", "day"), ("March 15, 2024", "day"),
    ("2024-03-15", "day"), ("mars 2024", "month"), ("March 2024", "month"), ("2019", "year"),
])
def test_a_written_date_is_as_precise_as_it_is_written(text, precision):
    assert written_precision(text) == precision


@pytest.mark.parametrize("text", ["15/03/2024", "mars 2024", "2019", "March 15, 2024",
                                  "n'importe quand", "", "Mobilis"])
def test_dates_written_in_full_or_no_date_are_not_relative(text):
    assert read_relative(text, TODAY) is None


def test_a_reading_is_shown_as_precisely_as_it_was_said_and_kept_in_its_slot():
    assert Reading(date(2025, 1, 1), "year").shown("fr") == "2025"
    assert Reading(date(2027, 9, 1), "month").shown("fr") == "septembre 2027"
    assert Reading(date(2027, 3, 1), "month").shown("en") == "March 2027"
    reading = Reading(date(2027, 9, 1), "month")
    assert Reading.of(reading.slot()) == reading
    assert Reading.of("2027-09-01") is None and Reading.of({"founded_on": "x"}) is None


@pytest.mark.parametrize(("answer", "result"), [
    (True, date(2025, 1, 1)), ("oui", date(2025, 1, 1)), ("Yes!", date(2025, 1, 1)),
    (False, False), ("non", False), ("2024", None)])
def test_the_confirmation_of_a_date(answer, result):
    assert confirmed_date({"founded_on": "2025-01-01", "precision": "year"}, answer) == result
    assert confirmed_date(None, answer) is None  # nothing waits to be confirmed


def test_next_spring_is_a_date_whatever_the_nlu_made_of_it():
    next_spring = {"text": "next spring", "intent": {"name": "skip", "confidence": 0.85}}
    assert read_answer("company_founded_on", next_spring, None) == "next spring"
    assert read_answer("applicant_phone", next_spring, None) != "next spring"


def tracker(text: str, intent: str = "nlu_fallback", confidence: float = 0.5,
            requested: str = "company_town", actions: tuple[str, ...] = (), **slots) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": confidence},
               "entities": []}
    events = [{"event": "user", "text": text, "parse_data": message},
              {"event": "action", "name": "action_extract_slots"},
              *({"event": "action", "name": name} for name in actions),
              {"event": "action", "name": "candidacy_form"}]
    return Tracker("applicant", {"language": "fr", "requested_slot": requested, **slots},
                   message, events, False, None, {"name": "candidacy_form"}, "action_listen")


def heard(text: str, requested: str = "company_town", **kwargs) -> tuple[list | None, str]:
    dispatcher = CollectingDispatcher()
    events = hear(dispatcher, tracker(text, requested=requested, **kwargs), requested,
                  lambda slot, value: {slot: value})
    return events, "\n".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.mark.parametrize(("text", "requested", "key"), [
    ("vous revendez mes données ?", "candidacy_consent", "form_data"),
    ("qui va lire mes données", "candidacy_consent", "form_data"),
    ("wait, how long does the form take?", "candidacy_consent", "form_time"),
    ("c'est quoi un SIREN ?", "company_siren", "help_company_siren"),
    ("jsp c quoi un siren", "company_name", "help_company_siren"),
    ("what's a SIREN?", "company_siren", "help_company_siren"),
    ("c'est-à-dire ?", "candidacy_pitch", "help_candidacy_pitch"),
    ("where do I find it?", "company_siren", "help_company_siren"),
    ("what's the difference?", "company_stage", "help_company_stage"),
    ("is it mandatory?", "candidacy_consent", "need_consent"),
    ("c'est obligatoire ?", "applicant_phone", "hesitation_optional"),
    ("c'est obligatoire ?", "company_town", "need_required"),
])
def test_questions_about_the_form_are_answered_by_the_form(database_url, text, requested,
                                                            key):
    events, said = heard(text, requested)
    assert any(t(key, language, count=0, email="")[:25] in said for language in ("fr", "en"))
    assert {"event": "slot", "name": "requested_slot", "value": requested} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]
    assert not any(e.get("name") == requested for e in events)  # nothing stored as the answer


@pytest.mark.parametrize(("text", "requested", "skip"), [
    ("on hésite encore entre Caen et Rennes", "company_town", False),
    ("je sais pas encore", "company_siren", True),
    ("jsp", "applicant_phone", True),
    ("not sure yet", "scheme_answer_1", False),
    ("je sais pas trop", "candidacy_consent", False),
])
def test_a_hesitation_says_what_is_needed_and_offers_a_skip_where_allowed(
        database_url, text, requested, skip):
    dispatcher = CollectingDispatcher()
    events = hear(dispatcher, tracker(text, requested=requested), requested, dict)
    assert events is not None
    [message] = dispatcher.messages
    assert message["text"].startswith(t("hesitation", "fr", expected=""))
    titles = [b["title"] for b in message["buttons"]]
    assert (t("button_skip", "fr") in titles) is skip
    assert t("button_later", "fr") in titles


@pytest.mark.parametrize(("text", "requested"), [
    ("Caen 14000", "company_town"), ("Marie Dupont", "applicant_name"),
    ("Qui Mange Quoi", "company_name"), ("Où Aller", "company_name"),
    ("/skip", "company_siren"), ("septembre prochain", "company_founded_on"),
    ("Nous ne savons pas encore tout, mais notre plateforme aide les PME normandes à trouver "
     "des financements et des partenaires.", "candidacy_pitch"),
    ("Une appli pour qui cherche un local ? Nous aidons les artisans à en trouver.",
     "candidacy_pitch"),
])
def test_answers_are_left_to_the_form(database_url, text, requested):
    events, said = heard(text, requested)
    assert events is None and said == ""


@pytest.mark.parametrize(("text", "requested", "confidence", "heard_here"), [
    ("merci !", "candidacy_programme", 1.0, True),
    ("merci !", "candidacy_consent", 0.85, True),
    ("Merci", "company_name", 0.85, False),  # where a name is asked, only a sure one
    ("merci pour tout, voici notre projet de plateforme", "candidacy_pitch", 0.9, False),
])
def test_a_thank_you_is_acknowledged_not_taken_as_the_answer(database_url, text, requested,
                                                            confidence, heard_here):
    dispatcher = CollectingDispatcher()
    events = hear(dispatcher, tracker(text, "thank", confidence, requested), requested, dict)
    assert (events is not None) is heard_here
    if heard_here:
        assert dispatcher.messages[0]["text"] == t("social_thank", "fr")


def test_what_the_rules_answer_is_left_to_them(database_url):
    dispatcher = CollectingDispatcher()
    message = tracker("plus tard", "continue_later", 0.92)
    assert hear(dispatcher, message, "company_town", dict) is None
    assert dispatcher.messages == []


def test_the_form_hears_only_the_message_itself_not_again_after_a_rule():
    assert fresh(tracker("c'est quoi le pass ?"))
    assert not fresh(tracker("c'est quoi le pass ?", actions=("action_programme_info",)))


@pytest.mark.parametrize(("text", "requested", "found"), [
    ("en fait mon email c'est marie.d@exemple.fr", "company_town",
     ("applicant_email", "marie.d@exemple.fr")),
    ("sorry, my phone is 06 12 34 56 78", "company_name",
     ("applicant_phone", "06 12 34 56 78")),
    ("en fait mon email c'est marie.d@exemple.fr", "applicant_email", None),  # the answer
    ("Marie Dupont", "applicant_email", None),
])
def test_a_correction_names_an_earlier_answer_and_its_new_value(text, requested, found):
    slots = {"applicant_email": "marie@exemple.fr", "applicant_phone": "+33612345678"}
    assert correction(tracker(text, requested=requested, **slots), requested) == found


@pytest.mark.parametrize(("text", "value"), [
    ("attends je me suis trompé d'email, c'est camille.m@gmail.com", "camille.m@gmail.com"),
    ("sorry, my phone is 06 12 34 56 78", "06 12 34 56 78"),
    ("correction : ACME SAS", "ACME SAS"),
])
def test_a_corrections_new_value_is_the_last_one_said(text, value):
    from actions.candidacy_hear import NEW_VALUE

    assert NEW_VALUE.search(text).group("value") == value
