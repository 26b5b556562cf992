"""The `ftbot` command line, run as a user would."""

from __future__ import annotations

from bot.db.reminders import ALL, subscribe
from bot.db.session import session_scope
from tests.support.assistant import ftbot, seeded_database
from tests.support.factories import seed_data, seed_items, write_seed


def test_seed_twice_then_list_programmes(tmp_path):
    url = seeded_database(tmp_path)
    again = ftbot("db", "seed", database_url=url)
    assert f"0 created, {seed_items()} updated" in again.stdout
    listing = ftbot("programmes", "list", "--language", "en", database_url=url)
    assert listing.stdout.count("\n") == 2 + 7  # header, rule, one line per programme
    assert "Normandy French Tech accelerator" in listing.stdout


def test_make_runs_seed_only_an_empty_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert ftbot("db", "upgrade", database_url=url).returncode == 0
    first = ftbot("db", "seed", "--if-empty", database_url=url)
    assert first.returncode == 0 and f"{seed_items()} created" in first.stdout
    again = ftbot("db", "seed", "--if-empty", database_url=url)
    assert again.returncode == 0 and "not seeded" in again.stdout
    assert "created" not in again.stdout


def test_a_bad_seed_file_exits_with_the_line_to_fix(tmp_path):
    url = seeded_database(tmp_path)
    data = seed_data()
    data["events"][0]["starts"] = "next tuesday"
    result = ftbot("db", "seed", str(write_seed(tmp_path / "bad.yml", data)), database_url=url)
    assert result.returncode == 2
    assert "line" in result.stderr and "events.0.starts" in result.stderr


def test_events_add_then_list_in_paris_time(tmp_path):
    url = seeded_database(tmp_path)
    added = ftbot("events", "add", "--title", "Demo day", "--starts", "2030-03-05T18:30",
                  "--place", "Caen", database_url=url)
    assert added.returncode == 0, added.stderr
    upcoming = ftbot("events", "list", "--upcoming", database_url=url).stdout
    assert "Demo day" in upcoming and "5 mars 2030, 18:30" in upcoming and "Caen" in upcoming
    assert "CES" not in upcoming  # 2016 is past
    everything = ftbot("events", "list", database_url=url).stdout
    assert "janvier 2016" in everything


def test_events_add_refuses_a_date_it_cannot_read(tmp_path):
    url = seeded_database(tmp_path)
    result = ftbot("events", "add", "--title", "X", "--starts", "demain", database_url=url)
    assert result.returncode == 2
    assert "not an ISO 8601 date" in result.stderr


def test_the_csv_export_never_hands_a_spreadsheet_a_formula(tmp_path):
    import csv
    import io

    from bot.db.candidacies import submit
    from bot.db.session import session_scope

    url = seeded_database(tmp_path)
    typed = {"full_name": "=HYPERLINK(\"http://x\",\"clic\")", "company": "+33 Labs",
             "town": "@Caen", "pitch": "-1+1 startup", "expectations": "Des contacts"}
    with session_scope(url) as session:
        submit(session, chat_id="43", language="fr", programme_key="pass_french_tech",
               fields=typed)
    listing = ftbot("candidacies", "list", "--format", "csv", database_url=url).stdout
    [row] = list(csv.DictReader(io.StringIO(listing)))
    assert row["full_name"] == "'" + typed["full_name"]
    assert (row["company"], row["town"], row["pitch"]) == ("'+33 Labs", "'@Caen", "'-1+1 startup")
    assert row["expectations"] == "Des contacts"


def test_candidacies_list_and_set_status_without_telegram(tmp_path):
    from datetime import date

    from bot.db.candidacies import submit
    from bot.db.session import session_scope

    url = seeded_database(tmp_path)
    with session_scope(url) as session:
        reference = submit(session, chat_id="42", language="en",
                           programme_key="french_tech_ticket",
                           fields={"full_name": "Ana Souza", "email": "ana@example.org",
                                   "company": "Rio Labs", "founded_on": date(2026, 1, 1)}
                           ).reference
    listing = ftbot("candidacies", "list", "--format", "csv", database_url=url).stdout
    assert reference in listing and "Ana Souza" in listing
    changed = ftbot("candidacies", "set-status", reference, "in_review", database_url=url)
    assert changed.returncode == 0
    assert "could not be notified" in changed.stdout  # no TELEGRAM_TOKEN here
    reviewing = ftbot("candidacies", "list", "--status", "in_review", "--format", "json",
                      database_url=url).stdout
    assert f'"reference": "{reference}"' in reviewing
    refused = ftbot("candidacies", "set-status", "NFT-1999-0001", "accepted", database_url=url)
    assert refused.returncode == 2 and "no candidacy" in refused.stderr


