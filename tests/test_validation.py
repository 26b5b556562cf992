"""What applicants type is accepted or refused with a reason."""

from __future__ import annotations

from datetime import date

import pytest

from bot.candidacy.validation import (
    check_email,
    check_founding_date,
    check_name,
    check_phone,
    check_siren,
    check_stage,
    check_text,
    check_town,
    check_yes_no,
    in_normandy,
    leading_yes_no,
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


@pytest.mark.parametrize("typed", ["oui", "Oui !", "yes", "OK", "non", "No."])
def test_a_yes_or_no_is_not_a_name(typed):
    assert check_name(typed).error == "name_invalid"


def test_a_name_that_starts_like_a_yes_or_no_is_a_name():
    assert check_name("Nan Li").value == "Nan Li"
    assert check_name("Noa Okafor").value == "Noa Okafor"


@pytest.mark.parametrize(("typed", "stage"), [
    ("idée", "idea"), ("Une idée, un projet", "idea"), ("pas encore créée", "idea"),
    ("en création", "creation"), ("being founded", "creation"),
    ("moins de 3 ans", "young"), ("less than 3 years", "young"),
    ("plus de 3 ans", "established"), ("Founded 3 or more years ago", "established"),
])
def test_a_stage_is_read_from_buttons_or_free_words(typed, stage):
    assert check_stage(typed).value == stage


def test_an_unknown_stage_is_refused():
    assert check_stage("bof").error == "stage_invalid"


@pytest.mark.parametrize(("typed", "value"), [
    ("Oui", True), ("oui !", True), ("yes", True), ("d'accord", True),
    ("non", False), ("No.", False), ("pas du tout", False), ("peut-être", None),
])
def test_yes_or_no(typed, value):
    checked = check_yes_no(typed)
    assert checked.value is value and (checked.ok is (value is not None))


@pytest.mark.parametrize(("typed", "value"), [
    ("oui. Mais attention, la commune c'est Rouen maintenant, pas Évreux.", True),  # a trial
    ("oui d'accord, pas de souci", True), ("non merci, pas maintenant", False),
    ("yes, but how long will it take?", None),  # a question: heard as one
    ("oui", None),  # the whole message: check_yes_no's
    ("je ne sais pas, oui peut-être", None), ("peut-être, oui", None),
])
def test_a_yes_or_no_said_first_whatever_follows(typed, value):
    assert leading_yes_no(typed) is value


def test_free_text_needs_letters_and_a_minimum_length():
    assert check_text("  Une   plateforme  ", 5).value == "Une plateforme"
    assert check_text("abc", 5).error == "text_too_short"
    assert check_text("1234567890", 5).error == "text_too_short"


def test_every_answer_kept_fits_its_column():
    from bot.candidacy.validation import COMPANY_MAX, NAME_MAX, TOWN_MAX
    from bot.db.models import Candidacy

    columns = Candidacy.__table__.c
    assert columns.full_name.type.length >= NAME_MAX
    assert columns.company.type.length >= COMPANY_MAX
    assert columns.town.type.length >= TOWN_MAX
    assert columns.email.type.length >= 254  # the longest address email-validator accepts


def test_answers_longer_than_their_column_are_refused_not_cut():
    from bot.candidacy.validation import COMPANY_MAX, TOWN_MAX, check_company

    assert check_company("x" * COMPANY_MAX).ok
    assert check_company("x" * (COMPANY_MAX + 1)).error == "text_too_long"
    assert check_town("Caen" + "x" * TOWN_MAX + " 14000").error == "text_too_long"
