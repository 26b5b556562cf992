"""The programme entity is always a canonical key, whatever the spelling."""

from __future__ import annotations

import pytest

from bot.assistant.nlu_components import ProgrammeNormalizer, normalise

SYNONYMS = {"bft": "bourse_french_tech", "hubs": "french_tech_hubs",
            "bourse french tech": "bourse_french_tech",
            "le ticket": "french_tech_ticket", "french tech ticket": "french_tech_ticket",
            "french tech hubs": "french_tech_hubs", "pass": "pass_french_tech"}


def normalizer() -> ProgrammeNormalizer:
    return ProgrammeNormalizer({}, None, None, synonyms=dict(SYNONYMS))


def programme(value: str) -> dict:
    return {"entity": "programme", "value": value, "start": 0, "end": len(value)}


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("BFT", "bourse_french_tech"),  # exact synonym, any case
        ("Bourse Frenchh Tech", "bourse_french_tech"),  # typo
        ("la bourse french tech", "bourse_french_tech"),  # article
        ("Le Tiket", "french_tech_ticket"),  # typo and article
        ("hubs french tech", "french_tech_hubs"),  # word order
        ("french_tech_ticket", "french_tech_ticket"),  # already canonical
    ],
)
def test_spellings_map_to_the_canonical_key(typed, key):
    entities = [programme(typed)]
    normalizer().replace_synonyms(entities)
    assert entities[0]["value"] == key


def test_an_unmappable_value_is_dropped_rather_than_passed_on():
    entities = [programme("kangourou"), {"entity": "other", "value": "kangourou"}]
    normalizer().replace_synonyms(entities)
    assert entities == [{"entity": "other", "value": "kangourou"}]


def test_normalise_strips_accents_articles_and_separators():
    assert normalise("  L'Accélérateur-Normandy ") == "accelerateur normandy"


def test_one_programme_named_in_two_pieces_is_reported_once():
    entities = [programme("hubs"), programme("french tech hubs"), programme("bft")]
    normalizer().replace_synonyms(entities)
    assert [e["value"] for e in entities] == ["french_tech_hubs", "bourse_french_tech"]
