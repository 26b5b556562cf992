"""What applicants type is accepted or refused with a reason."""

from __future__ import annotations

from datetime import date

import pytest

from bot.validation import (
    check_email,
    check_founding_date,
    check_name,
    check_phone,
    check_siren,
    check_town,
    in_normandy,
)

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(("typed", "value", "error"), [
    ("732 829 320", "732829320", None),  # a real SIREN passes the Luhn check
    ("732829321", None, "siren_checksum"),
    ("12345", None, "siren_format"),
    ("abcdefghi", None, "siren_format"),
])
def test_siren(typed, value, error):
    checked = check_siren(typed)
    assert (checked.value, checked.error) == (value, error)


@pytest.mark.parametrize(("typed", "ok"), [
    ("camille.martin@startup.fr", True), ("camille@", False), ("pas un mail", False),
])
def test_email(typed, ok):
    assert check_email(typed).ok is ok


def test_phone_numbers_are_normalised_and_checked():
    assert check_phone("06 12 34 56 78").value == "+33612345678"
    assert check_phone("+44 20 7946 0958").value == "+442079460958"  # founders from abroad
    assert check_phone("+33 1 23").error == "phone_invalid"
    assert check_phone("12").error == "phone_invalid"


@pytest.mark.parametrize(("typed", "value", "error"), [
    ("mars 2021", date(2021, 3, 1), None),
    ("15/09/2019", date(2019, 9, 15), None),
    ("January 2026", date(2026, 1, 1), None),
    ("31/02/2020", None, "date_invalid"),
    ("1850", None, "date_impossible"),
    ("2035", None, "date_impossible"),
])
def test_founding_dates(typed, value, error):
    checked = check_founding_date(typed, today=TODAY)
    assert (checked.value, checked.error) == (value, error)


def test_town_and_normandy():
    assert check_town("Caen 14000").value == ("Caen", "14000")
    assert check_town("75011 Paris").value == ("Paris", "75011")
    assert check_town("Rouen").value == ("Rouen", None)
    assert check_town("1234").error == "town_invalid"
    assert (in_normandy("14000"), in_normandy("75011"), in_normandy(None)) == (True, False, None)


def test_names():
    assert check_name("  Camille   Martin ").value == "Camille Martin"
    assert check_name("!!").error == "name_invalid"
