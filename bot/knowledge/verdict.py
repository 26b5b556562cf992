"""Whether a stored fact says "no" to a yes/no question its own yes cannot settle: the
question names a town, a year, a count or a group of people of the kind the fact states, but
not the fact's.

Rules, not a model: "is the MRI in Rouen?" (the fact says Caen), "was the label announced
from Paris?" (New York), "labelled in 2016?" (2015), "une cinquantaine d'entreprises ?" (40),
"le comité stratégique, c'est surtout des élus ?" (entrepreneurs and investors).
"""

from __future__ import annotations

import re
from typing import Any

from bot.assistant.programme_extractor import fold
from bot.knowledge.words import PLACES

YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Places beyond Normandy a yes/no question may name instead of the fact's own.
ELSEWHERE = re.compile(r"\b(?:paris|new\W+york|las\W+vegas|lyon|marseille|bordeaux|nantes|"
                       r"rennes|lille|toulouse|strasbourg|london|londres|berlin|bruxelles|"
                       r"brussels|san\W+francisco|montreal|tokyo|bercy)\b")
COUNT = re.compile(r"(?<![\d.,/])\b(\d{1,3})\b(?![.,/]?\d)(?!\s*(?:er|e|st|nd|rd|th)\b)"
                   r"(?!\s*(?:janv|fevr|mars|avri|mai|juin|juil|aout|sept|octo|nove|dece|"
                   r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
                   # a headcount or an age is no count of the fact's things ("a 300-employee
                   # group": not 300 companies of the Normandy Tech 40)
                   r"(?!\W*(?:employ|salari|people|personne|staff|collaborat|ans\b|years?\b))")
COUNT_WORDS = {"dizaine": 10, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
               "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "treize": 13,
               "thirteen": 13, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
               "sixty": 60, "hundred": 100, "quarante": 40, "cinquante": 50, "trente": 30,
               "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
               "dix": 10, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7,
               "eight": 8, "ten": 10, "twice": 2, "thrice": 3}

# Groups of people a fact may say something is made of or meant for, each with its words
# (not students or researchers: either may found a startup).
GROUPS = {"elected": r"elus?|elected|officials?|politici\w*",
          "entrepreneurs": r"entrepreneurs?|founders?|fondat\w+|startupers?",
          "investors": r"investiss\w+|investors?|business\W+angels?|financeurs?",
          "civil_servants": r"fonctionnaires?|civil\W+servants?|agents?\W+publics?"}
_GROUPS = {name: re.compile(rf"\b(?:{words})\b") for name, words in GROUPS.items()}
# Bodies a fact may say something is carried or run by ("portée par la Région ?": by three
# intercommunal bodies).
BODIES = {"region": r"regions?|regional\w*", "state": r"etat|state|government|gouvernement",
          "department": r"departements?|department\w*|conseil\W+departemental",
          "metropolis": r"metropoles?|metropolis",
          "agglomeration": r"agglomerations?|agglo|communaute\w*\W+d\W?agglomeration",
          "bpi": r"bpi\w*", "town": r"maires?|mayors?|mairies?|municipal\w*|city\W+hall"}
_BODIES = {name: re.compile(rf"\b(?:{words})\b") for name, words in BODIES.items()}
# The strategic axes, said by the first clause of a fact ("Caen porte l'axe Smart Cities ; la
# ville participe aussi aux deux autres": Caen's is Cities).
AXES = {"cities": r"smart\W+cit\w*|cit(?:y|ies)|ville\W+intelligente",
        "ports": r"ports?|portuaires?|logisti\w*", "industries": r"industr\w*"}
_AXES = {name: re.compile(rf"\b(?:{words})\b") for name, words in AXES.items()}


def contradicts(question: str, answer: dict | None, complete: bool = True) -> bool:
    """A yes/no question placing the fact in a town, a year or a count its answer does not
    name, while naming another of the kind. `question` has the schemes' names masked (the
    Normandy Tech 40's number is no count). Not `complete` (a fact the source is silent on,
    "it names only New York"): only a count it states says no ("50 entreprises ?": 40)."""
    said = " ".join(str(v) for v in (answer or {}).values())
    if not complete:
        return bool(counts(question) and counts(said) and not counts(question) & counts(said))
    person = [c for value in (answer or {}).values() for c in _of_person(question, str(value))]
    months = (_months(question), _months(said))  # "7 July and 30 October?" (September):
    return bool(months[0] and months[1] and months[0] - months[1]) or any(  # each must be
        asked and stated and not asked & stated  # said; of the other kinds, one at least
        for asked, stated in ((kind(question), kind(text)) for text in (said, *person)
                              for kind in (_towns, _years, counts, _groups, _bodies, _axes)))


