"""The graph run in order gives what dask's run gives, on the trained model's own graph."""

from __future__ import annotations

import random

import pytest
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_patches import runner as rasa_runner
from tests.support.assistant import MODEL, needs_model

pytestmark = [needs_model, pytest.mark.slow]

TEXTS = ["bonjour", "c'est quoi la bourse french tech ?", "how do I apply for the pass?",
         "je veux candidater", "asdfgh", "1234567", "quel dispositif est fait pour moi ?",
         "et pour le ticket ?", "merci", "what events are coming up?", "🙂", "?"]


@pytest.fixture(scope="module")
def agent() -> Agent:
    return Agent.load(str(MODEL))


def parse_with(run, agent: Agent, text: str) -> dict:
    processor = agent.processor
    target = processor.model_metadata.nlu_target
    tracker = DialogueStateTracker("someone", agent.domain.slots)
    results = run(processor.graph_runner, inputs={
        PLACEHOLDER_MESSAGE: [UserMessage(text, message_id="m1")], PLACEHOLDER_TRACKER: tracker},
        targets=[target])
    assert list(results) == [target]
    return results[target][0].as_dict()


def a_tracker(agent: Agent, seed: int) -> DialogueStateTracker:
    rng = random.Random(seed)
    tracker = DialogueStateTracker("someone", agent.domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    for _ in range(rng.randint(1, 4)):
        tracker.update(UserUttered("x", {"name": rng.choice(agent.domain.intents),
                                         "confidence": 1.0}))
        tracker.update(ActionExecuted(rng.choice(agent.domain.user_actions)))
        tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("x", {"name": rng.choice(agent.domain.intents),
                                     "confidence": 1.0}))
    return tracker


def predict_with(run, agent: Agent, tracker: DialogueStateTracker) -> dict:
    target = agent.processor.model_metadata.core_target
    prediction = run(agent.processor.graph_runner, inputs={PLACEHOLDER_TRACKER: tracker},
                     targets=[target])[target]
    return {"probabilities": prediction.probabilities, "policy": prediction.policy_name,
            "events": prediction.events, "is_end_to_end": prediction.is_end_to_end_prediction}


@pytest.mark.parametrize("text", TEXTS)
def test_a_message_is_parsed_as_dask_parses_it(agent, text):
    assert parse_with(rasa_runner.run, agent, text) == parse_with(
        rasa_runner._original, agent, text)


@pytest.mark.parametrize("seed", range(12))
def test_the_next_action_is_predicted_as_with_dask(agent, seed):
    assert predict_with(rasa_runner.run, agent, a_tracker(agent, seed)) == predict_with(
        rasa_runner._original, agent, a_tracker(agent, seed))


def test_the_order_is_computed_once_per_set_of_targets(agent):
    parse_with(rasa_runner.run, agent, "bonjour")
    plans = agent.processor.graph_runner.__dict__[rasa_runner.PLANS]
    count = len(plans)
    parse_with(rasa_runner.run, agent, "merci")
    assert len(plans) == count
    names = [name for name, _, _ in plans[(agent.processor.model_metadata.nlu_target,)].steps]
    for name, node in agent.processor.graph_runner._graph_schema.nodes.items():
        for need in node.needs.values():
            if name in names and need in names:
                assert names.index(need) < names.index(name)  # parents first


def test_an_input_named_like_a_node_is_refused_as_rasa_refuses_it(agent):
    processor = agent.processor
    node = processor.model_metadata.nlu_target
    for run in (rasa_runner.run, rasa_runner._original):
        with pytest.raises(GraphRunError, match="clashes with a node name"):
            run(processor.graph_runner, inputs={PLACEHOLDER_MESSAGE: node}, targets=[node])


@pytest.mark.parametrize("error", [RuntimeError, ValueError])
def test_an_error_in_a_node_reaches_the_caller_as_with_dask(agent, monkeypatch, error):
    graph_runner: DaskGraphRunner = agent.processor.graph_runner
    target = agent.processor.model_metadata.nlu_target
    failing = graph_runner._instantiated_nodes[target]

    def broken(*args, **kwargs):  # noqa: ANN002,ANN003
        raise error("broken")

    monkeypatch.setattr(failing, "_fn", broken)
    raised = []
    for run in (rasa_runner.run, rasa_runner._original):
        with pytest.raises(Exception) as caught:  # noqa: PT011 - compared below
            parse_with(run, agent, "bonjour")
        raised.append((type(caught.value), type(caught.value.__cause__)))
    assert raised[0] == raised[1]
