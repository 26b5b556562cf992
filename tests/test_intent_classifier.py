"""The intent classifier serves scikit-learn's probabilities, one message at a time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from bot.assistant.intent_classifier import TfidfIntentClassifier, masked

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def storage(tmp_path_factory) -> LocalModelStorage:
    return LocalModelStorage(tmp_path_factory.mktemp("model"))


@pytest.fixture(scope="module")
def trained(storage) -> TfidfIntentClassifier:
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = TfidfIntentClassifier.create({}, storage, Resource("classifier"), context)
    classifier.train(load_data(str(ROOT / "nlu" / "intents")))
    return classifier


def sentences() -> list[Message]:
    """Every training and held-out sentence, with its annotated scheme names."""
    training = load_data(str(ROOT / "nlu" / "intents")).intent_examples
    held_out = load_data(str(ROOT / "tests" / "nlu")).intent_examples
    return [m for m in [*training, *held_out] if (m.get(TEXT) or "").strip()]


def test_each_message_gets_scikit_learns_probabilities(trained):
    messages = sentences()
    assert len(messages) > 1000
    reference = trained.batch_probabilities([masked(m) for m in messages])
    served = np.array([trained.scorer().probabilities(masked(m)) for m in messages])
    assert np.abs(served - reference).max() < 1e-5
    assert (served.argmax(axis=1) == reference.argmax(axis=1)).all()


def test_a_message_is_ranked_by_its_probabilities(trained):
    message = Message(data={TEXT: "c'est quoi la bourse french tech ?"})
    trained.process([message])
    ranking = message.get("intent_ranking")
    confidences = [entry["confidence"] for entry in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert len(ranking) == 10
    assert message.get(INTENT) == ranking[0]
    reference = trained.batch_probabilities([message.get(TEXT)])[0]
    assert ranking[0]["name"] == trained.classifier.classes_[reference.argmax()]


def test_a_text_of_nothing_the_model_knows_gets_scikit_learns_answer(trained):
    message = Message(data={TEXT: "ꙮꙮꙮ"})
    trained.process([message])
    reference = trained.batch_probabilities(["ꙮꙮꙮ"])[0]
    top = message.get(INTENT)
    assert top["name"] == trained.classifier.classes_[reference.argmax()]
    assert abs(top["confidence"] - reference.max()) < 1e-6


def test_an_empty_message_gets_no_intent(trained):
    message = Message(data={TEXT: "   "})
    trained.process([message])
    assert message.get(INTENT) is None


def test_the_loaded_model_answers_as_the_trained_one(trained, storage):
    context = ExecutionContext(GraphSchema({}), "test")
    loaded = TfidfIntentClassifier.load({}, storage, Resource("classifier"), context)
    for text in ["how do I apply for the pass?", "quel temps fait-il ?", "je veux candidater"]:
        first, second = Message(data={TEXT: text}), Message(data={TEXT: text})
        trained.process([first])
        loaded.process([second])
        assert first.get("intent_ranking") == second.get("intent_ranking")