def test_handoffs_list_shows_who_took_and_closed_each(tmp_path):
    from bot.db.handoffs import close, open_handoff, take
    from bot.db.session import session_scope

    url = seeded_database(tmp_path)
    with session_scope(url) as session:
        done = open_handoff(session, chat_id="111", language="fr", reason="request",
                            user_name="Jeanne", transcript=[{"by": "user", "text": "bonjour"}])
        take(done, "Camille")
        close(done, "Camille")
        open_handoff(session, chat_id="222", language="en", reason="fallback", user_name="John")
    table = ftbot("handoffs", "list", database_url=url).stdout
    assert "Jeanne" in table and "Camille" in table and "John" in table
    waiting = ftbot("handoffs", "list", "--status", "open", "--format", "json", database_url=url)
    assert '"user_name": "John"' in waiting.stdout and "Jeanne" not in waiting.stdout


def test_events_list_shows_subscribers_and_the_next_reminder(tmp_path):
    url = f"sqlite:///{tmp_path / 'events.db'}"
    assert ftbot("db", "upgrade", database_url=url).returncode == 0
    added = ftbot("events", "add", "--title", "Demo day", "--starts", "2099-01-15T18:30",
                  database_url=url)
    assert added.stdout.startswith("Event 1 added") and "0 subscriber(s)" in added.stdout
    with session_scope(url) as session:
        subscribe(session, "1", ALL, "fr")
        subscribe(session, "2", "event:1", "en")
        subscribe(session, "3", "event:2", "en")
    listing = ftbot("events", "list", "--upcoming", database_url=url).stdout
    assert "subscribers" in listing and "next reminder" in listing
    [row] = [line for line in listing.splitlines() if "Demo day" in line]
    assert " 2 " in row and "8 janvier 2099, 18:30" in row  # 7 days before, Paris time
    moved = ftbot("events", "update", "1", "--starts", "2099-01-16T18:30", database_url=url)
    assert "2 subscriber(s) will be told" in moved.stdout
    cancelled = ftbot("events", "cancel", "1", database_url=url)
    assert "2 subscriber(s) will be told" in cancelled.stdout
    refused = ftbot("events", "update", "1", "--place", "Caen", database_url=url)
    assert refused.returncode == 1 and "Event 1 is cancelled" in refused.stderr


def test_run_refuses_unreadable_reminder_offsets_before_loading_anything(tmp_path):
    result = ftbot("run", database_url=f"sqlite:///{tmp_path / 'x.db'}", stdin="",
                   REMINDER_OFFSETS="7d,soon")
    assert result.returncode == 2
    assert "REMINDER_OFFSETS: 'soon' is not a duration like 7d" in result.stderr


def test_run_refuses_a_database_not_upgraded_and_says_how_to_fix_it(tmp_path):
    result = ftbot("run", database_url=f"sqlite:///{tmp_path / 'old.db'}", stdin="")
    assert result.returncode == 2
    assert "run `ftbot db upgrade`" in result.stderr
    assert "Loading the assistant" not in result.stderr


def test_purge_removes_old_bookkeeping_and_says_how_much(tmp_path):
    from datetime import timedelta

    from bot.db.models_chats import InboxUpdate
    from bot.db.queries import utcnow
    from bot.db.session import session_scope

    url = f"sqlite:///{tmp_path / 'purge.db'}"
    assert ftbot("db", "upgrade", database_url=url).returncode == 0
    with session_scope(url) as session:
        for update_id, age in ((1, 30), (2, 1)):
            session.add(InboxUpdate(update_id=update_id, received_at=utcnow(),
                                    processed_at=utcnow() - timedelta(days=age)))
    result = ftbot("db", "purge", database_url=url)
    assert result.returncode == 0, result.stderr
    assert "Removed: 1 inbox_updates, 0 issued_keyboards" in result.stdout
