"""Checks of what an applicant types, each with a reason a person can act on.

Well-kept libraries do the real work: email-validator (syntax), phonenumbers (French and
international numbers), python-stdnum (SIREN and its Luhn check), dateparser (dates written
the way people write them, in French or English).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import dateparser
import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as siren_number

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
    name = " ".join(text.split())
    if not 2 <= len(name) <= 120 or not any(ch.isalpha() for ch in name):
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


def check_founding_date(text: str, today: date | None = None) -> Checked:
    """A founding (or planned) date: not before 1900, not more than two years ahead."""
    today = today or date.today()
    parsed = dateparser.parse(text, languages=["fr", "en"],
                              settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"})
    if parsed is None:
        return Checked(None, "date_invalid")
    day = parsed.date()
    if day.year < 1900 or (day - today).days > 2 * 366:
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
    return Checked((town, postcode))
