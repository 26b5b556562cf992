"""Rasa component: finds the `programme` entity by dictionary, without a neural tagger.

Scheme names are a closed set. Every way the training data names one (synonyms and
annotated spans) becomes a form; a message's word windows are matched against the forms,
longest first, exactly (spaces, accents, hyphens and case ignored: "frenchtech", "NT 40")
or, for long forms, within a small edit distance ("bourse frenchteck", "progen"). The
output is always a canonical key with its span, the contract the actions rely on.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

ENTITY = "programme"
MAX_WORDS = 5
FUZZY_MIN_LENGTH = 6  # shorter forms ("pass", "bft", "hub") must be typed exactly
FUZZY_MIN_SCORE = 86
FUZZY_MAX_LENGTH_GAP = 2
_ARTICLES = {"le", "la", "les", "l", "the", "un", "une", "a", "au", "du", "de", "des"}
_SMALL_WORDS = _ARTICLES | {"et", "ou", "and", "or", "pour", "for", "sur", "about", "of",
                             "en", "in", "est", "is", "quoi", "what", "c", "s", "d", "j", "pas",
                             "plus", "non", "not"}
_WORD = re.compile(r"[a-z0-9]+")
# The network's own name is no scheme's, however close ("normandy french tech sera" is not
# "french tech grant"): its words are set aside first.
NOT_SCHEMES = {"normandyfrenchtech", "frenchtechnormandy", "frenchtechnormandie",
               "normandiefrenchtech"}
# "What happened in Normandy's tech scene?": the region's tech, not the Normandy Tech 40.
TECH_SCENE = {f"{normandy}{tech}{scene}" for normandy in ("normandy", "normandys", "normandie")
              for tech in ("tech", "stech") for scene in ("scene", "ecosystem", "ecosysteme",
                                                         "community", "world", "sector")}
FILENAME = "programme_forms.json"


def fold(text: str) -> str:
    """Lowercase ASCII of the same length (accents dropped), so spans stay aligned."""
    out = []
    for ch in text.lower():
        base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        out.append(base[:1] or ch)
    return "".join(out)


def compact(form: str) -> str:
    words = _WORD.findall(fold(form))
    while words and words[0] in _ARTICLES and len(words) > 1:
        words = words[1:]
    return "".join(words)


@dataclass
class Match:
    start: int
    end: int
    key: str
    score: float


def find(text: str, forms: dict[str, str]) -> list[Match]:
    """Non-overlapping matches: names of several words first (exact, then approximate),
    then single words, so "bourse frenchteck" is one name rather than "bourse" alone."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(fold(text))]
    taken = [False] * len(words)
    long_forms = [f for f in forms if len(f) >= FUZZY_MIN_LENGTH]
    found: list[Match] = []
    longest = min(MAX_WORDS, len(words))
    passes = [(size, False) for size in range(longest, 1, -1)]
    passes += [(size, True) for size in range(longest, 1, -1)] + [(1, False), (1, True)]
    _set_aside(words, taken, TECH_SCENE)
    for size, approximate in passes:
        if approximate and size == longest:  # exact names found: set the network's aside
            _set_aside(words, taken)
        for i in range(len(words) - size + 1):
            window = words[i:i + size]
            if any(taken[i:i + size]) or (approximate and _loose_edge(window)):
                continue
            joined = "".join(w for _, _, w in window)
            match = _fuzzy(joined, forms, long_forms) if approximate else (
                (forms[joined], 100.0) if joined in forms else None)
            if match:
                found.append(Match(window[0][0], window[-1][1], *match))
                taken[i:i + size] = [True] * size
    return sorted(found, key=lambda m: m.start)


def _set_aside(words: list[tuple[int, int, str]], taken: list[bool],
                           names: set[str] = NOT_SCHEMES) -> None:
    for size in (3, 4):
        for i in range(len(words) - size + 1):
            if not any(taken[i:i + size]) and \
                    "".join(w for _, _, w in words[i:i + size]) in names:
                taken[i:i + size] = [True] * size


def _loose_edge(window: list[tuple[int, int, str]]) -> bool:
    """A window that starts or ends with a small word is never an approximate name."""
    return window[0][2] in _SMALL_WORDS or window[-1][2] in _SMALL_WORDS


def _fuzzy(window: str, forms: dict[str, str], long_forms: list[str]) -> tuple[str, float] | None:
    if len(window) < FUZZY_MIN_LENGTH:
        return None
    best: tuple[str, float] | None = None
    for form in long_forms:
        if abs(len(form) - len(window)) > FUZZY_MAX_LENGTH_GAP:
            continue
        score = fuzz.ratio(window, form)
        if score >= FUZZY_MIN_SCORE and (best is None or score > best[1]):
            best = (forms[form], score)
    return best


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class ProgrammeExtractor(GraphComponent, EntityExtractorMixin):
    """Dictionary extractor of the `programme` entity, learnt from the training data."""

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage,
                 resource: Resource, forms: dict[str, str] | None = None) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self.forms = forms or {}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ProgrammeExtractor:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> ProgrammeExtractor:
        with model_storage.read_from(resource) as directory:
            forms = json.loads((directory / FILENAME).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, forms)

    def train(self, training_data: TrainingData) -> Resource:
        self.forms = learn_forms(training_data)
        with self._storage.write_to(self._resource) as directory:
            (directory / FILENAME).write_text(json.dumps(self.forms, sort_keys=True),
                                              encoding="utf-8")
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
            seen: set[str] = set()
            for match in find(text, self.forms):
                if match.key in seen:
                    continue
                seen.add(match.key)
                entities.append({
                    "entity": ENTITY, "start": match.start, "end": match.end,
                    "value": match.key, "confidence_entity": round(match.score / 100, 2),
                    "extractor": self.name,
                })
            message.set(ENTITIES, entities, add_to_output=True)
        return messages


def learn_forms(training_data: TrainingData) -> dict[str, str]:
    """Every surface form of a scheme in the training data -> its canonical key."""
    synonyms = training_data.entity_synonyms
    keys = set(synonyms.values())
    forms: dict[str, str] = {}
    for example in training_data.entity_examples:
        for entity in example.get(ENTITIES, []):
            if entity.get("entity") != ENTITY:
                continue
            surface = example.get(TEXT)[entity["start"]:entity["end"]]
            value = str(entity.get("value"))
            keys.add(synonyms.get(value, value))
            forms[compact(surface)] = synonyms.get(value, value)
    for surface, key in synonyms.items():
        if key in keys:
            forms[compact(surface)] = key
    for key in keys:
        forms[compact(key.replace("_", " "))] = key
    return {form: key for form, key in forms.items() if form}
