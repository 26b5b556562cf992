"""Every field of a scheme's form is bounded (issue 33, point 5): a text longer than
MAX_TEXT in one language, an operator, a source's title or link longer than its column, a value
in the YAML fields longer than MAX_SCALAR are a 400 naming the field, the form kept, nothing
saved (PostgreSQL would refuse the row: a 500 otherwise) (bot/office/programmes.py)."""

from __future__ import annotations

import time

import pytest

from bot.db.queries import get_programme
from bot.db.session import session_scope
from bot.office.programmes import MAX_SCALAR, MAX_TEXT
from tests.support.office import (  # noqa: F401 (the fixture)
    BOMB,
    logged_in,
    programme_form,
    shown,
    site,
)


@pytest.mark.parametrize(("changes", "reason"), [
    ({"summary_fr": "x" * (MAX_TEXT + 1)},
     shown("office_programme_text_too_long", field="summary", limit=MAX_TEXT)),
    ({"operator": "o" * 201}, shown("office_programme_too_long", field="operator", limit=200)),
    ({"source_title": "t" * 301},
     shown("office_programme_too_long", field="source_title", limit=300)),
    ({"source_url": "https://example.org/" + "u" * 490},
     shown("office_programme_too_long", field="source_url", limit=500)),
    ({"calls": "- title: {fr: Appel, en: Call}\n  url: https://e.org/" + "c" * MAX_SCALAR},
     shown("office_programme_value_too_long", field="calls", limit=MAX_SCALAR)),
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


async def test_the_alias_bomb_and_5000_deep_yaml_are_refused_within_50_ms(site, database_url):  # noqa: F811
    csrf = await logged_in(site, database_url)
    for field, text in (("eligibility_rules", BOMB), ("calls", "[" * 5000 + "]" * 5000),
                        ("calls", "{a: " * 3000 + "1" + "}" * 3000),
                        ("calls", "".join(" " * i + "a:\n" for i in range(150)))):
        form = programme_form(database_url, "pass_french_tech", csrf, **{field: text})
        took = []
        for _ in range(3):  # the best of three: a loaded machine's pauses are not the check's
            started = time.perf_counter()
            async with site.post("/admin/programmes/pass_french_tech", data=form) as response:
                assert response.status == 400 and field in await response.text()
            took.append(time.perf_counter() - started)
        assert min(took) < 0.050, (field, text[:20], took)
