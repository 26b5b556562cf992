"""What a short follow-up asks for — a place or a date — and whether a fact states one.

"c'est où déjà ?" after the CES's delegation: the fact just given names Las Vegas, so it is
the answer, whatever other fact shares a word with the question ("c'était où ?" is no
operational committee's). Rules, not a model.
"""

from __future__ import annotations

import re

from bot.assistant.programme_extractor import fold
from bot.knowledge.verdict import ELSEWHERE, YEAR
from bot.knowledge.words import PLACES

# "où" unaccented is also "or": only at the start or the end of the question.
_WHERE = re.compile(r"^\W*(?:et\W+|and\W+|so\W+)?(?:c\W?est\W+|c\W?etait\W+|ca\W+se\W+passe\W+|"
                    r"ca\W+s\W?est\W+passe\W+)?ou\b|\bou\W*(?:deja|ca|exactement|donc)?\W*$|"
                    r"\bwhere\b|\b(?:quelle|which|what)\W+(?:ville|city|town|endroit|place|lieu)\b")
_WHEN = re.compile(r"\b(?:quand|when|wen)\b|\b(?:quelle|what|which)\W+(?:date|annee|year|mois|"
                   r"month|jour|day)\b")
_MONTH = re.compile(r"\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|"
                    r"novembre|decembre|january|february|march|april|may|june|july|august|"
                    r"september|october|november|december)\b")


def kind_asked(text: str) -> str | None:
    """"where", "when", or None."""
    folded = fold(text)
    if _WHEN.search(folded):
        return "when"
    if _WHERE.search(folded):
        return "where"
    return None


def states(kind: str, answer: str) -> bool:
    """Whether `answer` names a place (beyond Normandy itself) or a date."""
    folded = fold(answer)
    if kind == "where":
        return bool(ELSEWHERE.search(folded) or {p for p in PLACES.findall(folded)}
                    - {"normandie", "normandy"})
    return bool(_MONTH.search(folded) or YEAR.search(folded))


_DELAY = re.compile(r"\b(?:delais?|time|times)\b")


def speaks_of_time(answer: str) -> bool:
    """A date, or the time it takes said outright ("aucun délai de réponse n'est fixé")."""
    return states("when", answer) or bool(_DELAY.search(fold(answer)))
