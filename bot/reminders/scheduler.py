"""Reminder jobs: APScheduler (asyncio) with its job store in the project database.

One date job per planned reminder, named by the reminder's key. `reconcile` makes the jobs
match the plan (events and deadlines may change from another process: the CLI, a re-seed),
at start and every few seconds. A job whose time passed while the bot was down runs at start
(`misfire_grace_time=None`); `fire` then decides: dropped if the event has started, skipped
if a later reminder of it is due too, else fanned out to the subscribers at that moment.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import timedelta

from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from pytz import utc

from bot.config import Settings
from bot.db.queries import utcnow
from bot.db.reminders import audience, batches_among, open_batch
from bot.db.session import legacy_engine, session_scope
from bot.reminders.plan import parse_offsets, plan, superseded

logger = logging.getLogger(__name__)
JOBS_TABLE = "apscheduler_jobs"
_active: ReminderScheduler | None = None  # the scheduler whose jobs `fire_reminder` serves


def persistent_scheduler(database_url: str, tablename: str, **stores: object
                         ) -> AsyncIOScheduler:
    """An asyncio scheduler whose jobs are stored in `tablename` of the project database: a
    job whose time passed while the bot was down runs once at start (`misfire_grace_time`
    None, coalesced), never two at once. `stores`: more job stores, by name."""
    return AsyncIOScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=legacy_engine(database_url),
                                                 tablename=tablename), **stores},
        job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        timezone=utc)


def reconcile_interval(offsets: list[timedelta]) -> float:
    """Often enough for the shortest offset to be scheduled on time, at most every 30 s."""
    return max(1.0, min(30.0, offsets[-1].total_seconds() / 4))


class ReminderScheduler:
    def __init__(self, settings: Settings, on_batch: Callable[[], None]) -> None:
        self.offsets = parse_offsets(settings.reminder_offsets)
        self.on_batch = on_batch
        self.scheduler = persistent_scheduler(settings.database_url, JOBS_TABLE,
                                              internal=MemoryJobStore())

    def start(self) -> None:
        global _active
        _active = self
        self.scheduler.start()
        self.reconcile()
        self.scheduler.add_job(self._reconcile_in_loop, "interval", id="reconcile",
                               jobstore="internal", seconds=reconcile_interval(self.offsets))

    async def _reconcile_in_loop(self) -> None:
        """A coroutine, so that APScheduler runs it in the event loop, not in a thread that
        would race the loop's own calls (after /newevent)."""
        self.reconcile()

    def shutdown(self) -> None:
        global _active
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        _active = None

    def reconcile(self) -> None:
        """Add the jobs the plan needs, remove the ones it no longer has."""
        with session_scope() as session:
            wanted = {p.key: p for p in plan(session, self.offsets)}
            done = batches_among(session, set(wanted))
        jobs = {job.id for job in self.scheduler.get_jobs(jobstore="default")}
        for key in jobs - wanted.keys() | (jobs & done):
            with contextlib.suppress(JobLookupError):  # it ran meanwhile
                self.scheduler.remove_job(key, jobstore="default")
        for key, reminder in wanted.items():
            if key not in jobs and key not in done:
                self.scheduler.add_job(fire_reminder, "date", run_date=reminder.run_at,
                                       args=[key], id=key, jobstore="default",
                                       replace_existing=True)

    def fire(self, key: str) -> int | None:
        """Fan a due reminder out; returns the number of recipients (None: nothing to do)."""
        now = utcnow()
        with session_scope() as session:
            reminder = next((p for p in plan(session, self.offsets, now) if p.key == key), None)
            if reminder is None:  # the event moved, was cancelled or has started
                logger.info("Reminder %s dropped: no longer planned", key)
                return None
            if superseded(reminder, self.offsets, now):
                open_batch(session, key, reminder.kind, [], event_id=reminder.event_id,
                           call_id=reminder.call_id, details={"skipped": "a later one is due"})
                return None
            count = open_batch(session, key, reminder.kind,
                               audience(session, list(reminder.targets)),
                               event_id=reminder.event_id, call_id=reminder.call_id,
                               offset_seconds=int(reminder.offset.total_seconds()))
        if count is not None:
            logger.info("Reminder %s: %d recipients", key, count)
            self.on_batch()
        return count


async def fire_reminder(key: str) -> None:
    """The job function (a module-level reference, as the job store requires)."""
    if _active is not None:
        _active.fire(key)
