"""The indexed rule lookup finds exactly the rules Rasa's own lookup finds, in its order."""

from __future__ import annotations

import json
import random
import tarfile
from pathlib import Path

import pytest
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_patches import rules as rasa_rules
from tests.support.assistant import MODEL, needs_model

pytestmark = [needs_model, pytest.mark.slow]

DOMAIN = Domain.load(Path(__file__).parent.parent / "domain.yml")


def trained_lookups() -> dict[str, dict]:
    """The rule policy's lookups of the trained model (rules, loop unhappy paths...)."""
    with tarfile.open(MODEL) as archive:
        member = next(m for m in archive.getmembers()
                      if m.name.endswith("/rule_policy.json") and "RulePolicy" in m.name)
        return json.load(archive.extractfile(member))["lookup"]


def a_policy() -> RulePolicy:
    return RulePolicy.__new__(RulePolicy)  # the lookup functions need no trained state


def rasas_keys(lookup: dict, states: list) -> list[str]:
    return list(rasa_rules._original(a_policy(), lookup, states))


def indexed_keys(lookup: dict, states: list) -> list[str]:
    return list(rasa_rules._get_possible_keys(a_policy(), lookup, states))


def the_rules_own_states(lookup: dict) -> list[list]:
    """Each rule's states, and their endings: conversations that match rules."""
    histories = []
    for key in lookup:
        states = json.loads(key)
        histories += [states[start:] for start in range(len(states))]
    return histories


def a_conversation(seed: int, length: int = 40) -> DialogueStateTracker:
    rng = random.Random(seed)
    forms = ["candidacy_form", "advisor_form", None]
    tracker = DialogueStateTracker("someone", DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen"))
    for _ in range(length):
        roll = rng.random()
        if roll < 0.35:
            tracker.update(UserUttered("text", {"name": rng.choice(DOMAIN.intents),
                                                "confidence": 1.0}))
        elif roll < 0.85:
            tracker.update(ActionExecuted(rng.choice(
                ["action_listen", *forms[:2], *DOMAIN.user_actions[:12]])))
        elif roll < 0.95:
            slot = rng.choice(DOMAIN.slots)
            tracker.update(SlotSet(slot.name, rng.choice([None, True, "fr", "x"])))
        else:
            tracker.update(ActiveLoop(rng.choice(forms)))
    return tracker


def every_prefix_states(tracker: DialogueStateTracker) -> list[list]:
    states = DOMAIN.states_for_tracker_history(tracker)
    return [states[:end] for end in range(1, len(states) + 1)]


@pytest.mark.parametrize("name", ["rules", "rules_for_loop_unhappy_path"])
def test_for_every_rules_own_history_the_keys_and_their_order_are_rasas(name):
    lookup = trained_lookups()[name]
    histories = the_rules_own_states(lookup)
    assert len(histories) > 40
    for states in histories:
        assert indexed_keys(lookup, states) == rasas_keys(lookup, states)
    assert any(indexed_keys(lookup, states) for states in histories)


@pytest.mark.parametrize("seed", range(15))
def test_along_random_conversations_the_keys_are_rasas(seed):
    lookups = trained_lookups()
    for states in every_prefix_states(a_conversation(seed)):
        for lookup in (lookups["rules"], lookups["rules_for_loop_unhappy_path"]):
            assert indexed_keys(lookup, states) == rasas_keys(lookup, states)


def test_a_conversations_first_state_and_no_state_are_left_to_rasa():
    lookup = trained_lookups()["rules"]
    first = [{"user": {"intent": "greet"}}]
    assert indexed_keys(lookup, first) == rasas_keys(lookup, first)
    assert indexed_keys(lookup, []) == rasas_keys(lookup, [])


def test_a_lookup_that_changed_is_indexed_again():
    lookup = dict(trained_lookups()["rules"])
    states = [{"prev_action": {"action_name": "action_listen"}, "user": {"intent": "a_new_intent"}}]
    before = indexed_keys(lookup, states)
    new_rule = json.dumps(states)
    lookup[new_rule] = "utter_greet"
    after = indexed_keys(lookup, states)
    assert new_rule not in before and new_rule in after
    assert after == rasas_keys(lookup, states)