# "Frédéric Sanchez, président de la Métropole Rouen Normandie, et Nicolas Mayer-Rossignol…"
_PAIR = re.compile(r"\b[A-ZÀ-Ý][\w-]+ ([A-ZÀ-Ý][\w-]+)")
_PERSON_END = re.compile(r"\W(?:et|and) [A-ZÀ-Ý]|[;.]")


def _of_person(question: str, said: str) -> list[str]:
    """What the fact says of the one person the question names, their own clause: "Sanchez
    est président de la Région ?" is a "no" though the fact names the Region (of another)."""
    folded, clauses = fold(question), []
    for match in _PAIR.finditer(said):
        name = fold(match.group())
        if PLACES.search(name) or _bodies(name) or not re.search(
                rf"\b{re.escape(fold(match.group(1)))}\b", folded):
            continue  # "Métropole Rouen" names a body, not a person
        end = _PERSON_END.search(said, match.end())
        clauses.append(said[match.start():end.start() if end else len(said)].replace(",", " "))
    return clauses if len(clauses) == 1 else []


def unclaimed(index: Any, question: str, label: str) -> set[str]:
    """The words of a yes/no question nothing stored mentions, other than what a fact may say
    no to ("à San Francisco ?", "en 2017 ?"): a yes or no about them would mislead."""
    words = index.unknown_words(ELSEWHERE.sub(" ", fold(question)), label)
    return {word for word in words if not claims(word)}


def claims(word: str) -> bool:
    """A word naming something of a kind a fact may contradict (a year, a town, a body, a
    count…): a yes/no question naming one nothing stored mentions can still be a "no"."""
    return any(kind(word) for kind in (_towns, _years, counts, _groups, _bodies, _months))


_MONTH_NAMES = {name: number for number, names in enumerate((
    ("janvier", "january"), ("fevrier", "february"), ("mars", "march"), ("avril", "april"),
    ("mai", "may"), ("juin", "june"), ("juillet", "july"), ("aout", "august"),
    ("septembre", "september"), ("octobre", "october"), ("novembre", "november"),
    ("decembre", "december")), 1) for name in names}
_MONTH = re.compile(r"\b(" + "|".join(_MONTH_NAMES) + r")\b")


def _months(text: str) -> set[int]:  # "on 30 October, right?" (30 September)
    return {_MONTH_NAMES[m] for m in _MONTH.findall(fold(text))}


def _towns(text: str) -> set[str]:  # Normandy itself contains them all
    folded = fold(text)
    return {t for t in PLACES.findall(folded) + ELSEWHERE.findall(folded)
            if t not in ("normandie", "normandy")}


def _named_in(table: dict[str, re.Pattern[str]], text: str) -> set[str]:
    """The kinds of `table` (groups, bodies, axes) whose words the text holds."""
    folded = fold(text)
    return {name for name, words in table.items() if words.search(folded)}


def _groups(text: str) -> set[str]:  # "mostly elected officials?" (entrepreneurs, investors)
    return _named_in(_GROUPS, text)


def _bodies(text: str) -> set[str]:
    return _named_in(_BODIES, text)


def _axes(text: str) -> set[str]:  # the first clause: the axis the town carries
    return _named_in(_AXES, text.split(";")[0])


def _years(text: str) -> set[str]:  # "labelled in 2016, right?" (2015)
    return set(YEAR.findall(text))


def counts(text: str) -> set[int]:
    """The counts a text states: "40 entreprises", "une cinquantaine", "thirteen" (not years)."""
    folded = fold(text)
    found = {int(n) for n in COUNT.findall(YEAR.sub(" ", folded)) if int(n) < 1000}
    return found | {value for word, value in COUNT_WORDS.items()
                    if re.search(rf"\b{word}\b", folded)}


_ONLY = re.compile(r"\b(?:only|seul|seule|seuls|seules|seulement|uniquement|exclusive\w*|"
                   r"c\W?est\W+que\W+pour|que\W+pour\W+(?:les?|la|l)\b)")
WINDOW = 12  # words of an answer within which it states every word of the question
TOGETHER = 3  # words of substance at least: "given in 2016?" is no claim a fact may confirm


