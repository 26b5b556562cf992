"""What becomes of a message while a request for a person is active (`bot.staff.waiting`),
with the real trained model and a seeded database, in process."""

from __future__ import annotations

import os
import uuid

import pytest

from bot.assistant.runtime import Assistant
from bot.config import Settings
from bot.db import handoffs
from bot.db.session import session_scope
from bot.staff import waiting
from tests.support.assistant import needs_model, seeded_database

pytestmark = [needs_model, pytest.mark.slow]
ENV = {"STAFF_CHAT_ID": "-100500", "OFFICE_HOURS": "mon-sun 00:00-23:59"}


@pytest.fixture(scope="module")
async def assistant(tmp_path_factory):
    url = seeded_database(tmp_path_factory.mktemp("waiting_inprocess"))
    previous = {name: os.environ.get(name) for name in ["DATABASE_URL", *ENV]}
    os.environ.update({"DATABASE_URL": url, **ENV})  # the settings; the test's sessions
    yield Assistant.load(Settings.from_env())
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


async def requested(assistant: Assistant) -> tuple[str, int]:
    """A new conversation that has just asked for a person: its id and its handoff's."""
    sender = f"waiting-{uuid.uuid4().hex[:8]}"
    await assistant.handle(sender, "je veux parler à quelqu'un")
    with session_scope() as session:
        return sender, handoffs.active_handoff(session, sender).id


async def test_no_right_after_the_request_withdraws_it_but_not_after_an_answer(assistant):
    sender, handoff_id = await requested(assistant)
    assert (await waiting.decide(assistant, sender, handoff_id, "non", False)).withdraw
    await assistant.handle(sender, "c'est quoi le pass french tech ?")  # answered meanwhile
    step = await waiting.decide(assistant, sender, handoff_id, "non", False)
    assert not step.withdraw and step.relay


async def test_only_a_questions_button_is_answered_while_waiting(assistant):
    sender, handoff_id = await requested(assistant)
    asked = await waiting.decide(assistant, sender, handoff_id,
                                 '/ask_funding{"programme": "pass_french_tech"}', True)
    assert asked.answer and not asked.relay
    applying = await waiting.decide(assistant, sender, handoff_id, "/apply", True)
    assert not applying.answer and applying.note is None  # a form's answers are personal
    again = await waiting.decide(assistant, sender, handoff_id, "/request_human", True)
    assert not again.answer and "déjà" in again.note.text
    assert (await waiting.decide(assistant, sender, handoff_id, "/cancel", True)).withdraw


async def test_once_taken_questions_are_the_staffs_and_never_mind_still_withdraws(assistant):
    sender, handoff_id = await requested(assistant)
    with session_scope() as session:
        handoffs.take(handoffs.get_handoff(session, handoff_id), "Camille")
    step = await waiting.decide(assistant, sender, handoff_id,
                                "c'est quoi le pass french tech ?", False)
    assert (step.relay, step.answer, step.note) == (True, False, None)
    assert (await waiting.decide(assistant, sender, handoff_id, "laisse tomber", False)).withdraw
    assert await waiting.withdraw(assistant, handoff_id) == (sender, "fr")
    assert await waiting.withdraw(assistant, handoff_id) is None  # once


@pytest.mark.parametrize("text", ["toujours là ?", "allô ?", "c'est long"])
async def test_a_word_to_the_staff_is_passed_on_not_answered_beside_the_point(assistant, text):
    """The knowledge base is asked about anything the classifier was unsure of: while a
    request waits, only a well-matched question is answered; the rest is passed on."""
    sender, handoff_id = await requested(assistant)
    step = await waiting.decide(assistant, sender, handoff_id, text, False)
    assert (step.relay, step.answer) == (True, False)
    assert step.note is not None and "Transmis à l'équipe" in step.note.text


async def test_a_well_matched_question_is_answered_while_waiting(assistant):
    sender, handoff_id = await requested(assistant)
    step = await waiting.decide(assistant, sender, handoff_id, "qui a lancé le label ?", False)
    assert (step.relay, step.answer, step.note) == (True, True, None)
