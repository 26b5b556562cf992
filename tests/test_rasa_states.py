"""Resumed dialogue states equal the states Rasa builds from the whole conversation."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.shared.core.constants import RULE_ONLY_LOOPS, RULE_ONLY_SLOTS, USER
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    Event,
    FollowupAction,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.slots import BooleanSlot
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_patches import states as rasa_states

DOMAIN = Domain.load(Path(__file__).parent.parent / "domain.yml")
OPTIONS = [
    {},
    {"omit_unset_slots": True},
    {"ignore_rule_only_turns": True, "rule_only_data": {
        RULE_ONLY_SLOTS: ["candidacy_consent"], RULE_ONLY_LOOPS: ["candidacy_form"]}},
    {"ignore_rule_only_turns": True, "rule_only_data": {RULE_ONLY_SLOTS: [],
                                                        RULE_ONLY_LOOPS: []}},
]


@pytest.fixture(autouse=True)
def resumed_states():
    rasa_states.install()
    yield
    rasa_states.uninstall()


def rasa_states_of(tracker: DialogueStateTracker, **options) -> list:
    return rasa_states._original(DOMAIN, tracker, **options)


def a_user_message(rng: random.Random) -> UserUttered:
    intent = rng.choice(DOMAIN.intents)
    return UserUttered(f"text {rng.random()}", {"name": intent, "confidence": 1.0})


def an_action(rng: random.Random) -> ActionExecuted:
    name = rng.choice(["action_listen", "candidacy_form", "action_answer_programme",
                       "utter_greet", *DOMAIN.user_actions[:5]])
    return ActionExecuted(name, hide_rule_turn=rng.random() < 0.3)


def a_slot(rng: random.Random) -> SlotSet:
    slot = rng.choice(DOMAIN.slots)
    return SlotSet(slot.name, rng.choice([None, "fr", "en", True, "x"]))


def random_event(rng: random.Random) -> Event:
    makers = [a_user_message] * 4 + [an_action] * 8 + [a_slot] * 3
    rare = [lambda r: ActiveLoop(r.choice(["candidacy_form", None])),
            lambda r: FollowupAction("candidacy_form"), lambda r: UserUtteranceReverted(),
            lambda r: ActionReverted(), lambda r: Restarted(), lambda r: SessionStarted(),
            lambda r: ActionExecutionRejected("candidacy_form"),
            lambda r: ActiveLoop(r.choice(["another_form", None]))]
    if rng.random() < 0.08:
        return rng.choice(rare)(rng)
    return rng.choice(makers)(rng)


def a_conversation(seed: int, length: int = 60) -> list[Event]:
    rng = random.Random(seed)
    return [random_event(rng) for _ in range(length)]


def growing(sender: str, events: list[Event], **tracker_options) -> Iterator:
    """The same tracker after each event, as a live conversation grows."""
    tracker = DialogueStateTracker(sender, tracker_options.pop("slots", DOMAIN.slots),
                                   **tracker_options)
    for event in events:
        tracker.update(event)
        yield tracker


@pytest.mark.parametrize("seed", range(40))
def test_at_every_step_of_a_growing_conversation_the_states_are_rasas(seed):
    for tracker in growing(f"user-{seed}", a_conversation(seed)):
        for options in OPTIONS:
            assert tracker.past_states(DOMAIN, **options) == rasa_states_of(tracker, **options)


@pytest.mark.parametrize("seed", range(40))
def test_at_every_step_the_applied_events_are_rasas(seed):
    for tracker in growing(f"applied-{seed}", a_conversation(seed, length=120)):
        assert tracker.applied_events() == rasa_states._original_applied_events(tracker)


def test_a_tracker_with_a_bounded_history_gets_rasas_applied_events():
    for tracker in growing("bounded-history", a_conversation(5), max_event_history=7):
        assert tracker.applied_events() == rasa_states._original_applied_events(tracker)


def test_a_conversation_read_back_from_storage_is_replayed_not_resumed():
    events = a_conversation(1)
    live = DialogueStateTracker("same-user", DOMAIN.slots)
    for event in events:
        live.update(event)
    live.past_states(DOMAIN)
    reread = DialogueStateTracker.from_events("same-user", copy.deepcopy(events[:30]),
                                              DOMAIN.slots)
    assert reread.past_states(DOMAIN) == rasa_states_of(reread)


def test_two_conversations_with_the_same_events_do_not_mix():
    first = DialogueStateTracker("first", DOMAIN.slots)
    second = DialogueStateTracker("second", DOMAIN.slots)
    for event in a_conversation(2):
        first.update(event)
    for event in a_conversation(3):
        second.update(event)
    assert first.past_states(DOMAIN) == rasa_states_of(first)
    assert second.past_states(DOMAIN) == rasa_states_of(second)


@pytest.mark.parametrize("seed", range(10))
def test_changing_the_states_returned_does_not_change_the_next_answer(seed):
    for tracker in growing(f"mutating-caller-{seed}", a_conversation(seed)):
        for options in OPTIONS:
            for state in tracker.past_states(DOMAIN, **options):
                state.get(USER, {}).clear()
            assert tracker.past_states(DOMAIN, **options) == rasa_states_of(tracker, **options)


def test_at_most_the_bound_of_conversations_are_kept(monkeypatch):
    monkeypatch.setattr(rasa_states, "MAX_CONVERSATIONS", 3)
    for n in range(10):
        tracker = DialogueStateTracker(f"bounded-{n}", DOMAIN.slots)
        tracker.update(UserUttered("hi", {"name": "greet", "confidence": 1.0}))
        tracker.past_states(DOMAIN)
    assert len(rasa_states._replays) == 3


def test_a_tracker_with_other_slots_is_not_resumed_from_another_ones_replay():
    flag = BooleanSlot("flag", mappings=[{"type": "custom"}], influence_conversation=True)
    with_flag = DialogueStateTracker("same-sender", [*DOMAIN.slots, flag])
    without = DialogueStateTracker("same-sender", DOMAIN.slots)
    for event in [*a_conversation(6)[:20], SlotSet("flag", True), *a_conversation(7)[:20]]:
        with_flag.update(event)
        without.update(event)
        assert with_flag.past_states(DOMAIN) == rasa_states_of(with_flag)
        assert without.past_states(DOMAIN) == rasa_states_of(without)
