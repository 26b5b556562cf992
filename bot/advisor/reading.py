"""What a founder's message says about their situation, in informal French or English.

"je suis étudiant et j'ai une idée de startup à Rouen", "boîte créée il y a 1 an à Caen",
"foreign founder moving to Normandy, need funding": the stage, the place, a foreign founder
and the need, each read only when the words say it; nothing is guessed. "je ne sais pas"
and its kin are an answer too (`dont_know`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from bot.advisor.phrases import (
    DONT_KNOW,
    NEED_WORDS,
    SCHEME_NAMES,
    STAGE_PHRASES,
    STRESS,
    STRESS_AFTER,
    VISA,
    VISA_WORDS,
    WHAT_ONE_GETS,
)
from bot.advisor.places import Place, find_place, fold, foreign_company, foreign_founder

STAGES = ("idea", "creation", "young", "established")
NEEDS = ("funding", "support", "network", "incubator", "international")
YOUNG_YEARS = 3  # the candidacy form's line: "founded less than 3 years ago"

NUMBERS = {"un": 1, "une": 1, "a": 1, "an": 1, "one": 1, "deux": 2, "two": 2, "trois": 3,
           "three": 3, "quatre": 4, "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7,
           "seven": 7, "huit": 8, "eight": 8, "neuf": 9, "nine": 9, "dix": 10, "ten": 10}
AGE = re.compile(r" (\d{1,2}|" + "|".join(NUMBERS) + r") (ans?|annees?|years?|yrs?|mois|months?) ")
OWN_AGE = re.compile(r" (j ai|i m|i am|age de|agee? de|aged) $")
AGE_CONTEXT = re.compile(r" (il y a|ya|y a|ago|depuis|since|old|d existence|cree|creee|creer|"
                         r"fonde|fondee|lance|lancee|created|founded|started|launched|existe|exists|"
                         r"immatricule|immatriculee|ca fait|cela fait) ")
# Short words that make a company's age only right before the number ("une startup de 3
# ans", "elle a 2 ans", "for 2 years"); "étudiant à Rouen, 21 ans" is the student's age.
AGE_JUST_AFTER = re.compile(r" (for|in|de|a|has|is) $")
# "il y a moins de 3 ans", "more than two years ago": a bound, not the age itself
LESS = ("moins de", "less than", "under", "pas plus de", "no more than")
BOUND = re.compile(r" (moins de|less than|under|pas plus de|no more than|plus de|more than|"
                   r"over|au moins|at least) $")
# Or a company named just before, with a word or two between ("startup rouennaise, 4 ans",
# "Caen-based startup, 5 years old").
AGE_OF_COMPANY = re.compile(r" (startup|start up|boite|entreprise|societe|company|business|"
                            r"studio|pme|sas|sarl|asso|association)( \w+){0,2} $")
MONTHS = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
          "octobre", "novembre", "decembre", "january", "february", "march", "april", "may",
          "june", "july", "august", "september", "october", "november", "december")
YEAR = re.compile(r" (?:en|in|since|depuis|de|in the year|courant|founded|created|launched|"
                  r"started|incorporated|opened|cree|creee|fondee|fonde|lancee|lance)"
                  r"(?: (?:early|late|mid|spring|summer|autumn|fall|winter|debut|fin|mi|"
                  r"printemps|ete|automne|hiver|" + "|".join(MONTHS) + r"))?"
                  r" (19[5-9]\d|20\d\d) ")

@dataclass(frozen=True)
class Reading:
    stage: str | None = None
    place: Place | None = None
    foreign_founder: bool | None = None
    need: str | None = None  # the one that matters most: the stressed one, else the first named
    dont_know: bool = False
    needs: tuple[str, ...] = ()  # every need named, the one that matters most first
    priority: str | None = None  # a need or VISA, when the words say it matters most
    corrects: bool = False  # "I'm actually French": what it says replaces what was said
    foreign_company: bool = False  # "a German startup": not a French one, wherever it goes


def _has(folded: str, phrase: str) -> bool:
    return f" {phrase} " in folded


def says_dont_know(text: str) -> bool:
    folded = fold(text)
    return any(_has(folded, phrase) for phrase in DONT_KNOW)


def stage_from_age(years: float) -> str:
    return "young" if years < YOUNG_YEARS else "established"


def company_age(text: str, today: date | None = None) -> float | None:
    """The company's age in years, when the text gives it ("créée il y a 2 ans", "since 2019")."""
    folded = fold(text)
    for match in AGE.finditer(folded):
        before = folded[:match.start() + 1]
        if OWN_AGE.search(before) or not (AGE_CONTEXT.search(folded)
                                          or AGE_JUST_AFTER.search(before)
                                          or AGE_OF_COMPANY.search(before)):
            continue  # "j'ai 25 ans" is the founder's age
        number = match.group(1)
        count = int(number) if number.isdigit() else NUMBERS[number]
        years = count / 12 if match.group(2).startswith("mo") else float(count)
        bound = BOUND.search(before)  # "moins de 3 ans" is under 3, "plus de 3 ans" over it
        return years + (0.0 if bound is None else -0.5 if bound.group(1) in LESS else 0.5)
    year = YEAR.search(folded)
    if year:
        return float((today or date.today()).year - int(year.group(1)))
    return None


