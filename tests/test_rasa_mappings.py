"""A slot's custom mapping action registered as a function runs in-process, with the result
the remote action gives; an unregistered one still runs as Rasa runs it."""

from __future__ import annotations

import logging

import pytest
from rasa.core.actions.action import ActionExtractSlots
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.assistant.mappings import LANGUAGE_ACTION, language_slot
from bot.rasa_patches import mappings
from devtools.bench import SCRIPTS
from tests.support.assistant import needs_model
from tests.support.rasa import DOMAIN


@pytest.fixture
def registered():
    """The registry as this test leaves it: restored afterwards."""
    before = dict(mappings._registered)
    yield mappings.register
    mappings._registered.clear()
    mappings._registered.update(before)


def said(text: str, language: str | None = None, metadata: dict | None = None,
         form: str | None = None) -> DialogueStateTracker:
    tracker = DialogueStateTracker("42", DOMAIN.slots)
    if language:
        tracker.update(SlotSet("language", language))
    if form:
        tracker.update(ActiveLoop(form))
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered(text, {"name": "inform", "confidence": 0.9},
                               metadata=metadata or {}))
    return tracker


async def extract(tracker: DialogueStateTracker, action: str) -> list:
    return await mappings._run_custom_action(ActionExtractSlots(None), action, None, None,
                                             tracker, DOMAIN)


async def test_a_registered_mapping_is_run_and_keeps_only_slot_events(registered):
    registered("action_test_mapping",
               lambda tracker: [SlotSet("language", "en"), ActionExecuted("not_allowed")])
    assert await extract(said("hello"), "action_test_mapping") == [SlotSet("language", "en")]


async def test_a_failing_mapping_fills_nothing_and_is_logged(registered, caplog):
    def broken(tracker: DialogueStateTracker) -> list:
        raise ValueError("bug")

    registered("action_test_mapping", broken)
    with caplog.at_level(logging.ERROR, logger=mappings.__name__):
        assert await extract(said("hello"), "action_test_mapping") == []
    assert "action_test_mapping" in caplog.text


async def test_an_unregistered_mapping_runs_as_rasa_runs_it(registered, monkeypatch):
    calls = []

    async def rasas(self, action, *args) -> list:
        calls.append(action)
        return [SlotSet("language", "fr")]

    monkeypatch.setattr(mappings, "_original", rasas)
    assert await extract(said("bonjour"), "action_elsewhere") == [SlotSet("language", "fr")]
    assert calls == ["action_elsewhere"]


@pytest.mark.parametrize(("tracker", "expected"), [
    (said("what is the pass french tech about?", "fr"), [SlotSet("language", "en")]),
    (said("ok", "en"), []),
    (said("what is it?", "fr", {"language": "fr", "language_locked": True}), []),
    (said("Marie Dupont", "en", form="candidacy_form"), []),
    (said("Une plateforme qui aide les PME normandes.", "en", form="candidacy_form"), []),
    (said("bonjour, c'est quoi le pass french tech ?"), [SlotSet("language", "fr")]),
])
def test_the_language_slot_is_chosen_from_rasas_tracker(tracker, expected):
    assert language_slot(tracker) == expected


@needs_model
@pytest.mark.slow
async def test_at_every_message_of_real_conversations_it_equals_the_custom_action(
        assistant, monkeypatch):
    """The same answer as `actions/language.py` run as a remote action, message by message."""
    compared = []

    async def both(self, action, output_channel, nlg, tracker, domain) -> list:
        native = await mappings._run_custom_action(self, action, output_channel, nlg,
                                                   tracker, domain)
        remote = await mappings._original(self, action, output_channel, nlg, tracker, domain)
        if action == LANGUAGE_ACTION:
            compared.append(tracker.latest_message.text)
            assert [(e.key, e.value) for e in native] == [(e.key, e.value) for e in remote]
        return native

    monkeypatch.setattr(ActionExtractSlots, "_run_custom_action", both)
    for name, lines in SCRIPTS.items():
        for line in lines * 2:
            await assistant.handle(f"mappings-{name}", line, {"language": name[:2]})
    switch = [("mappings-switch", "bonjour", "en"), ("mappings-switch", "what about you?", "fr")]
    for sender, text, language in switch:
        await assistant.handle(sender, text, {"language": language})
    assert len(compared) >= 2 * sum(len(lines) for lines in SCRIPTS.values())
