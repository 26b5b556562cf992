"""Every field of a scheme's form is bounded (issue 33, point 5): a text longer than
MAX_TEXT in one language, an operator, a source's title or link longer than its column, a value
in the YAML fields longer than MAX_SCALAR are a 400 naming the field, the form kept, nothing
saved (PostgreSQL would refuse the row: a 500 otherwise) (bot/office/programmes.py)."""

from __future__ import annotations

import pytest

from bot.db.queries import get_programme
from bot.db.session import session_scope
from bot.office.programmes import MAX_SCALAR, MAX_TEXT
from tests.support.office import logged_in, programme_form, site  # noqa: F401 (the fixture)


@pytest.mark.parametrize(("changes", "reason"), [
    ({"summary_fr": "x" * (MAX_TEXT + 1)}, "summary: too long"),
    ({"operator": "o" * 201}, "operator: too long"),
    ({"source_title": "t" * 301}, "source_title: too long"),
    ({"source_url": "https://example.org/" + "u" * 490}, "source_url: too long"),
    ({"calls": "- title: {fr: Appel, en: Call}\n  url: https://e.org/" + "c" * MAX_SCALAR},
     "calls: a value is too long"),
])
async def test_a_field_longer_than_it_may_be_is_a_400_and_saves_nothing(
        site, database_url, changes, reason):  # noqa: F811
    csrf = await logged_in(site, database_url)
    with session_scope(database_url) as session:
        before = get_programme(session, "pass_french_tech").summary
    form = programme_form(database_url, "pass_french_tech", csrf, funding_fr="Tapé",
                          funding_en="Typed", **changes)
    async with site.post("/admin/programmes/pass_french_tech", data=form) as response:
        text = await response.text()
    assert response.status == 400 and reason in text and "Tapé" in text
    with session_scope(database_url) as session:
        assert get_programme(session, "pass_french_tech").summary == before
