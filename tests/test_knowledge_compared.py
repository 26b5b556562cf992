"""Two things set side by side (bot/knowledge/compared.py): the sides as the person named
them, and each side's own fact, read with what is asked of both."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.knowledge import form
from bot.knowledge.compared import asked_of_each, facts_compared, sides, two_things
from bot.knowledge.retrieval import Index, entry_documents


def entry(aspect: str, *questions: str) -> SimpleNamespace:
    return SimpleNamespace(aspect=aspect, subject="network",
                           questions={"fr": list(questions), "en": []})


def index_of(*entries: SimpleNamespace) -> Index:
    return Index(entry_documents(entries), {"bourse": "bourse_french_tech"})


@pytest.mark.parametrize(("text", "expected"), [
    ("diff entre comité stratégique et comité opérationnel svp",
     ("comité stratégique", "comité opérationnel")),
    ("what's the difference between the strategic committee and the operational committee?",
     ("the strategic committee", "the operational committee")),
    ("Rouen ou Caen, quelle différence dans la stratégie ?", ("Rouen", "Caen")),
    ("MRI vs Cité numérique, laquelle est déjà ouverte ?", ("MRI", "Cité numérique")),
    ("seine innopolis ou MRI pour une startup de caen ?", ("seine innopolis", "MRI")),
    ("la MRI c'est comme seine innopolis mais a caen ?", ("la MRI", "seine innopolis")),
    ("the bourse and the 200M fund, are they the same thing?", ("the bourse", "the 200M fund")),
    ("which is better for a young startup, the accelerator or the Tech 40?",
     ("the accelerator", "the Tech 40")),
    # a place, a time, a list of three, two things merely listed: no two things compared
    ("c'est à Rouen ou à Caen ?", None), ("en 2015 ou en 2016 ?", None),
    ("quelle ville porte cet axe, Rouen, Caen ou Le Havre ?", None),
    ("on veut un incubateur et des sous", None), ("oui ou non ?", None),
])
def test_the_two_things_a_question_compares(text, expected):
    assert sides(text) == expected


def committees():
    return index_of(
        entry("strategic_committee", "c'est quoi le comité stratégique ?",
              "qui siège au comité stratégique ?"),
        entry("operational_committee", "c'est quoi le comité opérationnel ?",
              "que fait le comité opérationnel avec l'accord du comité stratégique ?"),
        entry("operational_committee_next", "quand a lieu le prochain comité opérationnel ?"),
        entry("axis_rouen", "quel est l'axe stratégique de Rouen ?"),
        entry("axis_caen", "quel est l'axe stratégique de Caen ?"),
        entry("seine_innopolis", "c'est quoi seine innopolis à Rouen ?"),
        entry("mri", "c'est quoi la MRI à Caen ?"))


def test_each_side_finds_its_own_fact_in_the_order_named():
    """The operational committee's questions name the strategic one too: the question as a
    whole would find it alone."""
    labels = [h.label for h in facts_compared(
        committees(), "diff entre comité stratégique et comité opérationnel svp")]
    assert labels == ["strategic_committee", "operational_committee"]


def test_what_is_asked_of_both_chooses_facts_of_one_kind():
    labels = [h.label for h in facts_compared(
        committees(), "Rouen ou Caen, quelle différence dans la stratégie ?")]
    assert labels == ["axis_rouen", "axis_caen"]


def test_a_choice_between_two_facts_is_read_before_which_scheme():
    found = two_things(committees(), "MRI vs seine innopolis, laquelle est à Caen ?", None,
                       0, False)
    assert found is not None and found["form"] == "facts"
    assert found["aspects"] == ["mri", "seine_innopolis"] and not found["same"]
    same = two_things(committees(), "le comité stratégique et le comité opérationnel c'est "
                      "pareil ?", None, 0, False)
    assert same is not None and same["same"]
    assert two_things(committees(), "la bourse ou le pass ?", None, 2, False) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("la bourse et le pass sont tous les deux opérés par Bpi ?", "la bourse sont operes par bpi"),
    ("are both the bourse and the pass run by Bpi?", "are the bourse run by bpi"),
    ("la bourse ou le pass ?", "la bourse"),
    ("la bourse, et aussi le pass ?", None),  # not listed as one subject
])
def test_two_schemes_listed_as_one_subject_ask_of_each(text, expected):
    forms = {"bourse": "bourse_french_tech", "pass": "pass_french_tech"}
    found = asked_of_each(text, forms)
    assert (" ".join(found.replace("?", " ").split()) if found else None) == expected


@pytest.mark.parametrize(("text", "does"), [
    ("et lequel donne une place en incubateur ?", True), ("which one is open now?", True),
    ("quel dispositif donne un titre de séjour ?", True),
    ("lequel est fait pour moi ?", False), ("and the incubator, which one?", False),
    ("which one should I go for?", False),
])
def test_which_scheme_does_something_is_a_question_of_fact(text, does):
    assert form.which_does(text) is does
