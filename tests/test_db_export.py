"""`ftbot db export`: the database written back in the seed's format, which the seed import
reads again into the same data (bot/db/export.py)."""

from __future__ import annotations

from datetime import datetime

import yaml
from sqlalchemy import select

from bot.db.export import dump, export_seed
from bot.db.migrate import upgrade
from bot.db.models import EligibilityRule, Event, Programme
from bot.db.seed import apply_seed, load_seed
from bot.db.session import session_scope
from tests.support.assistant import ftbot
from tests.support.factories import SEED_FILE, make_event


def seeded(url: str) -> None:
    with session_scope(url) as session:
        apply_seed(session, load_seed(SEED_FILE))


def exported(url: str) -> dict:
    with session_scope(url) as session:
        return export_seed(session)


def test_an_export_imported_into_an_empty_database_exports_the_same(database_url, tmp_path):
    seeded(database_url)
    with session_scope(database_url) as session:  # what staff do between two seeds
        make_event(session, "Afterwork du réseau", in_days=20, key=None)
        rule = session.execute(select(EligibilityRule).join(Programme).where(
            Programme.key == "bourse_french_tech",
            EligibilityRule.code == "innovative_company_creation")).scalar_one()
        rule.check = {"stage_in": ["idea", "creation", "young"]}
    first = exported(database_url)
    path = tmp_path / "export.yml"
    path.write_text(dump(first), encoding="utf-8")

    other = f"sqlite:///{tmp_path / 'other.db'}"
    upgrade(other)
    with session_scope(other) as session:
        apply_seed(session, load_seed(path))  # validated as strictly as seed/programmes.yml
    again = exported(other)
    assert yaml.safe_dump(again) == yaml.safe_dump(first)
    bourse = next(p for p in again["programmes"] if p["key"] == "bourse_french_tech")
    assert bourse["eligibility_rules"][0]["check"] == {"stage_in": ["idea", "creation", "young"]}
    assert bourse["offers"] == ["funding"]
    assert any(e["title"]["fr"] == "Afterwork du réseau" for e in again["events"])


def test_cancelled_events_are_left_out_and_dates_keep_their_precision(database_url):
    seeded(database_url)
    with session_scope(database_url) as session:
        session.execute(select(Event).where(Event.key == "point_etape_bercy_2016")
                        ).scalar_one().cancelled = True
        starts = make_event(session, "Demo day", key="demo_day",
                            date_precision="minute").starts_at
    events = {e["key"]: e for e in exported(database_url)["events"]}
    assert "point_etape_bercy_2016" not in events
    assert events["ces_las_vegas_2016"]["starts"] == "2016-01"
    assert str(events["comite_operationnel_2015_07"]["starts"]) == "2015-07-07"
    demo = events["demo_day"]["starts"]  # a Paris time, the same moment
    assert isinstance(demo, datetime) and str(demo.tzinfo) == "Europe/Paris"
    assert demo == starts


def test_the_command_writes_the_file_or_prints_it(database_url, tmp_path):
    seeded(database_url)
    path = tmp_path / "out.yml"
    result = ftbot("db", "export", str(path), database_url=database_url)
    assert result.returncode == 0, result.stderr[-2000:]
    assert load_seed(path).programmes[0].key == "bourse_french_tech"
    printed = ftbot("db", "export", database_url=database_url)
    assert printed.stdout.startswith("# Exported from the database")
