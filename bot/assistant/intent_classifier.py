"""Rasa component: a light intent classifier (TF-IDF n-grams + logistic regression).

Chosen over DIET by the comparison of `ftbot eval nlu --compare` (docs/nlu.md): on sentences
the project never trained on it is as accurate, catches more out-of-scope questions, trains
in seconds instead of minutes and parses in about a millisecond. Character n-grams (2-5,
accents stripped) carry typos and missing accents; word uni- and bigrams carry phrasing.
It reads the raw text, so it needs no tokenizer or featurizer before it, with one twist:
a scheme's name (the `programme` entity: annotated in training, found by the extractor
placed before this component when serving) is replaced by one placeholder word, so that
"what is the ticket" and "what is the bourse" are one question (+2 to 3 points of
cross-validated accuracy).

The model is saved as plain arrays (JSON + NumPy without pickle): loading a model never
runs code from the model file.

Serving scores one message at a time (`_Scorer`) with the same arithmetic as scikit-learn's
`transform` and `predict_proba`, without their sparse matrices: for a single short text
their checks and conversions cost ~2 ms of CPU, the arithmetic ~0.1 ms (a test compares the
two on every training and held-out sentence).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.extmath import softmax

PLACEHOLDER = " xschemex "
VOCABULARY = "vocabulary.json"
ARRAYS = "arrays.npz"


def masked(message: Message) -> str:
    """The text with every scheme's name replaced by the placeholder."""
    text = message.get(TEXT) or ""
    spans = sorted((e["start"], e["end"]) for e in message.get(ENTITIES) or []
                   if e.get("entity") == "programme" and "start" in e and "end" in e)
    for start, end in reversed(spans):
        text = text[:start] + PLACEHOLDER + text[end:]
    return text


def vectorizers() -> dict[str, TfidfVectorizer]:
    common = {"lowercase": True, "strip_accents": "unicode", "sublinear_tf": True,
              "dtype": np.float32}
    return {
        "chars": TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=1, **common),
        "words": TfidfVectorizer(analyzer="word", ngram_range=(1, 2),
                                 token_pattern=r"(?u)\b\w+\b", **common),
    }


class _Scorer:
    """The classifier's probabilities for one text, computed on dense arrays."""

    def __init__(self, vectorizers: dict[str, TfidfVectorizer],
                 classifier: LogisticRegression) -> None:
        self.parts = []
        offset = 0
        for vectorizer in vectorizers.values():
            size = len(vectorizer.vocabulary_)
            weights = np.ascontiguousarray(classifier.coef_[:, offset:offset + size].T)
            self.parts.append((vectorizer.build_analyzer(), vectorizer.vocabulary_,
                               np.asarray(vectorizer.idf_, dtype=np.float32), weights))
            offset += size
        self.intercept = np.asarray(classifier.intercept_, dtype=np.float64)

    def probabilities(self, text: str) -> np.ndarray:
        scores = self.intercept.copy()
        for analyze, vocabulary, idf, weights in self.parts:
            counts = Counter(i for term in analyze(text) if (i := vocabulary.get(term)) is not None)
            if not counts:
                continue
            columns = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            values = (np.log(tf) + np.float32(1)) * idf[columns]  # sublinear tf, idf
            norm = np.sqrt(np.dot(values, values))
            if norm:
                values = values / norm  # l2, per vectorizer as in `transform`
            scores += values.astype(np.float64) @ weights[columns]
        return softmax(scores[np.newaxis, :])[0]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfIntentClassifier(IntentClassifier, GraphComponent):
    """Intent and ranking from TF-IDF features of the raw text."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # class_weight: "balanced" or null (classes weighted by their number of examples)
        return {"C": 30.0, "class_weight": "balanced", "ranking_length": 10, "random_state": 42}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage,
                 resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.vectorizers = vectorizers()
        self.classifier = LogisticRegression(C=self.config["C"],
                                             class_weight=self.config["class_weight"],
                                             max_iter=2000,
                                             random_state=self.config["random_state"])
        self._scorer: _Scorer | None = None

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> TfidfIntentClassifier:
        return cls(config, model_storage, resource)

    def _features(self, texts: list[str]) -> Any:
        return hstack([v.transform(texts) for v in self.vectorizers.values()]).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        texts = [masked(e) for e in examples]
        for vectorizer in self.vectorizers.values():
            vectorizer.fit(texts)
        self.classifier.fit(self._features(texts), [e.get(INTENT) for e in examples])
        self._scorer = None
        self._persist()
        return self._resource

    def batch_probabilities(self, texts: list[str]) -> np.ndarray:
        """scikit-learn's own computation (the reference `_Scorer` is tested against)."""
        return self.classifier.predict_proba(self._features(texts))

    def scorer(self) -> _Scorer:
        if self._scorer is None:
            self._scorer = _Scorer(self.vectorizers, self.classifier)
        return self._scorer

    def process(self, messages: list[Message]) -> list[Message]:
        labels = self.classifier.classes_
        for message in messages:
            if not (message.get(TEXT) or "").strip():
                continue
            row = self.scorer().probabilities(masked(message))
            order = np.argsort(-row)[: self.config["ranking_length"]]
            ranking = [{"name": str(labels[i]), "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def _persist(self) -> None:
        with self._storage.write_to(self._resource) as directory:
            vocabulary = {name: {term: int(i) for term, i in v.vocabulary_.items()}
                          for name, v in self.vectorizers.items()}
            (directory / VOCABULARY).write_text(json.dumps(vocabulary), encoding="utf-8")
            np.savez(directory / ARRAYS,
                     classes=np.array(self.classifier.classes_, dtype=str),
                     coef=self.classifier.coef_, intercept=self.classifier.intercept_,
                     **{f"idf_{name}": v.idf_ for name, v in self.vectorizers.items()})

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> TfidfIntentClassifier:
        component = cls(config, model_storage, resource)
        with model_storage.read_from(resource) as directory:
            vocabulary = json.loads((directory / VOCABULARY).read_text(encoding="utf-8"))
            with np.load(directory / ARRAYS, allow_pickle=False) as arrays:
                for name, vectorizer in component.vectorizers.items():
                    vectorizer.vocabulary_ = vocabulary[name]
                    vectorizer.idf_ = arrays[f"idf_{name}"]
                classifier = component.classifier
                classifier.classes_ = arrays["classes"]
                classifier.coef_ = arrays["coef"]
                classifier.intercept_ = arrays["intercept"]
        return component
