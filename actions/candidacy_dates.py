"""A founding date said in relative words ("l'an dernier", "septembre prochain", "next
spring", "en mars"): read with dateparser, and confirmed before it is kept.

dateparser reads most relative phrases itself ("last year", "il y a 2 ans", "en mars"); the
few it does not ("septembre prochain", "next spring", "l'an dernier") are rewritten here into
what it reads, with which side of today they mean. A date written in full ("15/03/2024",
"mars 2024", "2019") is not vague: it is checked as before and never asked to be confirmed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import dateparser
from babel.dates import format_date

Precision = Literal["day", "month", "year"]

# A season is read as its first month.
SEASONS = {"printemps": 3, "spring": 3, "ete": 6, "summer": 6, "automne": 9, "autumn": 9,
           "fall": 9, "hiver": 12, "winter": 12}
MONTHS = {name: number for number, names in enumerate((
    ("janvier", "january", "jan"), ("fevrier", "february", "feb"), ("mars", "march"),
    ("avril", "april", "apr"), ("mai", "may"), ("juin", "june", "jun"),
    ("juillet", "july", "jul"), ("aout", "august", "aug"),
    ("septembre", "september"), ("octobre", "october", "oct"),
    ("novembre", "november", "nov"), ("decembre", "december", "dec")), start=1)
    for name in names}
NEXT = r"(?:prochaine?|next|coming|a venir|qui vient)"
LAST = r"(?:derniere?|passee?|last|previous)"
YEAR_WORDS = r"(?:an|annee|year)"
# A date the text gives itself: a year, or a day and month in digits.
WRITTEN = re.compile(r"\b(?:19|20)\d\d\b|\d{1,2}\s*[/.-]\s*\d{1,2}")
WORDS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Reading:
    day: date
    precision: Precision

    def slot(self) -> dict[str, str]:
        """As `candidacy_pending` keeps it until it is confirmed."""
        return {"founded_on": self.day.isoformat(), "precision": self.precision}

    @classmethod
    def of(cls, value: Any) -> Reading | None:
        """The reading `candidacy_pending` keeps, if it keeps one."""
        if not isinstance(value, dict) or value.get("precision") not in ("day", "month", "year"):
            return None
        try:
            return cls(date.fromisoformat(str(value.get("founded_on"))), value["precision"])
        except ValueError:
            return None

    def shown(self, language: str) -> str:
        """"2025", "septembre 2027", "15 mars 2026": only as precise as what was said."""
        if self.precision == "year":
            return str(self.day.year)
        pattern = "MMMM yyyy" if self.precision == "month" else "d MMMM yyyy"
        return format_date(self.day, format=pattern, locale=language)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _year(text: str, today: date) -> Reading | None:
    """"l'an dernier", "l'année prochaine", "next year", "this year"."""
    if re.search(rf"\b{YEAR_WORDS}\s+{LAST}\b|\b{LAST}\s+{YEAR_WORDS}\b", text):
        return Reading(date(today.year - 1, 1, 1), "year")
    if re.search(rf"\b{YEAR_WORDS}\s+{NEXT}\b|\b{NEXT}\s+{YEAR_WORDS}\b", text):
        return Reading(date(today.year + 1, 1, 1), "year")
    if re.search(rf"\b(?:cette {YEAR_WORDS}|cette annee|this {YEAR_WORDS})\b", text):
        return Reading(date(today.year, 1, 1), "year")
    return None


def _month(text: str, today: date, future: bool) -> Reading | None:
    """A month or a season, with "next"/"last" or alone (then the side the stage suggests)."""
    named = [(word, SEASONS.get(word) or MONTHS.get(word)) for word in WORDS.findall(text)]
    found = [(word, month) for word, month in named if month]
    if len(found) != 1:
        return None
    month = found[0][1]
    if re.search(rf"\b{NEXT}\b", text):
        future = True
    elif re.search(rf"\b{LAST}\b", text):
        future = False
    year = today.year
    if re.search(r"\b(?:ce|cet|cette|this)\b", text):
        pass  # "cet été", "this spring": this year's
    elif future and month <= today.month:
        year += 1
    elif not future and month > today.month:
        year -= 1
    return Reading(date(year, month, 1), "month")


def read_relative(text: str, today: date | None = None, future: bool = False) -> Reading | None:
    """The date a relative phrase means (None when the text writes a date itself, or says
    none); `future`: which side of today a month alone means ("en mars")."""
    today = today or date.today()
    folded = " ".join(fold(text).replace("'", " ").split())
    if not folded or WRITTEN.search(folded):
        return None
    reading = _year(folded, today) or _month(folded, today, future)
    if reading is not None:
        return reading
    parsed = dateparser.parse(text, languages=["fr", "en"], settings={
        "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY",
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
        "PREFER_DATES_FROM": "future" if future else "past"})
    if parsed is None:
        return None
    # "le mois dernier", "il y a 2 ans": a month, a year ago; no day nobody said
    if re.search(r"\b(?:mois|months?)\b", folded):
        return Reading(parsed.date().replace(day=1), "month")
    if re.search(r"\b(?:ans?|annees?|years?)\b", folded):
        return Reading(parsed.date().replace(month=1, day=1), "year")
    return Reading(parsed.date(), "day")


_DAY = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\b|\d{4}-\d{2}-\d{2}|"
                  r"\b\d{1,2}(?:er|st|nd|rd|th)?\s+[a-z]|\b[a-z]+\s+\d{1,2}(?:st|nd|rd|th)?\b(?!\d)")


def written_precision(text: str) -> Precision:
    """How precisely a written date says it: "15/03/2024" a day, "mars 2024" a month,
    "2019" a year."""
    folded = " ".join(fold(text).split())
    if _DAY.search(folded):
        return "day"
    return "month" if any(word in MONTHS for word in WORDS.findall(folded)) else "year"


def confirmed_date(pending: Any, answer: Any) -> date | bool | None:
    """The answer to "2025, is that right?": the date for yes, False for no; None when
    nothing waits to be confirmed, or the answer is no yes or no (then read as a new answer)."""
    reading = Reading.of(pending)
    if reading is None:
        return None
    if isinstance(answer, str):
        answer = {"oui": True, "yes": True, "non": False, "no": False}.get(
            fold(answer).strip(" .!"), answer)
    if not isinstance(answer, bool):
        return None
    return reading.day if answer else False
