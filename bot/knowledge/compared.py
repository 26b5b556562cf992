"""Two things a question sets side by side, and the stored fact of each.

"diff entre comité stratégique et comité opérationnel", "Rouen ou Caen, quelle différence dans
la stratégie ?", "MRI vs Cité numérique, laquelle est ouverte ?", "the bourse and the 200M
fund, are they the same thing?": a person compares two things by naming each one, and asks
one thing of both. Each side, read with the rest of the question, finds its own fact; a fact
found for the whole question would describe one of them only (the operational committee's
fact names the strategic one too). The sides are also what "the first one", "the second one"
point back to (`bot.assistant.items`). Rules, not a model: connectors in both languages.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from bot.assistant.programme_extractor import find, fold
from bot.knowledge import form
from bot.knowledge.form import COMPARISON
from bot.knowledge.retrieval import FAMILY_BONUS, FOLLOW_UP_THRESHOLD, THRESHOLD, Hit, Index
from bot.knowledge.words import family, masked, places_in, stems

CHOICES = 3  # facts weighed for each side
LISTED = 3  # words: a clause this short before "A ou B", after a comma, is a list's item
GENERAL_BONUS = 0.1  # a fact holding what is asked, or the general one of its kind
_WORDS = re.compile(r"\w+")
# "are they the same thing?", "c'est pareil ?": a yes/no whose answer, for two things the
# source tells apart, is no.
SAME = re.compile(r"\b(?:same\W+thing|the\W+same|identi\w+|la\W+meme\W+chose|le\W+meme|"
                  r"pareil\w*|meme\W+truc)\b")
_FUNCTION = frozenset({"dans", "chez", "vers", "sous", "svp", "stp", "please", "niveau"})

_CLAUSE = re.compile(r"[^,;:?!.]+")
# "entre A et B", "between A and B": the two sides, whatever comes before.
_BETWEEN = re.compile(r"\b(?:entre|between)\s+(?P<a>.+?)\s+(?:et|and|&)\s+(?P<b>.+)")
# "A vs B", "A ou B", "A comparé à B", "A c'est comme B", "is A like B", "A and B (, the same?)"
_SIDE_BY_SIDE = re.compile(
    r"(?P<a>.+?)\s+(?:vs\.?|versus|contre|compared\s+(?:to|with)|compar\w*\s+(?:a|au|aux|avec)|"
    r"ou(?:\s+bien|\s+plutot)?|or(?:\s+rather)?|"
    r"c\W?est\s+(?:un\s+peu\s+)?(?:comme|pareil\s+que|la\s+meme\s+chose\s+que)|"
    r"(?:is|it\W?s|are)\s+(?:\w+\s+)?(?:like|the\s+same\s+as|similar\s+to))\s+(?P<b>.+)")
_AND = re.compile(r"(?P<a>.+?)\s+(?:et|and|&)\s+(?P<b>.+)")
# Words of the question's shape kept off a side: "quelle est la différence", "is it".
_LEAD = re.compile(r"^(?:(?:et|and|so|alors|donc|mais|but|ok)\s+)?(?:(?:quelle?\s+est|what\W?s|"
                   r"what\s+is|c\W?est\s+quoi)\s+(?:la|the)\s+(?:diff\w*|difference)\s*|"
                   r"(?:is|are|est\W?ce\s+que|c\W?est)\s+)")
_NOT_A_SIDE = re.compile(r"^(?:(?:non|no|pas|not|oui|yes|autre|other|l\W?autre|the\s+other)$|"
                         r"(?:a|au|aux|en|in|at|to|par|by|pour|for|de|du|dans|avant|apres|"
                         r"before|after|depuis|since)\b|[\d\W]+$)")  # a place, a time: no thing
# What follows a thing is asked of it: "MRI pour une startup de caen", "le pass sont…".
_TAIL = re.compile(r"\s+(?:pour|for|mais|but|au|aux|dans|in|avec|with|quand|when|qui|that|which|"
                   r"lequel|laquelle|sont|est|c\W?est|is|are|ont|have|do|does|can|peut|peuvent|"
                   r"svp|stp|please|merci|like|comme|pareil\w*|the\s+same|la\s+meme)\b.*$")


def sides(text: str) -> tuple[str, str] | None:
    """The two things `text` compares, as written (the original's spans; `fold` keeps
    lengths); None when no clause sets two things side by side."""
    folded = fold(text)
    clauses = list(_CLAUSE.finditer(folded))
    for pattern in (_BETWEEN, _SIDE_BY_SIDE, *((_AND,) if form.asks_comparison(text) else ())):
        for before, clause in zip([None, *clauses], clauses, strict=False):
            found = pattern.search(clause.group())
            if found is None:
                continue
            if before is not None and len(before.group().split()) <= LISTED and \
                    folded[before.end():clause.start()].strip() == ",":
                return None  # "Rouen, Caen ou Le Havre ?": three, not two
            parts = []
            for name in ("a", "b"):
                start, end = clause.start() + found.start(name), clause.start() + found.end(name)
                part = text[start:end].strip()
                if name == "a":
                    part = part[len(part) - len(_LEAD.sub("", fold(part))):]
                tail = _TAIL.search(fold(part))
                parts.append((part[:tail.start()] if tail else part).strip())
            if all(p and stems(p) and not _NOT_A_SIDE.match(fold(p)) for p in parts):
                return parts[0], parts[1]
    return None


def facts_compared(index: Index, text: str) -> list[Hit]:
    """The fact of each of the two things `text` compares, in the order named; [] unless each
    side finds one, and two different ones. A side naming a scheme is the scheme's own answer,
    not a fact: left out ("la bourse ou le fonds de 200 M€ ?": the fund's fact alone)."""
    found = sides(text)
    if found is None:
        return []
    rest = fold(text)
    for side in found:
        rest = rest.replace(fold(side), " ")
    rest = SAME.sub(" ", COMPARISON.sub(" ", rest))  # "différence", "the same" ask nothing
    asked = " ".join(w for w in _WORDS.findall(rest) if stems(w) and w not in _FUNCTION)
    own = [stems(masked(side, index.forms)) - stems(asked) for side in found]
    choices: list[list[Hit]] = []
    for side, words, other in zip(found, own, reversed(own), strict=True):
        words = (words - other) or words  # "stratégique", not "comité", tells it apart
        if not words:  # a scheme
            choices.append([])
            continue
        if not (facts := _facts_of(index, side, words, asked)):
            return []
        choices.append(facts)
    if not any(choices):
        return []
    pairs = [(a, b) for a in choices[0] or [None] for b in choices[1] or [None]
             if a is None or b is None or a.label != b.label]
    best = max(pairs, key=lambda pair: sum(h.score for h in pair if h) + (
        FAMILY_BONUS if all(pair) and family(pair[0].label) == family(pair[1].label) else 0),
        default=None)  # one thing asked of both: facts of one kind ("axis_rouen", "axis_caen")
    raw = {h.label: h.score - GENERAL_BONUS for c in choices for h in c}  # (at most)
    return [Hit(h.label, max(raw[h.label], 0.0)) for h in best or () if h]


def two_things(index: Index, text: str, hit: Hit | None, schemes_named: int, both: bool,
               named: bool = True) -> dict[str, Any] | None:
    """The knowledge router's reading of a question setting two things side by side, at most
    one a scheme (two schemes are the schemes' comparison): the "facts" form, each thing's
    fact, in the order named; `same`: "c'est pareil ?", answered no. `named`: the things as
    the question names them (read before any other form: "MRI vs Cité numérique, laquelle
    est ouverte ?" is no "which scheme"); else a comparison whose two facts the question's
    words tell apart (read last). None otherwise."""
    comparing = form.asks_comparison(text)  # (a choice between two facts: none of them a scheme)
    if schemes_named >= 2 or both or not comparing and (schemes_named or not named or not (
            form.is_alternative(text) or form.which_scheme(text))):
        return None
    if named:
        pair = facts_compared(index, text)
    else:
        pair = index.two_facts(text)  # "Seine Innopolis et la MRI, c'est quoi la différence ?"
        if not pair and schemes_named == 1 and hit is not None:
            pair = [hit]  # "la bourse, c'est pareil que le fonds ?"
        places = places_in(text)
        if not pair and len(places) > 1:  # "Rouen ou Caen, quelle différence ?": the fact
            pair = [h for h in index.ranking(text) if h.intent is None  # naming both
                    and h.score >= THRESHOLD and places <= index.holds(h.label)][:1]
    if not pair:
        return None
    return {"form": "facts", "aspect": pair[0].label, "aspects": [h.label for h in pair],
            "score": round(pair[-1].score, 3), "same": bool(SAME.search(fold(text)))}


def _facts_of(index: Index, side: str, words: set[str], asked: str) -> list[Hit]:
    """The facts one side may be: those holding its words, by how close the side is with what
    is asked of both ("Rouen … stratégie": Rouen's axis, not its totem place), or, nothing
    asked, to "what is it?" ("the operational committee": its own fact, not its next
    meeting's; a fact named as another's start, `operational_committee`, is the general one)."""
    if asked:
        scores = index.scores(f"{side} {asked}")
    else:
        scores = np.maximum(index.scores(f"c'est quoi {side}"), index.scores(f"what is {side}"))
    ranking = [h for h in index.ranked(scores, top=12) if h.intent is None
               and h.score >= FOLLOW_UP_THRESHOLD and words & index.holds(h.label)]
    wanted = stems(asked)
    ranked = [Hit(h.label, h.score + GENERAL_BONUS * (
        len(wanted & index.holds(h.label)) / len(wanted) if wanted
        else any(o.label.startswith(h.label + "_") for o in ranking))) for h in ranking]
    return sorted(ranked, key=lambda h: -h.score)[:CHOICES]


# Between two scheme names listed as one subject: "la bourse et le pass", "the bourse, the pass".
_LISTING = re.compile(r"^\W*(?:(?:et|and|ou|or|&)\W+)?(?:(?:le|la|les|l|the)\W+)?$")
_BOTH = re.compile(r"\b(?:tous\W+(?:les\W+)?(?:deux|2)|toutes\W+(?:les\W+)?(?:deux|2)|les\W+deux|"
                   r"both(?:\W+of\W+them)?|the\W+two\W+of\W+them)\b")


def asked_of_each(text: str, forms: dict[str, str]) -> str | None:
    """"la bourse et le pass sont tous les deux opérés par Bpi ?" asks of each scheme what
    "la bourse est opérée par Bpi ?" asks of one: the names listed as one subject read as the
    first, "tous les deux", "both" left out, so the question's own words find its fact (the
    list alone reads as "et la bourse et le pass ?", a follow-up). None when no two names are
    listed so."""
    names = find(text, forms)
    folded = fold(text)
    for first, second in zip(names, names[1:], strict=False):
        if _LISTING.match(folded[first.end:second.start]):
            said = text[:first.end] + text[second.end:]
            return _BOTH.sub(" ", fold(said))
    return None
