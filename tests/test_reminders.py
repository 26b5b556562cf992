"""The reminder plan and what each reminder says, in the subscriber's language."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import LANGUAGES
from bot.db.queries import utcnow
from bot.db.reminders import ALL, audience, deliveries_of, event_target, open_batch, subscribe
from bot.db.session import session_scope
from bot.i18n import CONVERSATION
from bot.reminders.compose import compose
from bot.reminders.plan import describe_offsets, parse_offsets, plan, superseded
from tests.support.factories import make_call, make_event, make_programme

WEEK_DAY_HOURS = parse_offsets("7d,1d,2h")


def test_offsets_are_read_longest_first():
    assert parse_offsets("2h, 7d,1d,30m,45s") == [
        timedelta(days=7), timedelta(days=1), timedelta(hours=2), timedelta(minutes=30),
        timedelta(seconds=45)]


@pytest.mark.parametrize("text", ["", "7", "2w", "1d,,2h", "0s", "-1d"])
def test_a_bad_offset_is_refused_with_an_example(text):
    with pytest.raises(ValueError, match="like 7d, 1d, 2h"):
        parse_offsets(text)


def test_offsets_read_as_words_in_both_languages():
    def words(language):
        return describe_offsets(WEEK_DAY_HOURS, language).replace("\xa0", " ")

    assert words("fr") == "1 semaine, 1 jour et 2 heures"
    assert words("en") == "1 week, 1 day and 2 hours"
    for language in LANGUAGES:  # an action's answer: the conversation's words, the same
        assert describe_offsets(WEEK_DAY_HOURS, language, CONVERSATION) == describe_offsets(
            WEEK_DAY_HOURS, language)


def test_each_upcoming_event_has_a_reminder_per_offset(database_url):
    with session_scope() as session:
        event = make_event(session, in_days=10)
        make_event(session, "Passé", in_days=-1)
        make_event(session, "Annulé", in_days=5, cancelled=True)
        planned = plan(session, WEEK_DAY_HOURS)
    assert [p.offset for p in planned] == WEEK_DAY_HOURS
    assert {p.event_id for p in planned} == {event.id}
    assert all(p.targets == (event_target(event.id), ALL) for p in planned)
    assert [p.about - p.run_at for p in planned] == WEEK_DAY_HOURS


def test_a_date_known_to_the_day_gets_whole_days_and_a_month_nothing(database_url):
    with session_scope() as session:
        day = make_event(session, "Jour", in_days=10, date_precision="day")
        make_event(session, "Mois", in_days=40, date_precision="month")
        planned = plan(session, WEEK_DAY_HOURS)
    assert [(p.event_id, p.offset) for p in planned] == [
        (day.id, timedelta(days=7)), (day.id, timedelta(days=1))]


def test_deadlines_are_reminded_to_the_scheme_subscribers(database_url):
    with session_scope() as session:
        call = make_call(session, make_programme(session, "pass_french_tech"), 3)
        planned = plan(session, WEEK_DAY_HOURS)
    assert [(p.kind, p.call_id, p.targets) for p in planned] == [
        ("deadline", call.id, ("deadline:pass_french_tech",))] * 3


def test_a_moved_event_gets_new_keys(database_url):
    with session_scope() as session:
        event = make_event(session, in_days=10)
        before = {p.key for p in plan(session, WEEK_DAY_HOURS)}
        event.starts_at = event.starts_at + timedelta(hours=1)
        session.flush()
        after = {p.key for p in plan(session, WEEK_DAY_HOURS)}
    assert before.isdisjoint(after)


def test_only_the_latest_due_reminder_is_sent_after_downtime(database_url):
    with session_scope() as session:
        make_event(session, in_days=0.5)  # 7d and 1d are both past
        week, day, hours = plan(session, WEEK_DAY_HOURS, utcnow() - timedelta(days=8))
    now = utcnow()
    assert superseded(week, WEEK_DAY_HOURS, now) and not superseded(day, WEEK_DAY_HOURS, now)
    assert not superseded(hours, WEEK_DAY_HOURS, now)


def _delivery(session, kind, event, language="fr", **batch):
    subscribe(session, f"chat-{language}", event_target(event.id), language)
    key = f"{kind}:{event.id}:{language}"
    open_batch(session, key, kind, audience(session, [event_target(event.id)]),
               event_id=event.id, **batch)
    return next(d for d in deliveries_of(session, key) if d.language == language)


def test_a_reminder_says_when_and_where_in_the_subscriber_language(database_url):
    with session_scope() as session:
        event = make_event(session, "Demo day", in_days=1, place="Caen",
                           url="https://example.org/demo")
        fr = compose(session, _delivery(session, "reminder", event, "fr"))
        en = compose(session, _delivery(session, "reminder", event, "en"))
    assert fr.text.replace("\xa0", " ").startswith(
        "⏰ Rappel : « Demo day » commence dans 1 jour — ")
    assert ", Caen." in fr.text and fr.text.endswith("https://example.org/demo")
    assert en.text.replace("\xa0", " ").startswith('⏰ Reminder: "Demo day" starts in 1 day — ')
    assert fr.buttons == [{"title": "Ne plus recevoir ces rappels",
                           "payload": f'/unsubscribe_reminders{{"target":"event:{event.id}"}}'}]


def test_an_announcement_offers_to_remind_and_to_stop(database_url):
    with session_scope() as session:
        event = make_event(session, "Apéro", in_days=3)
        composed = compose(session, _delivery(session, "announce", event, "en"))
    assert composed.text.startswith('📅 New event: "Apéro" — ')
    assert [b["title"] for b in composed.buttons] == ["Remind me", "Stop the announcements"]


def test_a_move_says_the_old_date(database_url):
    with session_scope() as session:
        event = make_event(session, "Comité", in_days=3)
        old = event.starts_at
        event.starts_at = old + timedelta(days=1)
        composed = compose(session, _delivery(session, "moved", event, "fr",
                                              details={"old_starts_at": old.isoformat()}))
    assert composed.text.startswith("📅 Changement : « Comité » aura lieu le ")
    assert "(au lieu du " in composed.text


def test_nothing_is_sent_about_an_event_that_started_or_was_cancelled(database_url):
    with session_scope() as session:
        started = make_event(session, "Commencé", in_days=1)
        reminder = _delivery(session, "reminder", started)
        started.starts_at = utcnow() - timedelta(minutes=1)
        off = make_event(session, "Annulé", in_days=2)
        pending = _delivery(session, "reminder", off)
        off.cancelled = True
        cancelled = _delivery(session, "cancelled", off)
        assert compose(session, reminder) is None
        assert compose(session, pending) is None
        assert compose(session, cancelled).text.startswith("❌ Annulé : « Annulé », prévu le ")


def test_reminders_due_before_an_event_was_announced_are_not_planned(database_url):
    with session_scope() as session:
        event = make_event(session, in_days=2, changed_at=utcnow())
        planned = plan(session, WEEK_DAY_HOURS)
    assert [(p.event_id, p.offset) for p in planned] == [
        (event.id, timedelta(days=1)), (event.id, timedelta(hours=2))]


def test_a_deadline_reminder_names_the_call_and_the_scheme(database_url):
    with session_scope() as session:
        programme = make_programme(session, "pass_french_tech",
                                   name={"fr": "Pass French Tech", "en": "Pass French Tech"})
        call = make_call(session, programme, closes_in_days=1.01)
        subscribe(session, "9", "deadline:pass_french_tech", "fr")
        open_batch(session, "deadline:x", "deadline", audience(session,
                   ["deadline:pass_french_tech"]), call_id=call.id)
        [delivery] = deliveries_of(session, "deadline:x")
        composed = compose(session, delivery)
    assert composed.text.replace("\xa0", " ").startswith(
        "⏰ Date limite : « Appel à candidatures » (Pass French Tech) se termine dans 1 jour")
    assert composed.buttons[0]["payload"] == (
        '/unsubscribe_reminders{"target":"deadline:pass_french_tech"}')
