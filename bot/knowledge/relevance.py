"""Whether a question is about a given fact at all, before saying "the source does not say"
of it.

"Qui compose la délégation au CES ?" after the 200 M€ fund names the CES, which other facts
hold and the fund's does not: another subject, so the fund is no answer, not even a partial
one. "c'est quoi la capitale de l'australie ?" after PROGENN names nothing any fact holds:
no subject of ours at all. Word counts over the index, not a model.
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from bot.assistant.programme_extractor import fold
from bot.knowledge.retrieval import INTENT, Hit, Index
from bot.knowledge.words import PLACEHOLDER, PLACES, masked, stems

# A word held by this many facts or fewer names a subject of its own ("délégation", "fonds");
# one held by more is common to many ("startup", "entreprise").
SPECIFIC = 3
UNSAID_LENGTH = 4  # letters: shorter unknown words are chat spellings ("cb", "dc"), not things
SHARED = 15  # held by this many facts or fewer, a word two facts share makes them of one thing
NEAR = 0.15  # a fact this much less close than an overview may answer instead
NETWORK_WORDS = frozenset({"norma", "frenc", "tech"})  # the network's name
LONGER = 4  # words: shorter, a question is a follow-up by its shape
_ANAPHORA = re.compile(r"\b(?:dedans|dessus|parmi|ils|elles|eux|inside|them|they|among)\b")

# "ils servent à quoi ?", "how often do they meet, those people?": of what was just said.
_REFERS_BACK = re.compile(r"\b(?:ils|elles|eux|ceux\W+ci|ces\W+gens|they|them|those|these|he|she|"
                          r"him|his|her|"
                          r"it|its|il(?!\W+(?:y|faut|fallait|faudra)\b)|elle|lui|"
                          r"en\W+(?:fait|font|sont|est|a|ont|pense\w*|dit)\b|dans\W+tout\W+ca|"
                          r"la\W+dedans|in\W+all\W+(?:this|that))\b")


def refers_back(text: str) -> bool:
    """The message points back with a pronoun at what was just said."""
    return bool(_REFERS_BACK.search(fold(text)))


_HOLDERS: WeakKeyDictionary[Index, dict[str, int]] = WeakKeyDictionary()


def _holders(index: Index) -> dict[str, int]:
    """How many facts (not intents) are asked about with each word (their questions, not
    their answers: "total" in "un soutien total" names no subject): once per index."""
    counts = _HOLDERS.get(index)
    if counts is None:
        counts = {}
        for label, words in index.vocabulary.items():
            if label.startswith(INTENT):
                continue
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        _HOLDERS[index] = counts
    return counts


def about_elsewhere(index: Index, text: str, label: str) -> bool:
    """The question names something a few other facts hold and this one does not (not a
    short follow-up: "c'est où déjà ?" asks of what was just said, whatever "déjà" holds)."""
    if len(text.split()) < LONGER:
        return False
    holders = _holders(index)
    return any(0 < holders.get(word, 0) <= SPECIFIC for word in index.uncovered(text, label))


_MENTIONED: WeakKeyDictionary[Index, frozenset[str]] = WeakKeyDictionary()


def _mentioned(index: Index) -> frozenset[str]:
    """The words the facts' answers hold, once per index."""
    words = _MENTIONED.get(index)
    if words is None:
        words = _MENTIONED[index] = frozenset().union(*(
            held for label, held in index.mentions.items() if not label.startswith(INTENT)))
    return words


def related(index: Index, label: str, previous: str) -> bool:
    """Whether a fact speaks of what the fact just given is about: it holds a word of that
    fact's questions few facts hold ("how many cities got it?" after the label's date: the
    13 labelled metropolises name the label; the CES's cost names nothing of the Cité)."""
    holders = _holders(index)
    shared = index.vocabulary.get(previous, set()) & index.holds(label) - NETWORK_WORDS
    return any(holders.get(word, 0) <= SHARED for word in shared)


def unsaid(index: Index, text: str, label: str, things: set[str]) -> str | None:
    """The fact found, when it is of a thing the question names and the question asks of
    something nothing stored mentions ("is there a fablab at Seine Innopolis?", "y a un wifi
    gratuit à la MRI ?"): the source does not say it of that thing (no "yes", no plain
    description). A year, a town, a body or a count is no such thing: a fact may say no to
    it. `things`: the facts of the network's things (a scheme's aspect is pooled, no thing).
    Measured: finding the thing among other facts (the MRI's for the wifi read as a cost)
    cost two held-out conversations, so the fact found must be the thing's."""
    from bot.knowledge.verdict import claims

    holders = _holders(index)  # (words of the intents' examples are no facts')
    unknown = {w for w in index.uncovered(text, label) if len(w) >= UNSAID_LENGTH
               and not claims(w) and not holders.get(w) and w not in _mentioned(index)}
    asked = masked(text, index.forms)
    named = [w for w in stems(asked) - unknown - NETWORK_WORDS if holders.get(w)]
    if not unknown or not named or PLACEHOLDER in asked:  # (a scheme's: its own questions)
        return None
    return label if label in things and set(named) & index.holds(label) else None


def off_topic(index: Index, text: str) -> bool:
    """No word of substance the knowledge base holds, places aside ("un bon resto à Rouen ?",
    "la capitale de l'australie ?"); a message of shape only ("c'est où ?") is not."""
    if _ANAPHORA.search(fold(text)):
        return False  # "ya total ou renault dedans ?": of what was just said
    places = stems(" ".join(PLACES.findall(fold(text))))
    words = stems(masked(text, index.forms)) - places
    return bool(words) and not words & set(_holders(index))


def most_asked(index: Index, text: str, hit: Hit | None) -> Hit | None:
    """Instead of an overview, a fact about as close whose questions hold more of the
    question's words (the network's name aside): "What is the Normandy French Tech action
    plan?" asks the plan, not what the network is."""
    if hit is None or not hit.label.endswith("overview"):  # a general fact only
        return hit
    words = stems(masked(text, index.forms)) - NETWORK_WORDS
    held = len(words & index.vocabulary.get(hit.label, set()))
    better = [h for h in index.ranking(text) if h.intent is None and h.label != hit.label
              and h.score >= hit.score - NEAR and len(words & index.vocabulary.get(
                  h.label, set())) > held]
    return better[0] if better else hit
