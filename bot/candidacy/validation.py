"""Checks of what an applicant types, each with a reason a person can act on.

Well-kept libraries do the real work: email-validator (syntax), phonenumbers (French and
international numbers), python-stdnum (SIREN and its Luhn check), dateparser (dates written
the way people write them, in French or English).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import dateparser
import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as siren_number

from bot.config import LANGUAGES

# The longest answers kept: the candidacies table's columns are at least this wide, so a
# checked answer is always stored (tests/test_validation.py compares them).
NAME_MAX, COMPANY_MAX, TOWN_MAX = 120, 200, 200

# Calvados, Eure, Manche, Orne, Seine-Maritime
NORMANDY_DEPARTMENTS = ("14", "27", "50", "61", "76")


@dataclass(frozen=True)
class Checked:
    value: object | None
    error: str | None = None  # key of the reason, None when the value is good

    @property
    def ok(self) -> bool:
        return self.error is None


def check_name(text: str) -> Checked:
    """A person's name; a bare "oui" or "no" is an answer to another question, not a name."""
    name = " ".join(text.split())
    if not 2 <= len(name) <= NAME_MAX or not any(ch.isalpha() for ch in name):
        return Checked(None, "name_invalid")
    if plain(name).strip(" .!") in YES + NO:
        return Checked(None, "name_invalid")
    return Checked(name)


def check_email(text: str) -> Checked:
    try:
        return Checked(validate_email(text.strip(), check_deliverability=False).normalized)
    except EmailNotValidError:
        return Checked(None, "email_invalid")


def check_phone(text: str) -> Checked:
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return Checked(None, "phone_invalid")
    if not phonenumbers.is_valid_number(number):
        return Checked(None, "phone_invalid")
    return Checked(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def check_siren(text: str) -> Checked:
    digits = re.sub(r"[\s.]", "", text)
    if not re.fullmatch(r"\d{9}", digits):
        return Checked(None, "siren_format")
    try:
        return Checked(siren_number.validate(digits))
    except StdnumError:
        return Checked(None, "siren_checksum")


def founding_date_possible(day: date, today: date | None = None) -> bool:
    """What the question says: past (not before 1900), or planned within two years."""
    today = today or date.today()
    return day.year >= 1900 and (day - today).days <= 2 * 366


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(text: str) -> date | None:
    """2024-03-15 (read day-first, dateparser would not take it); 2024-02-30 is no date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _written_date(text: str) -> date | None:
    parsed = dateparser.parse(text, languages=list(LANGUAGES),
                              settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"})
    return parsed.date() if parsed else None


def check_founding_date(text: str, today: date | None = None) -> Checked:
    """A founding (or planned) date, written as people write dates (never a stored value)."""
    day = _iso_date(text.strip()) if ISO_DATE.fullmatch(text.strip()) else _written_date(text)
    if day is None:
        return Checked(None, "date_invalid")
    if not founding_date_possible(day, today):
        return Checked(None, "date_impossible")
    return Checked(day)


def in_normandy(postcode: str | None) -> bool | None:
    """True/False from a French postcode, None when there is none to tell."""
    if not postcode or not re.fullmatch(r"\d{5}", postcode):
        return None
    return postcode[:2] in NORMANDY_DEPARTMENTS


def check_town(text: str) -> Checked:
    """'Caen 14000', '76000 Rouen' or just 'Caen': (town, postcode or None)."""
    postcode = next(iter(re.findall(r"\b\d{5}\b", text)), None)
    town = " ".join(re.sub(r"\b\d{5}\b", " ", text).split()).strip(" ,-")
    if len(town) < 2 or not any(ch.isalpha() for ch in town):
        return Checked(None, "town_invalid")
    if len(town) > TOWN_MAX:
        return Checked(None, "text_too_long")
    return Checked((town, postcode))


STAGE_WORDS = {
    "idea": ("idee", "idea", "projet", "project", "concept", "reflexion", "pas encore cree",
             "not founded", "not yet"),
    "creation": ("en creation", "creation", "being founded", "founding", "en cours", "starting",
                 "immatriculation", "setting up"),
    "young": ("moins de 3 ans", "less than 3 years", "moins de trois ans", "jeune", "young",
              "recent", "under 3 years", "1 an", "2 ans", "1 year", "2 years"),
    "established": ("plus de 3 ans", "more than 3 years", "3 ans ou plus", "3 or more years",
                    "plus de trois ans", "over 3 years", "etablie", "established", "mature"),
}


def plain(text: str) -> str:
    """Lower case without accents, so "Idée" and "idee" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def check_stage(text: str) -> Checked:
    """One of idea | creation | young | established, from a button or free words."""
    folded = plain(text)
    if folded in STAGE_WORDS:
        return Checked(folded)
    # the longest matching phrase wins: "pas encore cree" before "creation"
    matches = [(len(word), stage) for stage, words in STAGE_WORDS.items()
               for word in words if word in folded]
    if not matches:
        return Checked(None, "stage_invalid")
    return Checked(max(matches)[1])


YES = ("oui", "yes", "ouais", "yep", "yeah", "ok", "d'accord", "daccord", "bien sur", "of course",
       "j'accepte", "i agree", "absolument", "certainement", "sure", "exact", "exactement")
NO = ("non", "no", "nope", "pas du tout", "not at all", "je refuse", "i refuse", "nan", "jamais",
      "never")


def check_yes_no(text: str) -> Checked:
    folded = plain(text).strip(" .!")
    if folded in YES:
        return Checked(True)
    if folded in NO:
        return Checked(False)
    return Checked(None, "yes_no")


def leading_yes_no(text: str) -> bool | None:
    """"oui. Mais attention, la commune c'est Rouen maintenant": a yes or a no said first, as
    a clause of its own, whatever follows (not a question: "yes, but how long?" is heard as
    one); None when the message opens with neither."""
    if "?" in text:
        return None
    first = re.split(r"[.,;:!—–]|\s-\s", text, maxsplit=1)[0]
    checked = check_yes_no(first)
    if not checked.ok and first.split()[:1] and plain(first.split()[0]) in ("oui", "non",
                                                                          "yes", "no"):
        checked = check_yes_no(first.split()[0])  # "oui d'accord", "non merci"
    return checked.value if checked.ok and first.strip() != text.strip() or (
        checked.ok and len(first.split()) > 1) else None


def check_text(text: str, minimum: int = 1, maximum: int = 2000) -> Checked:
    """Free prose: trimmed, with some letters in it."""
    value = " ".join(text.split())
    if len(value) < minimum or not any(ch.isalpha() for ch in value):
        return Checked(None, "text_too_short")
    if len(value) > maximum:
        return Checked(None, "text_too_long")
    return Checked(value)


def check_company(text: str) -> Checked:
    return check_text(text, maximum=COMPANY_MAX)
