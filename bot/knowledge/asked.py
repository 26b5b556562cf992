"""What a question asks for — a place, a date, which one — and whether a fact states it.

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


# "quel incubateur ?", "which incubator?", "c'est quelles entreprises ?", "quel organisme ?"
_WHICH = re.compile(r"\b(?:quel|quelle|quels|quelles|which)\W+(?!(?:est|sont|etait|etaient|"
                    r"sera|seront|serait|is|are|was|were|will|would|one|ones|of)\b)(\w{4,})")
_WHICH_OPEN = re.compile(r"\bwhich\W+(?:one|ones)\b|\blesquel\w*\b|\blequel\b|\blaquelle\b")


def _is_name(words: list[str], j: int) -> bool:
    """A capitalised word not opening a sentence ("Seine Innopolis", "Bpi"), nor a place's
    ("40 entreprises installées en Normandie" names none of them)."""
    word = words[j]
    opening = j == 0 or words[j - 1][-1:] in ".!?:;"
    return word[:1].isupper() and not opening and not PLACES.search(fold(word))


def names_the_one(question: str, answer: str, names: tuple[str, ...] = ()) -> bool | None:
    """For "which X?": whether the fact names a particular X (a proper name within a few
    words of X); None when the question asks no "which" of a thing the fact speaks of.
    `names`: the schemes' names, which name no particular incubator or company."""
    folded = fold(question)
    match = _WHICH.search(folded)
    if not match and not _WHICH_OPEN.search(folded) or _WHERE.search(folded):
        return None  # "which city?" asks a place: `states` answers it
    for name in sorted(names, key=len, reverse=True):
        answer = answer.replace(name, "x")
    words = answer.split()
    stems = [fold(word).strip()[:5] for word in words]
    wanted = {word[:5] for word in re.findall(r"\w{5,}", folded)}
    at = [i for i, stem in enumerate(stems) if len(stem) >= 4 and stem in wanted]
    if not at:
        return None
    return any(_is_name(words, j) for i in at
               for j in range(max(i - 3, 0), min(i + 5, len(words))) if j != i)


def detail_missing(question: str, answer: str, names: tuple[str, ...] = ()) -> str | None:
    """What the question asks that the fact does not give: "date", "place", "which" (a
    particular one), or None. A contact address answers "where" (where to apply)."""
    kind = kind_asked(question)
    if kind == "when" and not speaks_of_time(answer):
        return "date"
    if kind == "where" and not states("where", answer) and "@" not in answer:
        return "place"
    if names_the_one(question, answer, names) is False:
        return "which"
    return None


# "L'annonce de 2015 ne donne ni date d'ouverture ni autre détail": a fact that says what the
# source leaves out, whose answer then says who can tell the rest.
_GAP = re.compile(r"\b(?:ne\W+(?:donne|precise|dit|detaille|nomme|mentionne)\w*\W+"
                  r"(?:ni|pas|aucun\w*)|n\W?en\W+(?:donne|precise|dit|detaille)\w*|gives?\W+no|"
                  r"does\W+not\W+(?:say|give|detail|name|state)|do\W+not\W+(?:say|give|detail)|"
                  r"without\W+(?:saying|naming))\b")


def leaves_out(answer: str) -> bool:
    return bool(_GAP.search(fold(answer)))

