"""A follow-up pointing at an item of a numbered list just given is read as that item's words
(bot/assistant/items.py)."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.assistant.items import (
    corrected_subject,
    items_of,
    position_asked,
    referred_item,
    referred_other,
    referred_side,
)

PLAN = ("Les partenaires ont arrêté un plan d'actions en cinq points : 1) une gouvernance "
        "dédiée ; 2) la consolidation de l'agenda numérique normand ; 3) développer et mettre "
        "en réseau les bâtiments totems ; 4) finaliser le contrat d'engagement Normandy Tech 40 "
        "; 5) mettre en place le PROGENN.\nSource : Normandy French Tech")


def a_conversation(*turns: tuple[str, str]) -> DialogueStateTracker:
    """A tracker holding these (user, bot) turns."""
    events = []
    for user, bot in turns:
        events += [UserUttered(user), ActionExecuted("action_knowledge"), BotUttered(bot)]
    return DialogueStateTracker.from_events("items", events)


def test_the_items_of_a_numbered_list_are_read_in_order():
    assert items_of(PLAN) == [
        "une gouvernance dédiée", "la consolidation de l'agenda numérique normand",
        "développer et mettre en réseau les bâtiments totems",
        "finaliser le contrat d'engagement Normandy Tech 40", "mettre en place le PROGENN"]
    assert items_of("1. PROGENN — …\n2. French Tech Ticket — …") == []  # the advisor's list
    assert items_of("only 1) one item") == []


@pytest.mark.parametrize(("text", "position"), [
    ("le point 3 c'est quoi ?", 3), ("what's point 4?", 4), ("et le dernier ?", -1),
    ("back to the plan, what's the last point?", -1), ("le premier c'est quoi exactement ?", 1),
    ("tell me more about the second one", 2), ("le 3e ?", 3),
    ("c'est quoi le pass french tech ?", None),
    ("je voudrais savoir en détail ce que couvre le premier dispositif dont vous avez parlé "
     "tout à l'heure", None),  # a question of its own
])
def test_the_position_a_short_message_points_at(text, position):
    assert position_asked(text) == position


def test_a_follow_up_on_an_item_is_that_items_words_as_a_question():
    tracker = a_conversation(("c'est quoi le plan d'actions ?", PLAN))
    assert referred_item(tracker, "le point 3 c'est quoi ?") == (
        "développer et mettre en réseau les bâtiments totems ?")
    assert referred_item(tracker, "et le dernier ?") == "mettre en place le PROGENN ?"


def test_the_list_may_be_a_few_turns_back_but_not_more():
    tracker = a_conversation(("le plan ?", PLAN), ("et le ticket ?", "Le Ticket comprend…"))
    assert referred_item(tracker, "back to the plan, the last point?") == (
        "mettre en place le PROGENN ?")
    far = a_conversation(("le plan ?", PLAN), *[("et le ticket ?", "Le Ticket…")] * 3)
    assert referred_item(far, "le point 3 ?") is None


def test_no_list_no_item_and_an_item_out_of_range_is_none():
    assert referred_item(a_conversation(("le pass ?", "Le Pass comprend…")), "le premier ?") is None
    assert referred_item(a_conversation(("le plan ?", PLAN)), "le point 8 ?") is None
    assert referred_item(None, "le point 3 ?") is None


def two_named(text: str, *names: tuple[str, str]) -> UserUttered:
    """The person's message naming schemes: (the words used, the scheme's key)."""
    entities = [{"entity": "programme", "value": key, "start": text.index(words),
                 "end": text.index(words) + len(words)} for words, key in names]
    return UserUttered(text, {"name": "ask_knowledge"}, entities)


def test_the_other_one_is_the_scheme_named_beside_the_one_talked_about():
    events = [two_named("le pass ou le ticket pour un américain ?", ("pass", "pass"),
                        ("ticket", "ticket")),
              ActionExecuted("action_knowledge"), BotUttered("Ce qui les distingue…")]
    tracker = DialogueStateTracker.from_events("other", events)
    tracker.update(SlotSet("programme", "ticket"))
    assert referred_other(tracker, "et l'autre il sert à quoi ?") == "et pass il sert à quoi ?"
    tracker.update(SlotSet("programme", None))
    assert referred_other(tracker, "and the other one?") == "and ticket?"  # the latter named
    assert referred_other(tracker, "et l'autre dispositif pour les étrangers ?") is None
    assert referred_other(DialogueStateTracker.from_events("none", []), "et l'autre ?") is None


@pytest.mark.parametrize(("text", "meant"), [
    ("non PROGENN pas seine innopolis lol", "PROGENN ?"),  # a second persona trial
    ("no, the pass not the bourse", "the pass ?"),
    ("non je parlais du ticket pas du pass", "ticket ?"),
    ("non merci pas maintenant", None), ("non pas du tout", None), ("nope, not now", None),
    ("non je suis français", None), ("c'est quoi le pass ?", None),
])
def test_no_this_not_that_asks_again_of_the_thing_meant(text, meant):
    assert corrected_subject(None, text) == meant


def test_no_this_not_that_in_a_form_is_the_forms_answer():
    tracker = DialogueStateTracker.from_events("form", [ActiveLoop("candidacy_form")])
    assert corrected_subject(tracker, "non PROGENN pas seine innopolis") is None


def test_the_first_or_second_one_is_that_side_of_the_comparison_just_asked():
    """"who sits on the first one?" after two things compared (no scheme among them); the
    schemes named by the NLU when they are two."""
    tracker = a_conversation(("what's the difference between the strategic committee and "
                              "the operational committee?", "The strategic committee…"))
    assert referred_side(tracker, "who sits on the first one?") == (
        "who sits on the strategic committee?")
    assert referred_side(tracker, "et le second il fait quoi ?") == (
        "et the operational committee il fait quoi ?")
    listed = a_conversation(("on est à Lisieux, on veut un incubateur et des sous", "…"))
    assert referred_side(listed, "le premier c'est quoi ?") is None  # no comparison asked
    assert referred_side(tracker, "le premier comité se réunit quand ?") is None
