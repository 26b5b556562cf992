"""The seed import: idempotent, precise about errors, all or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.db.models import EligibilityRule, Event, NetworkSection, Programme
from bot.db.queries import get_programme
from bot.db.seed import SeedError, apply_seed, load_seed
from bot.db.session import session_scope
from tests.support.factories import SEED_FILE, seed_data, seed_items, write_seed


def counts(url: str) -> dict[str, int]:
    with session_scope(url) as session:
        return {
            model.__tablename__: session.execute(select(func.count()).select_from(model)).scalar()
            for model in (Programme, EligibilityRule, Event, NetworkSection)
        }


def seed(url: str, path=SEED_FILE):
    data = load_seed(path)
    with session_scope(url) as session:
        return apply_seed(session, data)


def test_the_seed_file_holds_every_scheme_of_the_announcement(database_url):
    seed(database_url)
    with session_scope(database_url) as session:
        keys = {p.key for p in session.execute(select(Programme)).scalars()}
        ticket = get_programme(session, "french_tech_ticket")
        assert {rule.code for rule in ticket.rules} >= {"founder_from_abroad"}
        bourse = get_programme(session, "bourse_french_tech")
        assert bourse.operator.startswith("Bpi")
        assert bourse.funding_amount_eur is None  # the source gives no amount
        assert bourse.how_to_apply is None  # unknown, not invented
    assert keys == {"bourse_french_tech", "pass_french_tech", "french_tech_ticket",
                    "french_tech_hubs", "normandy_tech_40", "accelerateur", "progenn"}


def test_reseeding_updates_in_place_and_never_duplicates(database_url, tmp_path):
    first = seed(database_url)
    before = counts(database_url)
    data = seed_data()
    data["programmes"][1]["summary"]["fr"] = "Résumé mis à jour par l'équipe."
    second = seed(database_url, write_seed(tmp_path / "edited.yml", data))
    assert counts(database_url) == before
    assert (first.created, second.created) == (seed_items(), 0)
    with session_scope(database_url) as session:
        assert get_programme(session, "pass_french_tech").summary["fr"].startswith("Résumé mis")


def test_a_schema_error_names_its_line_and_writes_nothing(database_url, tmp_path):
    data = seed_data()
    data["programmes"][-1]["kind"] = "lottery"  # the last programme: everything before is valid
    path = write_seed(tmp_path / "bad.yml", data)
    kind_line = next(i for i, line in enumerate(path.read_text().splitlines(), 1)
                     if "lottery" in line)
    with pytest.raises(SeedError) as error:
        seed(database_url, path)
    assert f"line {kind_line}" in str(error.value)
    assert "programmes.6.kind" in str(error.value)
    assert counts(database_url) == dict.fromkeys(counts(database_url), 0)


def test_a_missing_translation_is_refused(tmp_path):
    data = seed_data()
    del data["programmes"][0]["summary"]["en"]
    with pytest.raises(SeedError, match=r"programmes\.0\.summary\.en: field required"):
        load_seed(write_seed(tmp_path / "bad.yml", data))


def test_broken_yaml_names_its_line(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("version: 1\nprogrammes:\n  - key: [unclosed\n", encoding="utf-8")
    with pytest.raises(SeedError, match=r"line \d+: invalid YAML"):
        load_seed(path)


def test_duplicate_keys_are_refused(tmp_path):
    data = seed_data()
    data["programmes"].append(dict(data["programmes"][0]))
    with pytest.raises(SeedError, match="duplicate key.*bourse_french_tech"):
        load_seed(write_seed(tmp_path / "dup.yml", data))


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(SeedError, match="cannot read the file"):
        load_seed(tmp_path / "nowhere.yml")


def test_event_dates_keep_the_precision_of_the_source(database_url):
    seed(database_url)
    with session_scope(database_url) as session:
        events = {e.key: e for e in session.execute(select(Event)).scalars()}
    assert events["ces_las_vegas_2016"].date_precision == "month"
    assert events["comite_operationnel_2015_07"].date_precision == "day"


def test_schemes_say_whether_the_chat_takes_candidacies_and_what_they_ask(database_url):
    seed(database_url)
    with session_scope(database_url) as session:
        ticket = get_programme(session, "french_tech_ticket")
        hubs = get_programme(session, "french_tech_hubs")
        pass_ = get_programme(session, "pass_french_tech")
        assert [q["key"] for q in ticket.candidacy["questions"]] == [
            "founder_from_abroad", "company_in_france"]
        assert ticket.candidacy["questions"][0]["kind"] == "yes_no"
        assert pass_.candidacy == {"questions": []}
        assert hubs.candidacy is None  # a label for cities abroad: no one applies to it here


def test_a_rule_the_precheck_cannot_read_is_refused(tmp_path):
    data = seed_data()
    data["programmes"][0]["eligibility_rules"][0]["check"] = {"turnover_over": 100}
    with pytest.raises(SeedError, match=r"programmes\.0\.eligibility_rules.*rule "
                                        r"innovative_company_creation: a check is"):
        load_seed(write_seed(tmp_path / "bad.yml", data))


def test_more_than_three_scheme_questions_are_refused(tmp_path):
    data = seed_data()
    data["programmes"][0]["candidacy"] = {"questions": [
        {"key": f"q{n}", "kind": "text", "text": {"fr": "Q ?", "en": "Q?"}} for n in range(4)]}
    with pytest.raises(SeedError, match="at most 3 questions"):
        load_seed(write_seed(tmp_path / "bad.yml", data))


def test_a_reseed_leaves_events_staff_moved_or_cancelled_as_staff_left_them(database_url,
                                                                             tmp_path):
    from datetime import datetime, timezone

    from bot.reminders import events

    data = seed_data()
    data["events"][0]["starts"] = datetime(2099, 5, 1, 18, 0)
    data["events"][1]["starts"] = datetime(2099, 6, 1, 18, 0)
    path = write_seed(tmp_path / "seed.yml", data)
    seed(database_url, path)
    moved_to = datetime(2099, 5, 2, 16, 0, tzinfo=timezone.utc)
    with session_scope(database_url) as session:
        first, second = (session.execute(select(Event).where(Event.key == item["key"]))
                         .scalar_one() for item in data["events"][:2])
        events.update(session, first.id, starts_at=moved_to, place="Caen")
        events.cancel(session, second.id)
    report = seed(database_url, path)
    assert report.left_alone == [data["events"][0]["key"], data["events"][1]["key"]]
    assert "left alone" in str(report) and data["events"][1]["key"] in str(report)
    with session_scope(database_url) as session:
        first, second = (session.execute(select(Event).where(Event.key == item["key"]))
                         .scalar_one() for item in data["events"][:2])
        assert (first.starts_at.replace(tzinfo=timezone.utc), first.place) == (moved_to, "Caen")
        assert second.cancelled  # not revived


def test_a_reseed_still_updates_events_nobody_changed(database_url, tmp_path):
    data = seed_data()
    seed(database_url, write_seed(tmp_path / "first.yml", data))
    data["events"][0]["place"] = "Rouen"
    report = seed(database_url, write_seed(tmp_path / "second.yml", data))
    assert report.left_alone == []
    with session_scope(database_url) as session:
        event = session.execute(select(Event).where(Event.key == data["events"][0]["key"]))
        assert event.scalar_one().place == "Rouen"
