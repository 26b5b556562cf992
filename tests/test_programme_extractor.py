"""Scheme names are found by dictionary: exact forms, spacing and accents ignored, close
typos of long names accepted, small words never taken for a scheme."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.assistant.programme_extractor import ProgrammeExtractor, compact, find, learn_forms


def forms(**by_key: list[str]) -> dict[str, str]:
    return {compact(form): key for key, surfaces in by_key.items() for form in surfaces}


FORMS = forms(
    bourse_french_tech=["bourse french tech", "bourse", "bft"],
    pass_french_tech=["pass french tech", "pass", "le pass"],
    french_tech_ticket=["french tech ticket", "ticket"],
    normandy_tech_40=["normandy tech 40", "nt40"],
    progenn=["progenn"],
    accelerateur=["accélérateur"],
)


def keys(text: str) -> list[str]:
    return [m.key for m in find(text, FORMS)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("c'est quoi la bourse french tech ?", ["bourse_french_tech"]),
        ("BOURSE FRENCHTECH", ["bourse_french_tech"]),  # spacing and case
        ("infos sur la bourse frenchteck", ["bourse_french_tech"]),  # typo, long form
        ("le Pass-French-Tech", ["pass_french_tech"]),  # hyphens
        ("NT 40 c'est quoi", ["normandy_tech_40"]),  # digits, a space inside
        ("l'accelerateur", ["accelerateur"]),  # accent missing, elided article
        ("l'accélérateur normand", ["accelerateur"]),
        ("progen ?", ["progenn"]),  # one letter short of a long form
        ("compare the ticket and the bourse", ["french_tech_ticket", "bourse_french_tech"]),
        ("je passe demain", []),  # "passe" is not "pass": short forms are exact only
        ("quelle est la french tech", []),  # the network is not a scheme
        ("bonjour", []),
    ],
)
def test_names_as_people_type_them(text, expected):
    assert keys(text) == expected


def test_the_span_points_at_the_name_in_the_original_text():
    text = "Et la Bourse Frénch Tech alors ?"
    [match] = find(text, FORMS)
    assert text[match.start:match.end] == "Bourse Frénch Tech"
    assert match.score == 100.0


def test_an_approximate_match_never_swallows_the_small_words_around_it():
    text = "la bourse frenchteck et le pass"
    found = find(text, FORMS)
    assert [(text[m.start:m.end], m.key) for m in found] == [
        ("bourse frenchteck", "bourse_french_tech"), ("pass", "pass_french_tech")]


def test_forms_are_learnt_from_annotations_and_synonyms():
    example = Message(data={"text": "infos sur le tikcet svp", "intent": "ask_programme_info",
                            "entities": [{"entity": "programme", "start": 13, "end": 19,
                                          "value": "french_tech_ticket"}]})
    data = TrainingData([example], entity_synonyms={"FTT": "french_tech_ticket"})
    learnt = learn_forms(data)
    assert learnt == {"tikcet": "french_tech_ticket", "ftt": "french_tech_ticket",
                      "frenchtechticket": "french_tech_ticket"}


def test_the_component_adds_one_entity_per_scheme_and_keeps_the_others():
    extractor = ProgrammeExtractor({}, None, None, forms=FORMS)
    message = Message(data={"text": "bft ou bourse french tech ?",
                            "entities": [{"entity": "target", "value": "all"}]})
    extractor.process([message])
    assert [(e["entity"], e["value"]) for e in message.get("entities")] == [
        ("target", "all"), ("programme", "bourse_french_tech")]
