"""When a person of the network can be expected to answer."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.config import PARIS
from bot.staff.office_hours import OfficeHours

HOURS = OfficeHours.parse("mon-fri 09:00-18:00")


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(("at", "open_"), [
    (paris(2026, 11, 27, 10, 0), True),  # a Friday morning
    (paris(2026, 11, 27, 18, 0), False),  # closing time
    (paris(2026, 11, 28, 10, 0), False),  # Saturday
    (paris(2026, 11, 30, 8, 59), False),  # Monday, just before
])
def test_open_on_weekdays_during_the_day_in_paris_time(at, open_):
    assert HOURS.is_open(at) is open_


def test_utc_times_are_read_in_paris_time():
    assert HOURS.is_open(datetime.fromisoformat("2026-11-27T08:30:00+00:00"))  # 9:30 in Paris


@pytest.mark.parametrize(("at", "opening"), [
    (paris(2026, 11, 27, 10, 0), paris(2026, 11, 27, 10, 0)),  # open: now
    (paris(2026, 11, 27, 19, 0), paris(2026, 11, 30, 9, 0)),  # Friday evening: Monday
    (paris(2026, 11, 28, 12, 0), paris(2026, 11, 30, 9, 0)),  # Saturday: Monday
    (paris(2026, 11, 30, 7, 0), paris(2026, 11, 30, 9, 0)),  # Monday early: that morning
])
def test_the_next_opening(at, opening):
    assert HOURS.next_opening(at) == opening


@pytest.mark.parametrize("text", ["weekdays", "mon-fri 18:00-09:00", "mon-fri 9h-18h"])
def test_a_wrong_setting_is_refused_with_the_expected_form(text):
    with pytest.raises(ValueError, match="office hours"):
        OfficeHours.parse(text)


@pytest.mark.parametrize(("start", "deadline"), [
    (paris(2026, 11, 27, 10, 0), paris(2026, 11, 27, 10, 30)),  # open: half an hour later
    (paris(2026, 11, 27, 17, 50), paris(2026, 11, 30, 9, 20)),  # Friday 17:50: Monday 9:20
    (paris(2026, 11, 28, 12, 0), paris(2026, 11, 30, 9, 30)),  # Saturday: from Monday's opening
    (paris(2026, 11, 30, 7, 0), paris(2026, 11, 30, 9, 30)),  # before opening
])
def test_half_an_hour_of_office_time(start, deadline):
    assert HOURS.after(start, 1800) == deadline
