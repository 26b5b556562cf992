"""/newevent: what staff type, read into an event or a clear refusal."""

from __future__ import annotations

import pytest

from bot.config import PARIS
from bot.telegram.desk.commands import parse_new_event


def test_a_full_newevent_line_gives_every_field_in_paris_time():
    fields, problem = parse_new_event(
        "/newevent 15/01/2099 18h30 | Apéro French Tech | Caen | https://example.org/apero")
    assert problem is None
    assert fields["starts_at"].astimezone(PARIS).strftime("%Y-%m-%d %H:%M") == "2099-01-15 18:30"
    assert (fields["title"], fields["place"], fields["url"]) == (
        "Apéro French Tech", "Caen", "https://example.org/apero")


def test_place_and_link_are_optional():
    fields, problem = parse_new_event("/newevent 2099-03-02 09:00 | Comité")
    assert problem is None and fields["place"] is None and fields["url"] is None


@pytest.mark.parametrize(("line", "problem"), [
    ("/newevent", "newevent_usage"),
    ("/newevent demain", "newevent_usage"),
    ("/newevent | Titre", "newevent_usage"),
    ("/newevent 15/01/2099 |  ", "newevent_usage"),
    ("/newevent n'importe quand | Titre", "newevent_bad_date"),
])
def test_an_incomplete_or_unreadable_line_gets_the_reason(line, problem):
    assert parse_new_event(line) == ({}, problem)
