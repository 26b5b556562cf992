"""A language asked for in words with a question beside it ("English please! Is the MRI in
Caen?"): the language switches and the question is read alone, in it (trials_8: the switch
used to drop the question). A request in words is the latest choice, over /language's."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.assistant.language import asked_for, choose_language, request_and_rest
from bot.assistant.turns import turn_in


@pytest.mark.parametrize(("text", "split"), [
    ("English please! Is the MRI in Caen?", ("en", "Is the MRI in Caen?")),
    ("ok et en fait je parle français, c'est plus simple. Le fonds de 200 millions, c'est "
     "pour toutes les métropoles ?",
     ("fr", "Le fonds de 200 millions, c'est pour toutes les métropoles ?")),
    ("sorry, back to English - my cofounder doesn't speak French. Is there anything specific "
     "for fintech in Caen?", ("en", "Is there anything specific for fintech in Caen?")),
    ("In English please. Also, who runs the network?", ("en", "who runs the network?")),
    ("In English please, who runs the network?", ("en", "who runs the network?")),
    ("Is the MRI in Caen? in English please", ("en", "Is the MRI in Caen?")),
    ("en français svp. je voudrais candidater au pass", ("fr", "je voudrais candidater au pass")),
    ("anglais stp, c ou la MRI ?", ("en", "c ou la MRI ?")),
    ("English please! Is the Pass open to non-French founders?",
     ("en", "Is the Pass open to non-French founders?")),
])
def test_the_question_beside_a_request_is_read_alone(text, split):
    assert request_and_rest(text) == split


@pytest.mark.parametrize("text", [
    "in english please", "Can you answer in English, please?", "Hi! English please",
    "english pls thx", "je parle pas bien anglais", "pourquoi en anglais ? je suis français",
    "Do I need to speak French?", "is the pass for french founders only?",
])
def test_a_request_alone_or_no_request_is_left_as_it_is(text):
    assert request_and_rest(text) is None


@pytest.mark.parametrize(("text", "language"), [
    ("my cofounder doesn't speak French", None),
    ("il parle pas francais c grave ?", None),
    ("sorry, back to English - my cofounder doesn't speak French", "en"),
    ("on repasse en français stp", "fr"),
    ("is the pass for french founders only?", None),
])
def test_going_back_to_a_language_asks_for_it_not_speaking_one_asks_none(text, language):
    assert asked_for(text) == language


def test_a_request_in_words_wins_over_a_locked_choice_and_detection_does_not():
    locked = {"language": "en", "language_locked": True}
    assert choose_language("en", locked, "en fait je parle français", []) == "fr"
    assert choose_language("en", locked, "c'est quoi la bourse french tech ?", []) == "en"


def test_the_request_beside_the_question_is_handed_in_the_metadata():
    said = {"language_asked": "en"}
    assert choose_language("fr", said, "Le fonds, c'est pour toutes les métropoles ?", []) == "en"
    assert choose_language("fr", said, "Karim Benali", [], answering_form=True) == "fr"


def test_a_turn_says_the_language_it_switched_to():
    tracker = DialogueStateTracker.from_events("s", [
        UserUttered("salut", message_id="t1"), BotUttered("Bonjour"),
        UserUttered("Is the MRI in Caen?", message_id="t2"), SlotSet("language", "en"),
        BotUttered("Yes."),
    ])
    assert turn_in(tracker, "t2").language == "en"
    assert turn_in(tracker, "t1").language is None
