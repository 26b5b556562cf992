"""Which aspect of the knowledge base a question asks about, by nearest stored question.

Every knowledge entry brings the questions people ask about it; entries of different schemes
with the same aspect (duration, cost...) pool theirs, so a question finds an *aspect*, and the
scheme comes from the conversation (the name in the message, else the one under discussion).
Scheme names are replaced by one placeholder on both sides, as the intent classifier does:
"combien de temps dure le pass" and "how long is the ticket" are the same question.

The entries compete with the NLU's own training examples, each labelled with its intent: a
question closest to an intent's examples ("c'est combien la bourse ?" is `ask_funding`) is
left to that intent's answer, so the index never takes over what the router already answers.
Ranking: TF-IDF of character 2–5-grams and of words (scikit-learn, as the intent classifier),
cosine similarity to each stored question, the best per label; compared with rank-bm25 and
rapidfuzz in docs/nlu.md. A new entry is answered as soon as it is saved (no retraining).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from bot.assistant.programme_extractor import compact, fold
from bot.config import LANGUAGES, PROJECT_ROOT
from bot.db.models import KnowledgeEntry
from bot.knowledge.form import COMPARISON
from bot.knowledge.words import (
    CAPITALISED,
    INSTITUTIONS,
    NOT_NAMES,
    family,
    masked,
    places_in,
    stems,
    swapped_place,
)

NLU_DATA = PROJECT_ROOT / "nlu" / "intents"
INTENT = "intent:"  # label prefix of the NLU's examples
# Intents whose examples do not compete with the facts: `ask_about_network`'s ("c'est où les
# bâtiments totems") date from when its block was the only answer; each fact answers its own.
YIELDING = frozenset({"ask_about_network"})
# Calibrated on the training data only (`ftbot eval knowledge`: leave-one-out over the entries'
# questions and the NLU's examples); never on the held-out sets or the conversation suite.
THRESHOLD = 0.30
MARGIN = 0.0  # an intent's example closer by this keeps a question (leave-one-out: 0 is best)
# A fact covering more of the question's words of substance than the closest intent's
# example may be this much less close and still answer.
SHAPE_MARGIN = 0.05
# A follow-up is matched among the facts sharing one of its words, with the question before
# it: a narrower choice than a question alone's, so a lower bar (the dev suite's follow-ups).
FOLLOW_UP_THRESHOLD = 0.25
NAMING_MARGIN = 0.15  # a fact naming the question's places may be this much less close
SETTLED_EXTRA = 2  # words of a yes/no question its fact does not hold, for the fact to settle it
FAMILY_BONUS = 0.1  # a follow-up's fact of the same family as the one just given
# Turns of talk and questions about the assistant: a follow-up close to their examples ("it
# includes what exactly?", "ça sert à quoi concrètement ?") still asks of what was just said.
NOT_OF_A_SUBJECT = frozenset({"affirm", "deny", "skip", "thank", "greet", "goodbye",
                              "continue_later", "ask_capabilities", "bot_challenge"})
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Hit:
    label: str  # an aspect, or "intent:<name>"
    score: float

    @property
    def intent(self) -> str | None:
        return self.label[len(INTENT):] if self.label.startswith(INTENT) else None


class Index:
    """Stored questions, each with its label, as TF-IDF vectors; `answers`: (label, answer)
    pairs, whose words a follow-up or a yes/no question may name."""

    def __init__(self, documents: Sequence[tuple[str, str]], forms: dict[str, str],
                 answers: Iterable[tuple[str, str]] = ()) -> None:
        self.forms = forms
        self.raw_texts = [text for text, _ in documents]
        texts = [masked(text, forms) for text in self.raw_texts]
        self.labels = np.array([label for _, label in documents])
        common = {"lowercase": True, "strip_accents": "unicode", "sublinear_tf": True,
                  "dtype": np.float32}
        self.vectorizers = (
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), **common),
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2),
                            token_pattern=r"(?u)\b\w+\b", **common),
        )
        self.matrices = [v.fit_transform(texts).T.tocsr() for v in self.vectorizers]
        self.vocabulary: dict[str, set[str]] = {}
        self.mentions: dict[str, set[str]] = {}
        self.placed: dict[str, bool] = {}  # an answer of the label names a Normandy town
        self.known_words: set[str] = set()
        self.names_words: set[str] = stems(" ".join(INSTITUTIONS))
        for text, label in zip(texts, self.labels, strict=True):
            words = stems(text)
            self.vocabulary.setdefault(str(label), set()).update(words)
            self.known_words |= words
        # questions grouped by label, for the best score per label in one numpy call
        self.names, codes = np.unique(self.labels, return_inverse=True)
        self.order = np.argsort(codes, kind="stable")
        self.starts = np.searchsorted(codes[self.order], np.arange(len(self.names)))
        self.intents = np.char.startswith(self.names.astype(str), INTENT)
        for label, answer in answers:
            self._mention(label, answer)

    def scores(self, text: str, query: str | None = None) -> np.ndarray:
        """Cosine similarity of `text` to every stored question (the mean of both views);
        `query`: the text already masked (the NLU found the names)."""
        query = masked(text, self.forms) if query is None else query
        total = np.zeros(len(self.labels), dtype=np.float32)
        for vectorizer, matrix in zip(self.vectorizers, self.matrices, strict=True):
            vector = normalize(vectorizer.transform([query]))
            total += (vector @ matrix).toarray().ravel()
        return total / len(self.vectorizers)

    def ranking(self, text: str, exclude: int | None = None, query: str | None = None,
                top: int = 8, aspects: set[str] | None = None) -> list[Hit]:
        """The `top` labels by their best question's similarity, best first (`exclude`: one
        stored question left out, for leave-one-out calibration; `aspects`: the only facts
        that may rank, the intents always do)."""
        scores = self.scores(text, query)
        if exclude is not None:
            scores[exclude] = -1.0
        return self.ranked(scores, top, aspects)

    def ranked(self, scores: np.ndarray, top: int,
               aspects: set[str] | None = None) -> list[Hit]:
        best = np.maximum.reduceat(scores[self.order], self.starts)
        if aspects is not None:
            best[~(self.intents | np.isin(self.names, list(aspects)))] = -1.0
        chosen = np.argsort(-best, kind="stable")[:top]  # a tie: the fact (sorted first)
        return [Hit(str(self.names[i]), float(best[i])) for i in chosen]

    def match(self, text: str, threshold: float = THRESHOLD, exclude: int | None = None,
              query: str | None = None, aspects: set[str] | None = None) -> Hit | None:
        """The aspect asked about, when it is the best label, close enough and sharing a
        word of substance with its questions; None otherwise (an intent's, or nothing)."""
        query = masked(text, self.forms) if query is None else query  # once: it finds names
        ranking = self.ranking(text, exclude, query, aspects=aspects)
        hit = self.decide(text, ranking, threshold, query)
        return hit and self.naming(hit, ranking, threshold, query)

    def naming(self, hit: Hit, ranking: list[Hit], threshold: float, query: str) -> Hit:
        """The fact naming the question's places, when the one found names none ("est-elle
        passée par Caen ?": the visit, not her role) and another, close enough, does."""
        places = places_in(query)
        if not places or self.placed.get(hit.label):  # "la MRI, au Havre ?": its own, a no
            return hit
        return next((other for other in ranking if other.intent is None
                     and other.score >= max(threshold, hit.score - NAMING_MARGIN)
                     and places <= self.holds(other.label)), hit)

    def follow_up(self, text: str, before: str, threshold: float = FOLLOW_UP_THRESHOLD,
                  intents: bool = False, aspects: set[str] | None = None,
                  previous: str | None = None, filtered: bool = True) -> Hit | None:
        """A short follow-up ("and Caen?", "ils ont été constitués quand ?") read with the
        question before it (half each), among the facts whose questions (else answers) share a
        word of substance with it; `intents`: an intent's examples may be closest; `aspects`:
        the only facts that may answer; `previous`: the fact just given, whose family a
        follow-up most likely stays in ("and Rouen?" after Caen's axis)."""
        before = swapped_place(before, text)
        scores = 0.5 * self.scores(f"{before} {text}") + 0.5 * self.scores(text)
        ranking = [hit for hit in self.ranked(scores, top=len(self.names), aspects=aspects)
                   if hit.intent not in NOT_OF_A_SUBJECT]
        if previous:  # its kin ("and Rouen?" after Caen's axis), not itself again
            ranking = sorted((Hit(hit.label, hit.score + FAMILY_BONUS)
                              if family(hit.label) == family(previous)
                              and hit.label != previous else hit
                              for hit in ranking), key=lambda hit: -hit.score)
        words = stems(masked(text, self.forms)) if filtered else set()
        if not filtered:  # among the given facts only: no intent competes
            ranking = [hit for hit in ranking if hit.intent is None]
        if words:  # asked about: in its questions, or in the answers of the fact just given's kin
            asked = [hit for hit in ranking if words & self.vocabulary.get(hit.label, set())
                     or previous and hit.label != previous
                     and family(hit.label) == family(previous)
                     and words & self.mentions.get(hit.label, set())]
            ranking = asked if any(hit.intent is None and hit.score >= threshold
                                   for hit in asked) else \
                [hit for hit in ranking if words & self.holds(hit.label)]
        fact = self.decide(text, ranking, threshold, mentions=True)
        if intents and ranking and ranking[0].intent not in (None, "out_of_scope") \
                and ranking[0].score >= threshold \
                and (fact is None or fact.score < ranking[0].score):
            return ranking[0]  # "pour qui ?" after a scheme's description: its eligibility
        return fact

    def two_facts(self, text: str, threshold: float = THRESHOLD) -> list[Hit]:
        """"Seine Innopolis and the MRI: what sets them apart?": the two facts, each holding
        words of the question the other does not; [] when there are no two such."""
        words = stems(masked(text, self.forms)) - stems(" ".join(COMPARISON.findall(fold(text))))
        found: list[tuple[Hit, set[str]]] = []  # ("difference" names neither of the two)
        for hit in self.ranking(text, top=12):
            own = words & self.vocabulary.get(hit.label, set())
            if hit.intent is None and hit.score >= threshold and own and \
                    all(own - other for _, other in found):
                found.append((hit, own))
        return [hit for hit, _ in found[:2]] if len(found) >= 2 else []

    def settles(self, text: str, label: str) -> bool:
        """Whether the fact's yes or no answers this yes/no question: at most two words of
        the question are not the fact's own, and they name nothing (no place, body or person
        the stored answers name): "is the bourse run by the region?" gets no "Yes"."""
        extra = self.uncovered(text, label)
        return len(extra) <= SETTLED_EXTRA and not extra & self.names_words

    def holds(self, label: str) -> set[str]:
        """The words a fact's questions and answers hold."""
        return self.vocabulary.get(label, set()) | self.mentions.get(label, set())

    def uncovered(self, text: str, label: str) -> set[str]:
        """The text's words of substance that the fact's questions and answer do not hold."""
        return stems(masked(text, self.forms)) - self.holds(label)

    def unknown_words(self, text: str, label: str) -> set[str]:
        """The text's words of substance nothing stored holds: "is there a car park at Seine
        Innopolis?" asks of a car park, so it is not Seine Innopolis's yes or no."""
        return {word for word in self.uncovered(text, label) if word not in self.known_words}

    def _mention(self, label: str, text: str) -> None:
        """Words a fact's answer holds: a follow-up may name them ("et à Rouen ?" after the
        totem buildings: Seine Innopolis, in the Rouen metropolis)."""
        words = stems(masked(text, self.forms))
        self.mentions.setdefault(label, set()).update(words)
        self.placed[label] = self.placed.get(label, False) or bool(places_in(text))
        self.known_words |= words
        self.names_words |= stems(" ".join(CAPITALISED.findall(text))) - NOT_NAMES

    def decide(self, text: str, ranking: list[Hit], threshold: float,
               query: str | None = None, mentions: bool = False) -> Hit | None:
        """The best fact above the threshold that shares a word of substance with the text
        ("does the bourse come with coaching?" is not its funding's, which shares only the
        question's shape), unless an intent's example is closer; a fact covering more of the
        question's words than that example may be up to SHAPE_MARGIN less close."""
        words = stems(masked(text, self.forms) if query is None else query)
        intent: tuple[float, int] | None = None  # the closest intent: score, words covered
        for hit in ranking:
            if hit.score < threshold:
                return None
            if hit.intent is not None:
                if intent is None:
                    intent = (hit.score, len(words & self.vocabulary.get(hit.label, set())))
                continue
            known = self.holds(hit.label) if mentions else self.vocabulary.get(hit.label, set())
            covered = len(words & known)
            if words and not covered:
                continue
            if intent is None or hit.score >= intent[0] - MARGIN:
                return hit
            if hit.score >= intent[0] - SHAPE_MARGIN and covered > intent[1]:
                return hit
            return None
        return None


def entry_documents(entries: Iterable[KnowledgeEntry]) -> list[tuple[str, str]]:
    return [(question, entry.aspect) for entry in entries
            for language in LANGUAGES for question in (entry.questions or {}).get(language, [])
            if isinstance(question, str) and question.strip()]


@lru_cache(maxsize=1)
def nlu_data(folder: Path = NLU_DATA) -> tuple[Pairs, Pairs]:
    """The NLU's examples as (text, "intent:<name>") and its scheme-name forms, read once:
    they change only with the training data (and a restart)."""
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.assistant.programme_extractor import learn_forms

    examples: list[tuple[str, str]] = []
    forms: dict[str, str] = {}
    for path in sorted(folder.glob("*.yml")):
        data = load_data(str(path))
        forms.update(learn_forms(data))
        examples += [(_ANNOTATION.sub(r"\1", m.get("text") or ""), INTENT + m.get("intent"))
                     for m in data.intent_examples
                     if m.get("intent") and m.get("intent") not in YIELDING]
    return tuple(examples), tuple(forms.items())


def scheme_forms(entries_subjects: Iterable[tuple[str, dict]]) -> dict[str, str]:
    """Forms of the schemes' names as the database holds them (names in both languages and
    keys), added to the NLU's: a scheme staff add later is masked too."""
    forms: dict[str, str] = {}
    for key, names in entries_subjects:
        for name in [key.replace("_", " "), *(names or {}).values()]:
            if isinstance(name, str) and compact(name):
                forms[compact(name)] = key
    return forms


_lock = threading.Lock()
_cached: tuple[object, Index] | None = None


def index_for(entries: tuple[KnowledgeEntry, ...],
              programmes: Iterable[tuple[str, dict]] = ()) -> Index:
    """The index of these entries: built once per version of the knowledge (the catalogue
    hands out the same tuple until something changes)."""
    global _cached
    with _lock:
        if _cached is not None and _cached[0] is entries:
            return _cached[1]
        examples, nlu_forms = nlu_data()
        forms = {**scheme_forms(programmes), **dict(nlu_forms)}
        answers = [(entry.aspect, str(answer)) for entry in entries
                   for answer in (entry.answer or {}).values()]
        index = Index([*entry_documents(entries), *examples], forms, answers)
        _cached = (entries, index)
        return index