def verdict_of(question: str, entry: Any, settled: bool, yes: bool = True) -> str | None:
    """"no" when the fact contradicts the yes/no question (`question`: schemes' names
    masked); its own yes or no when its words settle it; "yes" when the answer states every
    word of substance of the question close together ("le label a été obtenu le 25 juin ?":
    "…a obtenu le label French Tech le 25 juin 2015"); None otherwise, the fact alone.
    `yes`: False when the question names a scheme the fact is not about; a question of
    exclusivity ("is New York the only one?") gets no yes the fact does not say itself."""
    if contradicts(question, entry.answer, entry.known):  # "le Tech 40, 50 entreprises ?": a
        return "no"  # fact the source is silent on states what it does say (40)
    said = " ".join(str(v) for v in (entry.answer or {}).values())
    if _ONLY.search(fold(question)) and _ALL.search(fold(said)):
        return "no"  # "les 200 M€, c'est que pour la Normandie ?": for all the metropolises
    if not entry.known:  # "…ne donne pas les noms ; elle dit seulement qu'il sera composé
        return "yes" if yes and not _ONLY.search(fold(question)) and any(  # majoritairement
            _said_only(question, str(v)) for v in (entry.answer or {}).values()) else None
    if not yes or _ONLY.search(fold(question)) and not _ONLY.search(fold(said)):
        return None
    if not _all_said(question, said):  # "…de l'Innovation ?" (imagination): no yes of it;
        return UNSAID if _names_unheld(question, said) else None  # "c'est Frédéric Sanchez
        # le délégué général ?": the fact names nobody, the source does not say
    if _dated(question, said):  # "c'était le 25 ?", "in January 2016?": its own date
        return "yes"
    if entry.yes_no:
        return entry.yes_no if settled else None
    return "yes" if any(_together(question, text) for value in (entry.answer or {}).values()
                        for text in (value, *_of_person(question, value))) else None


UNSAID = "unsaid"  # a verdict: the question names what the fact does not, nor any other
_ALL = re.compile(r"\bl\W?ensemble\W+des\b|\btogether\b")
_DAY = re.compile(r"\b([0-3]?\d)(?:er|st|nd|rd|th)?\b(?!\W?\d)")


def _date_parts(text: str) -> tuple[set[str], set[str]]:
    """The parts of the dates a text names (years, months, days) and its other words."""
    from bot.knowledge.words import stems

    folded = fold(text)
    parts = _years(folded) | {f"m{m}" for m in _months(folded)} | set(
        _DAY.findall(YEAR.sub(" ", folded)))
    return parts, stems(_MONTH.sub(" ", YEAR.sub(" ", folded))) - parts


def _dated(question: str, said: str) -> bool:
    """The question names a date (day, month, year) and nothing else the fact does not hold,
    and every part of its date is the fact's ("label en juin 2015 ?": le 25 juin 2015)."""
    from bot.knowledge.words import stems

    (parts, rest), held = _date_parts(question), fold(said)
    stated = _years(held) | {f"m{m}" for m in _months(held)} | set(_DAY.findall(held))
    return bool(parts) and parts <= stated and all(len(w) <= 2 for w in rest - stems(held))


_SEULEMENT = re.compile(r"\b(?:seulement|only)\b")


def _said_only(question: str, answer: str) -> bool:
    """A fact the source is silent on, but for what it "only says": the question's words
    beyond its subject are all in that part ("les entrepreneurs sont majoritaires au comité ?":
    "…elle dit seulement qu'il sera composé majoritairement d'entrepreneurs")."""
    from bot.knowledge.words import stems

    folded = fold(answer)
    if (match := _SEULEMENT.search(folded)) is None:
        return False
    claim = stems(question) - stems(folded[:match.start()])
    return bool(claim) and claim <= stems(folded[match.end():])


def only_dated(question: str) -> bool:
    """"and was it in July?", "c'était le 25 ?": a date and no other word of substance, a
    claim about the date of what was just said."""
    parts, rest = _date_parts(question)
    return bool(parts) and not rest


def _names_unheld(question: str, said: str) -> bool:
    """The question names someone ("Frédéric Sanchez": two capitalised words, not opening
    it) of whom the fact holds no word."""
    from bot.knowledge.words import stems

    return any(match.start() > 0 and not stems(match.group()) & stems(said)
               for match in _PAIR.finditer(question))


def _all_said(question: str, said: str) -> bool:
    """Every name the question spells (its capitalised words but the first) is in the fact:
    a yes never confirms a name the fact does not hold ("Maison de la Recherche et de
    l'Innovation ?": the fact says "imagination")."""
    from bot.knowledge.words import stems

    names = PLACES.sub(" ", fold(" ".join(re.findall(r"(?<=[\s'’])[A-ZÀ-Ý][\w-]+", question))))
    return not stems(names) - stems(said)  # (places aside: "le label de la Normandie")


def _together(question: str, answer: str) -> bool:
    """Every word of substance of the question in one clause of the answer: "Mayer-Rossignol
    preside the Métropole?" is not confirmed by "Sanchez, président de la Métropole…, et
    Mayer-Rossignol, président de la Région" (each name has its own clause)."""
    from bot.knowledge.words import stems

    wanted = stems(question)
    if len(wanted) < TOGETHER:
        return False
    for clause in _CLAUSE.split(fold(answer)):
        tokens = [word[:5] for word in re.findall(r"[a-z0-9]+", clause)]
        if wanted <= set(tokens) and len(tokens) <= WINDOW * 2:
            return True
    return False


_CLAUSE = re.compile(r"[,;:()]|\s(?:et|and)\s")
