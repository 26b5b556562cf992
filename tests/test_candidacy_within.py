"""The candidacy form never traps a person: a wish for another scheme said at any step switches
the candidacy, and an answer said inside a sentence is kept, the question beside it answered."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.candidacy_answers import switched_scheme, wished_scheme
from actions.candidacy_within import answer_within, listen
from actions.texts import t


def said(text: str, scheme: str | None = "bourse_french_tech") -> dict:
    entities = [{"entity": "programme", "value": scheme}] if scheme else []
    return {"text": text, "intent": {"name": "ask_knowledge", "confidence": 0.95},
            "entities": entities}


@pytest.mark.parametrize(("text", "slot"), [
    ("Actually wait, I'd rather apply for the Bourse French Tech instead", "candidacy_consent"),
    ("Actually wait, I'd rather apply for the Bourse French Tech instead", "applicant_name"),
    ("en fait non, je préfère plutôt la Bourse French Tech", "applicant_name"),
    ("je veux changer pour la Bourse French Tech", "applicant_email"),
    ("en fait non, je préfère plutôt la Bourse French Tech, on n'a pas encore créé la boîte",
     "applicant_phone"),
    ("that wasn't my name!! I said I want to switch to the Bourse", "applicant_email"),
    ("can I switch to the Bourse instead?", "company_town"),
    ("non la bourse", "company_stage"),
])
def test_a_wish_for_another_scheme_switches_at_any_step(text, slot):
    assert switched_scheme(said(text), "pass_french_tech", slot) == "bourse_french_tech"


@pytest.mark.parametrize(("text", "slot"), [
    ("c'est mieux la bourse ou le pass pour nous ?", "applicant_name"),
    ("la bourse c'est combien ?", "applicant_email"),
    ("non, on n'a pas de SIREN : on a eu la Bourse French Tech l'an dernier mais la boîte "
     "n'est pas encore créée", "company_siren"),
    ("Nous préférons une plateforme simple, après la Bourse French Tech obtenue l'an dernier",
     "candidacy_pitch"),
    ("plutôt du financement d'amorçage, un peu comme ce que propose la Bourse French Tech",
     "scheme_answer_1"),
])
def test_a_scheme_only_named_is_no_switch(text, slot):
    assert switched_scheme(said(text), "pass_french_tech", slot) is None


def test_a_wish_for_the_candidacys_own_scheme_is_no_switch_but_is_heard():
    message = said("je veux changer pour la Bourse French Tech")
    assert switched_scheme(message, "bourse_french_tech", "applicant_email") is None
    assert wished_scheme(message, "applicant_email") == "bourse_french_tech"


@pytest.mark.parametrize(("text", "requested", "answer", "question"), [
    ("je viens de vous la donner : karim@medibot.fr", "applicant_email", "karim@medibot.fr",
     False),
    ("karim@medibot.fr. au fait le pass c'est sélectif ?", "applicant_email",
     "karim@medibot.fr", True),
    ("my email is lea@medibot.io if that helps", "applicant_email", "lea@medibot.io", False),
    ("mon numéro c'est le 06 12 34 56 78, mais je réponds pas le matin", "applicant_phone",
     "06 12 34 56 78", False),
    ("lea martin. c bpi qui decide ou vous ?", "applicant_name", "lea martin", True),
    ("Lea Martin. who picks the winners, you or Bpi?", "applicant_name", "Lea Martin", True),
    ("Medibot. vous faites quoi de mes données ?", "company_name", "Medibot", True),
    ("Rouen. c'est bien en Normandie ?", "company_town", "Rouen", True),
])
def test_an_answer_inside_a_sentence_is_taken_out_of_it(text, requested, answer, question):
    found = answer_within(text, requested)
    assert found is not None and found[0] == answer
    assert ("?" in found[1]) is question


@pytest.mark.parametrize(("text", "requested"), [
    ("karim@medibot.fr", "applicant_email"),  # the answer alone: the form reads it
    ("06 12 34 56 78", "applicant_phone"),
    ("Lea Martin", "applicant_name"),
    ("Salut. c'est quoi le pass ?", "company_name"),  # an opening, not a company's name
    ("Merci. how long does this take?", "company_name"),
    ("Léa. vous êtes qui ?", "applicant_name"),  # a first name alone is asked again
    ("En fait. c'est obligatoire ?", "company_town"),
    ("Le pass. c'est sélectif ?", "company_name"),
    ("Qui Mange Quoi", "company_name"),
    ("a@b.fr ou c@d.fr, je sais pas lequel", "applicant_email"),  # two: which one is asked
])
def test_what_is_not_an_answer_inside_a_sentence_is_left_whole(text, requested):
    assert answer_within(text, requested) is None


def _tracker(text: str, requested: str, intent: str = "ask_knowledge") -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.95}, "entities": []}
    events = [{"event": "user", "text": text, "parse_data": message},
              {"event": "action", "name": "action_extract_slots"},
              {"event": "action", "name": "candidacy_form"}]
    return Tracker("applicant", {"language": "fr", "requested_slot": requested}, message,
                   events, False, None, {"name": "candidacy_form"}, "action_listen")


def test_the_form_reads_the_answer_and_answers_the_question_beside_it(database_url):
    dispatcher = CollectingDispatcher()
    tracker, said, heard = listen(dispatcher, _tracker(
        "karim@medibot.fr. au fait ça prend combien de temps ?", "applicant_email"),
        "applicant_email", dict)
    assert heard is None and tracker.latest_message["text"] == "karim@medibot.fr"
    assert t("form_time", "fr", count=0)[:12] in dispatcher.messages[0]["text"]
    assert not any(event.get("name") == "requested_slot" for event in said)  # the form goes on


def test_an_answer_alone_is_left_to_the_form(database_url):
    dispatcher = CollectingDispatcher()
    tracker, said, heard = listen(dispatcher, _tracker("karim@medibot.fr", "applicant_email",
                                                       "nlu_fallback"), "applicant_email", dict)
    assert (tracker.latest_message["text"], said, heard) == ("karim@medibot.fr", [], None)
    assert dispatcher.messages == []