# Created recently without a year: "créée en janvier", "incorporated last year".
RECENT = re.compile(r" (?:cree|creee|fonde|fondee|lance|lancee|immatricule|immatriculee|created|"
                    r"founded|launched|incorporated|registered|started|demarre|set up|opened)"
                    r"(?: \w+){0,3}? (?:(?:en|in|le|l|cet|ce|this|last) )?"
                    r"(?:" + "|".join(MONTHS) + r"|mois dernier|an dernier|annee derniere|"
                    r"last year|this year|cette annee|last month|ce mois ci|ete|summer|"
                    r"printemps|spring|automne|autumn|fall|hiver|winter) ")
# Said outright, no company yet outweighs any age the text gives ("étudiant (22 ans), pas
# encore de boîte": 22 is the student's age).
NO_COMPANY = ("pas encore de boite", "pas encore d entreprise", "pas encore de societe",
              "pas de boite", "pas d entreprise", "pas encore cree", "pas encore creee",
              "no company yet", "not yet founded", "not founded yet", "isn t founded",
              "not yet created", "not created yet", "nothing in france yet", "juste une idee",
              "just an idea", "only an idea")


# "une idée ?", "des idées ?", "any ideas?": a request for advice, not the idea stage.
ASKING_IDEAS = re.compile(r"\b(?:(?:vous\s+avez|t'?as|avez[- ]vous|any|some|got\s+any)\s+)?"
                          r"(?:(?:une|des|an?)\s+)?id(?:[ée]es?|eas?)\s*\?", re.IGNORECASE)


def read_stage(text: str, today: date | None = None) -> str | None:
    folded = fold(ASKING_IDEAS.sub(" ", text))
    if any(_has(folded, phrase) for phrase in NO_COMPANY):
        return "idea"
    age = company_age(text, today)
    if age is not None:
        return "creation" if age < 0 else stage_from_age(age)
    if RECENT.search(folded):
        return "young"
    if says_dont_know(text):
        folded = folded.replace(" aucune idee ", " ")
    for stage, phrases in STAGE_PHRASES:
        if any(_has(folded, phrase) for phrase in phrases):
            return stage
    return None


# Compiled once: every message the router cannot place is read (a parse's hot path).
_MENTION_PATTERNS = [(re.compile(f" {re.escape(word)} "), what) for word, what in (
    *((word, need) for need, group in NEED_WORDS.items() for word in group),
    *((word, VISA) for word in VISA_WORDS))]
# and their plurals ("des financements", "des subventions", "introductions")
_MENTION_PATTERNS = [(re.compile(pattern.pattern[:-1] + "(?:s|x)? "), what)
                     for pattern, what in _MENTION_PATTERNS]
_STRESS_PATTERNS = [(re.compile(f" {stress} "), stress) for stress in STRESS]


def _mentions(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, need or VISA) of every need and residence permit named, by position."""
    found = {}
    for pattern, what in _MENTION_PATTERNS:
        for match in pattern.finditer(folded):
            found.setdefault(match.start(), (match.start(), match.end(), what))
    return sorted(found.values())


# Where the person or the company is now, or comes back from ("based in New York", "je vis à
# Londres", "back from the US"): a place, not a wish to grow there.
_WHERE_NOW = re.compile(r" (?:based|located|living|live|lives|basee?s?|situee?s?|installee?s?|"
                        r"je vis|on vit|j habite|on habite|back from|(?:de retour|rentre|"
                        r"rentrons|reviens|revenons|revient) (?:de|des|du|d)|from)"
                        r"(?P<verb> )(?:(?:actuellement|currently|now|today) )?"
                        r"(?:(?:a|in|en|au|aux|the) )?")


def _needs_text(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The text folded without the schemes' names, and what it mentions (but the place the
    person is in now: "a French founder based in New York" wants no growth abroad)."""
    folded = SCHEME_NAMES.sub(" ", fold(text))
    here = {at for match in _WHERE_NOW.finditer(folded)
            for at in (match.end() - 1, match.start("verb"))}
    return folded, [(start, end, what) for start, end, what in _mentions(folded)
                    if not (what == "international" and start in here)]


def read_priority(text: str) -> str | None:
    """The need (or VISA) said to matter most: "surtout le financement", "the visa is the big
    thing", "le plus important c'est l'accompagnement"; the one named closest to the stress,
    after it ("surtout X") or, for the words that follow what they stress, before it."""
    return _priority(*_needs_text(text))


def _priority(folded: str, mentioned: list[tuple[int, int, str]]) -> str | None:
    mentions = [(start + 1, end - 1, what) for start, end, what in mentioned]
    best: tuple[int, str] | None = None
    for pattern, stress in _STRESS_PATTERNS:
        for match in pattern.finditer(folded):
            low, high = match.start() + 1, match.end() - 1
            for start, end, what in mentions:
                if start < high and low < end:
                    continue  # "priorite" is no need, nor "support" a stress
                distance = start - high if start >= high else low - end
                if (stress in STRESS_AFTER) != (start < low):
                    distance += len(folded)  # the other side: only when nothing is on this one
                if best is None or distance < best[0]:
                    best = (distance, what)
    return best[1] if best else None


