"""A custom action's payload holds the events Rasa's would; done events' dicts are made once."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, Restarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.rasa_patches import payloads
from devtools.bench import SCRIPTS
from tests.support.assistant import needs_model
from tests.support.rasa import DOMAIN


@pytest.fixture(autouse=True)
def _no_dicts_from_another_test():
    payloads._done.clear()
    yield
    payloads._done.clear()


def turn(text: str, intent: str, answer: str) -> list[Event]:
    return [ActionExecuted("action_listen"),
            UserUttered(text, {"name": intent, "confidence": 0.9}),
            ActionExecuted("utter_" + intent), BotUttered(answer)]


def a_tracker(*events: Event, sender: str = "42") -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    for event in events:
        tracker.update(event)
    return tracker


def rasas(tracker: DialogueStateTracker, verbosity: EventVerbosity = EventVerbosity.ALL
          ) -> dict:
    return payloads._original(tracker, verbosity)


def test_the_payload_is_the_one_rasa_builds():
    tracker = a_tracker(*turn("bonjour", "greet", "Bonjour !"),
                        *turn("merci", "thank", "Avec plaisir."))
    assert payloads.current_state(tracker, EventVerbosity.ALL) == rasas(tracker)


def test_done_events_are_turned_into_dicts_once_the_current_turns_each_time():
    tracker = a_tracker(*turn("bonjour", "greet", "Bonjour !"),
                        *turn("merci", "thank", "Avec plaisir."))
    first = payloads.event_dicts(tracker)
    tracker.update(ActionExecuted("action_listen"))
    second = payloads.event_dicts(tracker)
    latest_user = 5  # the second turn's user message
    assert all(a is b for a, b in zip(first[:latest_user], second[:latest_user], strict=True))
    assert all(a is not b for a, b in zip(first[latest_user:], second[latest_user:len(first)],
                                          strict=True))
    assert second == rasas(tracker)["events"] and second is not first


def test_a_conversation_read_back_from_the_database_is_turned_into_dicts_again():
    events = [*turn("bonjour", "greet", "Bonjour !"), *turn("merci", "thank", "De rien.")]
    tracker = a_tracker(*events)
    first = payloads.event_dicts(tracker)
    read_back = a_tracker(*[Event.from_parameters(e.as_dict()) for e in events])
    again = payloads.event_dicts(read_back)
    assert again == first and not any(a is b for a, b in zip(first, again, strict=True))


def test_after_a_restart_the_payload_is_still_rasas():
    tracker = a_tracker(*turn("bonjour", "greet", "Bonjour !"))
    payloads.event_dicts(tracker)
    tracker.update(Restarted())
    for event in turn("salut", "greet", "Bonjour !"):
        tracker.update(event)
    assert payloads.current_state(tracker, EventVerbosity.ALL) == rasas(tracker)


@pytest.mark.parametrize("verbosity", [EventVerbosity.NONE, EventVerbosity.APPLIED,
                                       EventVerbosity.AFTER_RESTART])
def test_other_verbosities_are_rasas_own(verbosity):
    tracker = a_tracker(*turn("bonjour", "greet", "Bonjour !"), Restarted(),
                        *turn("merci", "thank", "De rien."))
    assert payloads.current_state(tracker, verbosity) == rasas(tracker, verbosity)


def test_only_the_latest_conversations_keep_their_dicts():
    for n in range(payloads.MAX_CONVERSATIONS + 5):
        payloads.event_dicts(a_tracker(*turn("bonjour", "greet", "Bonjour !"),
                                       *turn("merci", "thank", "De rien."), sender=f"u{n}"))
    assert len(payloads._done) == payloads.MAX_CONVERSATIONS
    assert "u0" not in payloads._done and f"u{payloads.MAX_CONVERSATIONS + 4}" in payloads._done


@needs_model
@pytest.mark.slow
async def test_at_every_custom_action_of_real_conversations_the_payload_is_rasas(
        assistant, monkeypatch):
    compared = []

    def checked(tracker: DialogueStateTracker,
                verbosity: EventVerbosity = EventVerbosity.NONE) -> dict:
        ours = payloads.current_state(tracker, verbosity)
        if verbosity is EventVerbosity.ALL:
            compared.append(tracker.sender_id)
            assert ours == payloads._original(tracker, verbosity)
        return ours

    monkeypatch.setattr(DialogueStateTracker, "current_state", checked)
    for name, lines in SCRIPTS.items():
        for line in lines * 2:  # twice: a second candidacy after the first was cancelled
            await assistant.handle(f"payloads-{name}", line, {"language": name[:2]})
    assert len(compared) > sum(len(lines) for lines in SCRIPTS.values())
