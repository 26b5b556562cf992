"""A plain yes to a message that offered one thing does that thing (bot/assistant/turns.py)."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import ActiveLoop, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.assistant.turns import offer_accepted

SUBSCRIBE = '/subscribe_reminders{"target":"next"}'


def conversation(*buttons: dict[str, str], form: bool = False) -> DialogueStateTracker:
    events = [UserUttered("y a des événements ?", message_id="t1"),
              BotUttered("Aucun événement n'est annoncé.", {"buttons": list(buttons)})]
    if form:
        events.insert(0, ActiveLoop("candidacy_form"))
    return DialogueStateTracker.from_events("someone", events)


ONE = {"title": "🔔 Prévenez-moi du prochain", "payload": SUBSCRIBE}


@pytest.mark.parametrize("text", ["oui", "Oui !", "yes please", "vas-y", "oui volontiers"])
def test_a_plain_yes_presses_the_one_button_offered(text):
    assert offer_accepted(conversation(ONE), text) == SUBSCRIBE


@pytest.mark.parametrize("text", ["ok", "merci", "oui mais c'est quand ?", "non"])
def test_anything_else_is_read_as_written(text):
    assert offer_accepted(conversation(ONE), text) is None


def test_two_buttons_offer_no_single_thing():
    other = {"title": "Les dispositifs", "payload": "/list_programmes"}
    assert offer_accepted(conversation(ONE, other), "oui") is None


def test_in_a_form_yes_answers_the_form():
    assert offer_accepted(conversation(ONE, form=True), "oui") is None


def test_a_new_conversation_offers_nothing():
    assert offer_accepted(None, "oui") is None
    assert offer_accepted(DialogueStateTracker.from_events("new", []), "oui") is None
