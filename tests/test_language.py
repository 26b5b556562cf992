"""Which language a message is in: French and English however written, another language told
apart only when it clearly is one (issue 32: no "I only speak French and English" to a French
or English sentence, measured over every sentence we hold)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from bot.assistant.language import detect, is_foreign
from bot.config import PROJECT_ROOT
from devtools.conversations import load_part

NLU_HELD_OUT = sorted((PROJECT_ROOT / "tests" / "nlu").glob("*.yml"))
# The held-out sets hold a few sentences in other languages on purpose (out of scope).
FOREIGN_ON_PURPOSE = {"¿dónde está la estación?", "wie spät ist es",
                      "ich suche Informationen über Startups",
                      "¿dónde está la estación de tren?"}


def held_out_sentences(path: Path) -> list[str]:
    return [m.get("text") for m in load_data(str(path)).intent_examples
            if m.get("text") not in FOREIGN_ON_PURPOSE]


@pytest.mark.parametrize("path", NLU_HELD_OUT, ids=lambda p: p.name)
def test_no_sentence_of_the_nlu_held_out_sets_is_taken_for_another_language(path):
    assert [text for text in held_out_sentences(path) if is_foreign(text)] == []


@pytest.mark.parametrize("part", ["dev", "heldout"])
def test_no_message_of_the_conversation_suite_is_taken_for_another_language(part):
    flagged = [turn.user for case in load_part(part) for turn in case.turns
               if is_foreign(turn.user)]
    assert len(flagged) == 0, flagged if part == "dev" else "(held-out: not shown)"


@pytest.mark.parametrize("text", [
    "merci !! et je recois la reponse quand ?",
    "y a pas un afterwork ou un meetup à Rouen bientôt ?",
    "what is seine innopolis?",
    "c'est quoi le delegue general ?",
    "jsp c quoi un siren",
    "which scheme fits a hardware startup in caen",
    "Y a-t-il un parking à Seine Innopolis ?",
    "il y a un parking a Seine Innopolis ?",
])
def test_informal_french_and_english_are_ours(text):
    assert not is_foreign(text)


@pytest.mark.parametrize("text", [
    "Wie hoch ist die Förderung für mein Unternehmen?",
    "¿Cuánto dinero da la beca para mi empresa?",
    "Quanto costa partecipare al programma per le startup?",
    "Quanto custa o programa para uma empresa nova?",
    "Hoeveel geld krijg ik voor mijn bedrijf?",
    "Quiero saber más sobre el programa de la ciudad",
    "Was ist die French Tech in der Normandie?",
    "Сколько денег можно получить?",
])
def test_a_sentence_in_another_language_is_told_apart(text):
    assert is_foreign(text)


def test_unaccented_french_reads_as_french():
    assert detect("merci et je recois la reponse quand") == "fr"


@pytest.mark.parametrize(("text", "language"), [
    ("is the mri in rouen?", "en"),  # "rouen" says nothing, "the" and "is" do
    ("french tech hubs definition svp", "fr"),
    ("ok thanks, what happens next?", "en"),
    ("Seine Innopolis is in Caen, correct?", "en"),  # names aside, "is" and "in" (a trial)
    ("Frédéric Sanchez est président de la Région ?", "fr"),
    ("Did Axelle Lemaire visit Le Havre on 1 October 2015?", "en"),  # names are no French
    ("Does MRI stand for Maison de la Recherche et de l'Innovation?", "en"),
    ("Le Havre porte quel axe ?", "fr"),
])
def test_everyday_words_of_one_language_decide_it(text, language):
    assert detect(text) == language


@pytest.mark.parametrize(("current", "text", "language"), [
    ("fr", "Pourquoi pas la Bourse French Tech ?", "fr"),  # a name, no complaint (a trial)
    ("fr", "pourquoi en anglais ??", "fr"), ("fr", "why french?", "en"),
])
def test_french_tech_is_a_name_not_a_language_asked_for(current, text, language):
    from bot.assistant.language import choose_language

    assert choose_language(current, {}, text, []) == language


@pytest.mark.parametrize(("current", "text", "language"), [
    ("fr", "who decides?", "en"), ("fr", "how much?", "en"), ("en", "quand exactement", "fr"),
    ("fr", "ok merci", "fr"), ("en", "deadline ?", "en"), ("fr", "what ?", "fr"),
])
def test_a_two_word_question_switches_only_when_a_question_word_says_so(current, text,
                                                                       language):
    """Issue 32: a chat's language changes on evidence: "who decides?" after French turns is
    English; "deadline ?" or a lone "what ?" is no such evidence."""
    from bot.assistant.language import choose_language

    assert choose_language(current, {}, text, []) == language