def read_needs(text: str) -> tuple[str, ...]:
    """Every need named, the one said to matter most first, then in the order named ("de
    l'argent et un accompagnement": funding, support)."""
    return _needs(*_needs_text(text))[0]


def _needs(folded: str, mentioned: list[tuple[int, int, str]]
           ) -> tuple[tuple[str, ...], str | None]:
    """The needs named, what matters most first, and what matters most (need or VISA)."""
    named = dict.fromkeys(what for _, _, what in mentioned if what != VISA)
    first = _priority(folded, mentioned)
    return tuple(sorted(named, key=lambda need: need != first)), first


def read_need(text: str) -> str | None:
    """The need that matters most: the one stressed, else the first named ("du financement et
    des contacts": funding)."""
    needs = read_needs(text)
    return needs[0] if needs else None


# A correction of what was said before ("I'm actually French", "en fait on est à Caen").
CORRECTING = ("actually", "in fact", "en fait", "finalement", "je me suis trompe",
              "je me suis trompee", "i was wrong", "correction", "pardon", "ah non", "oups",
              "sorry", "i meant", "je voulais dire")
# "et si on était à Paris ?", "what if we were in Caen?", "en fait on est à Rouen": another
# situation than the one told, to be read as it.
_WHAT_IF = re.compile(r"\b(?:et\W+si|si\W+(?:on|nous|j)|what\W+if|if\W+(?:we|i)|suppose\w*|"
                      r"en\W+fait|actually|plutot)\b")


def imagines(text: str) -> bool:
    """Whether the message supposes or corrects a situation ("et si on était à Caen ?")."""
    return bool(_WHAT_IF.search(fold(text)))


# A need added to those already stated ("vous avez oublié que je veux aussi…", "I also need…")
ADDING = ("aussi", "egalement", "en plus", "oublie", "oubliez", "also", "too", "as well",
          "forgot", "forgotten", "in addition")


# A need said as one's own ("je veux aussi…", "on cherche surtout à recruter", "we need…").
_WANTS = re.compile(r"\b(?:veux|voudrais|voudrions|voulons|voulait|besoin|need\w*|want\w*|"
                    r"looking\W+for|cherch\w+|aimerai\w*|would\W+like|souhait\w+)\b")


def states_a_want(text: str) -> bool:
    return bool(_WANTS.search(fold(text)))


# "de 25 personnes", "12 salariés", "a team of 15": a company's size (no stage of its own)
_SIZE = re.compile(r" (?:\d{1,4}|" + "|".join(NUMBERS) + r") (?:personnes|salaries|employes|"
                   r"collaborateurs|people|employees|staff|persons) | (?:team|equipe) of \d")


# A situation is told of oneself: "je", "nous", "on", "my", "we"… ("Y a-t-il une délégation
# aux États-Unis ?" names a place and a need, and tells nothing of the person).
_SELF = re.compile(r" (?:je|j|jsuis|moi|mon|ma|mes|nous|notre|nos|on|i|im|i m|me|my|we|we re|"
                   r"our|us) ")


def tells_of_self(text: str) -> bool:
    return bool(_SELF.search(fold(text)))


def asks_what_one_gets(text: str) -> bool:
    """"what would I get exactly?": the advice itself, asked for before it is given."""
    return bool(WHAT_ONE_GETS.search(fold(text)))


def states_size(text: str) -> bool:
    return bool(_SIZE.search(fold(text)))


def adds_to_needs(text: str) -> bool:
    folded = fold(text)
    return any(_has(folded, word) for word in ADDING)


def read(text: str, today: date | None = None) -> Reading:
    needs, priority = _needs(*_needs_text(text))  # the mentions found once for both
    return Reading(stage=read_stage(text, today), place=find_place(text),
                   foreign_founder=foreign_founder(text), need=needs[0] if needs else None,
                   dont_know=says_dont_know(text), needs=needs, priority=priority,
                   corrects=any(_has(fold(text), word) for word in CORRECTING),
                   foreign_company=foreign_company(text))


def describes_a_situation(text: str, facts: int, finding: bool = False) -> bool:
    """`facts` of stage, place, need, from abroad (a size counts as a stage), told of oneself
    unless the classifier read a wish for advice ("Y a-t-il une délégation aux États-Unis ?"
    names a place and a need, and tells nothing of the person)."""
    return _situation_facts(text) >= facts and (finding or tells_of_self(text))


@lru_cache(maxsize=256)  # read once a message, asked before and after the facts
def _situation_facts(text: str) -> int:
    r = read(text)  # a company's size says a company is there ("25 personnes au Havre")
    return sum(v is not None for v in (r.stage or states_size(text) or None, r.place, r.need,
                                       r.foreign_founder))
