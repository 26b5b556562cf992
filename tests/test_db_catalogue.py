"""The assistant's copy of the programmes: read from the database only when it changed, and
renewed by every change, whichever session or process made it."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import create_engine, event, update
from sqlalchemy.orm import Session

from bot.db import catalogue
from bot.db.models import Programme
from bot.db.queries import get_programme
from bot.db.session import get_engine, session_scope
from tests.support.factories import make_programme, make_rule, texts


@contextmanager
def statements(url: str):
    """The SQL statements the bot's engine runs inside the block."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    engine = get_engine(url)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def funding_of(url: str, key: str) -> str | None:
    with session_scope(url) as session:
        programme = catalogue.programme(session, key)
        return programme.funding["fr"] if programme and programme.funding else None


def test_an_unchanged_programme_costs_one_small_query(database_url):
    with session_scope(database_url) as session:
        make_programme(session, "bft", funding=texts("30 000 €"))
    assert funding_of(database_url, "bft") == "30 000 €"
    with statements(database_url) as seen:
        assert funding_of(database_url, "bft") == "30 000 €"
    [query] = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
    assert "content_versions" in query


def test_a_change_made_in_another_session_is_read_next_time(database_url):
    with session_scope(database_url) as session:
        make_programme(session, "bft", funding=texts("30 000 €"))
    assert funding_of(database_url, "bft") == "30 000 €"
    with session_scope(database_url) as session:  # the office's way: the ORM, its own session
        get_programme(session, "bft").funding = texts("Jusqu'à 45 000 €")
    assert funding_of(database_url, "bft") == "Jusqu'à 45 000 €"


def test_a_change_made_by_another_process_is_read_next_time(database_url):
    with session_scope(database_url) as session:
        make_programme(session, "bft", funding=texts("30 000 €"))
    assert funding_of(database_url, "bft") == "30 000 €"
    other = create_engine(database_url, future=True)  # `ftbot seed`, say: another engine
    with Session(other) as session, session.begin():
        get_programme(session, "bft").funding = texts("Jusqu'à 45 000 €")
    other.dispose()
    assert funding_of(database_url, "bft") == "Jusqu'à 45 000 €"


def test_new_deleted_programmes_and_new_rules_are_seen(database_url):
    with session_scope(database_url) as session:
        make_programme(session, "bft")
    assert [p.key for p in programmes_of(database_url)] == ["bft"]
    with session_scope(database_url) as session:
        make_programme(session, "pft")
    assert [p.key for p in programmes_of(database_url)] == ["bft", "pft"]
    with session_scope(database_url) as session:
        make_rule(session, get_programme(session, "pft"), "age", {"max_age_years": 3},
                  "Moins de 3 ans", "Under 3 years")
        session.delete(get_programme(session, "bft"))
    [pft] = programmes_of(database_url)
    assert [rule.code for rule in pft.rules] == ["age"]


def test_a_bulk_update_is_seen_once_it_moves_the_version(database_url):
    with session_scope(database_url) as session:
        make_programme(session, "bft", position=1)
    assert programmes_of(database_url)[0].position == 1
    with session_scope(database_url) as session:
        session.execute(update(Programme).values(position=5))
        catalogue.move_version(session)
    assert programmes_of(database_url)[0].position == 5


def test_a_session_reads_its_own_change_and_a_rolled_back_one_is_forgotten(database_url):
    with session_scope(database_url) as session:
        make_programme(session, "bft", funding=texts("30 000 €"))
    assert funding_of(database_url, "bft") == "30 000 €"
    with Session(get_engine(database_url), future=True) as session:
        get_programme(session, "bft").funding = texts("Brouillon")
        session.flush()
        assert catalogue.programme(session, "bft").funding["fr"] == "Brouillon"
        session.rollback()
    assert funding_of(database_url, "bft") == "30 000 €"


def test_what_it_hands_out_is_readable_after_its_session(database_url):
    with session_scope(database_url) as session:
        programme = make_programme(session, "bft")
        make_rule(session, programme, "age", {"max_age_years": 3}, "Moins de 3 ans", "Under 3")
    with session_scope(database_url) as session:
        programme = catalogue.programme(session, "bft")
    assert (programme.rules[0].code, programme.calls) == ("age", [])
    assert catalogue.programme(Session(get_engine(database_url)), None) is None


def programmes_of(url: str) -> list[Programme]:
    with session_scope(url) as session:
        return catalogue.programmes(session)
