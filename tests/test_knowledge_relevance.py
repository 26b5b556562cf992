"""Whether a question is about a fact at all: what `bot.knowledge.relevance` tells the
follow-up reading before it says "the source does not say" of the last subject."""

from __future__ import annotations

import pytest

from bot.knowledge.relevance import about_elsewhere, off_topic, unsaid
from bot.knowledge.retrieval import Index


def entry_index() -> Index:
    documents = [("le fonds de 200 millions c'est pour qui ?", "fund"),
                 ("montant du fonds french tech ?", "fund"),
                 ("la délégation au consumer electronics show part quand ?", "ces"),
                 ("qui va à la délégation du consumer electronics show ?", "ces"),
                 ("c'est où la MRI ?", "mri"), ("la MRI c'est quoi ?", "mri"),
                 ("c'est où déjà le bâtiment ?", "mri")]
    return Index(documents, {})


@pytest.mark.parametrize(("text", "label", "elsewhere"), [
    ("Qui compose la délégation au consumer electronics show ?", "fund", True),
    ("Quel est le montant du fonds pour les startups ?", "mri", True),
    ("c'est où déjà", "ces", False),  # short: a follow-up by its shape
    ("et c'est pour qui exactement ce fonds ?", "fund", False),
])
def test_a_question_naming_another_facts_subject_is_about_elsewhere(text, label, elsewhere):
    assert about_elsewhere(entry_index(), text, label) is elsewhere


@pytest.mark.parametrize(("text", "stray"), [
    ("c'est quoi la capitale de l'australie ?", True), ("il fait beau demain ?", True),
    ("ya total ou renault dedans ?", False),  # "dedans": of what was just said
    ("c'est où ?", False),  # shape only
    ("la MRI ouvre quand ?", False),
])
def test_a_question_holding_nothing_we_know_is_off_topic(text, stray):
    assert off_topic(entry_index(), text) is stray


def test_an_overview_yields_to_a_fact_about_as_close_asked_with_more_of_the_words():
    from bot.knowledge.relevance import most_asked
    from bot.knowledge.retrieval import Hit

    index = Index([("c'est quoi la normandy french tech ?", "overview"),
                   ("la normandy french tech c'est quoi ?", "overview"),
                   ("c'est quoi le plan d'actions ?", "action_plan")], {})
    question = "c'est quoi le plan d'actions de la normandy french tech ?"
    assert most_asked(index, question, Hit("overview", 0.7)).label == "action_plan"
    assert most_asked(index, "c'est quoi la mri ?", Hit("mri", 0.7)).label == "mri"


@pytest.mark.parametrize(("text", "found", "thing"), [
    ("y a un wifi gratuit à la MRI ?", "mri", "mri"),
    ("la MRI a un fablab ?", "mri", "mri"),
    ("le fonds a un fablab ?", "ces", None),  # the fact found is not of the thing named
    ("c'est où la MRI ?", "mri", None),  # asked of what the fact says
    ("le fonds de 200 millions en 2017 ?", "fund", None),  # a year: a fact may say no to it
    ("un bon wifi à Tokyo ?", "fund", None),  # nothing of ours named
])
def test_a_yes_no_of_something_nothing_stored_mentions_is_unsaid_of_the_thing_named(
        text, found, thing):
    assert unsaid(entry_index(), text, found, {"fund", "ces", "mri"}) == thing
