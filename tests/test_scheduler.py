"""Reminder jobs in the database's job store: on time, after a restart, never twice."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

from bot.config import Settings
from bot.db.queries import utcnow
from bot.db.reminders import ALL, batch_keys, deliveries_of, event_target
from bot.db.session import session_scope
from bot.reminders import events
from bot.reminders.scheduler import ReminderScheduler
from tests.support.factories import make_event, make_subscribers


def scheduler(offsets: str) -> tuple[ReminderScheduler, list[str]]:
    woken: list[str] = []
    settings = dataclasses.replace(Settings.from_env(), reminder_offsets=offsets)
    return ReminderScheduler(settings, on_batch=lambda: woken.append("batch")), woken


def fanned_out() -> dict[str, int]:
    """Reminder batches and how many deliveries each has."""
    with session_scope() as session:
        return {key.split(":")[3]: len(deliveries_of(session, key))
                for key in batch_keys(session, "reminder:")}


async def test_reminders_fire_at_each_offset_to_the_subscribers_of_that_moment(database_url):
    with session_scope() as session:
        event = make_event(session, in_days=3.5 / 86400)
        make_subscribers(session, event_target(event.id), 2)
        make_subscribers(session, ALL, 1, first_id=5000)
    reminders, woken = scheduler("2s,1s")
    reminders.start()
    try:
        await asyncio.sleep(1.0)
        assert fanned_out() == {}
        await asyncio.sleep(2.2)
        assert fanned_out() == {"2": 3, "1": 3}
        assert woken == ["batch", "batch"]
    finally:
        reminders.shutdown()


async def test_jobs_are_kept_in_the_database_and_run_late_after_downtime(database_url):
    with session_scope() as session:
        make_subscribers(session, ALL, 2)
        make_event(session, in_days=3 / 86400)
    first, _ = scheduler("2s")
    first.start()
    jobs = [job.id for job in first.scheduler.get_jobs(jobstore="default")]
    first.shutdown()  # the bot stops before the reminder is due
    assert len(jobs) == 1
    await asyncio.sleep(1.5)  # it is due now, the event has not started
    second, woken = scheduler("2s")
    second.start()
    try:
        await asyncio.sleep(0.5)
        assert fanned_out() == {"2": 2}
        assert woken == ["batch"]
        assert second.scheduler.get_jobs(jobstore="default") == []
    finally:
        second.shutdown()


async def test_a_reminder_missed_until_the_event_started_is_dropped(database_url):
    with session_scope() as session:
        make_subscribers(session, ALL, 2)
        make_event(session, in_days=1.5 / 86400)
    first, _ = scheduler("1s")
    first.start()
    first.shutdown()
    await asyncio.sleep(2)
    second, woken = scheduler("1s")
    second.start()
    try:
        await asyncio.sleep(0.5)
        assert fanned_out() == {} and woken == []
    finally:
        second.shutdown()


async def test_after_a_long_downtime_only_the_latest_due_reminder_goes_out(database_url):
    with session_scope() as session:
        make_subscribers(session, ALL, 2)
        make_event(session, in_days=2 / 86400)  # 10 s and 5 s before are both past
    reminders, woken = scheduler("10s,5s,1s")
    reminders.start()
    try:
        await asyncio.sleep(0.5)
        assert fanned_out() == {"10": 0, "5": 2}
        assert woken == ["batch"]
    finally:
        reminders.shutdown()


async def test_moving_an_event_replaces_its_jobs_and_a_cancellation_removes_them(
        database_url):
    with session_scope() as session:
        event = make_event(session, in_days=1)
    reminders, _ = scheduler("2h")
    reminders.start()
    try:
        def jobs() -> list[str]:
            return [job.id for job in reminders.scheduler.get_jobs(jobstore="default")]

        [before] = jobs()
        with session_scope() as session:
            events.update(session, event.id, starts_at=utcnow() + timedelta(days=2))
        reminders.reconcile()
        [after] = jobs()
        assert before != after and after.startswith(f"reminder:event:{event.id}:7200:")
        with session_scope() as session:
            events.cancel(session, event.id)
        reminders.reconcile()
        assert jobs() == []
    finally:
        reminders.shutdown()


async def test_an_event_added_by_another_process_is_scheduled_by_the_periodic_reconcile(
        database_url):
    with session_scope() as session:
        make_subscribers(session, ALL, 1)
    reminders, woken = scheduler("1s")
    reminders.start()
    try:
        with session_scope() as session:  # as `ftbot events add` would, elsewhere
            make_event(session, in_days=3 / 86400)
        await asyncio.sleep(3.5)
        assert fanned_out() == {"1": 1} and woken == ["batch"]
    finally:
        reminders.shutdown()
