"""The "nobody has answered yet" timers: one APScheduler job per open handoff, stored.

When a handoff's notice reaches the staff chat, a date job is set at `HANDOFF_ANSWER_WITHIN`
seconds of office hours after the request (`OfficeHours.after`); at start, every open
handoff whose person was not told yet gets its job again (`replace_existing`), and a job
whose time passed while the bot was down runs at once (`misfire_grace_time=None`). The job
tells the person only if nobody of the staff took the request meanwhile: it marks the request
told and queues the person's message and the staff chat's line in one transaction
(`bot.telegram.desk.relay.tell_wait_over`), and the one sender sends them. Its own job
table: the reminders' scheduler removes every job of its own table that its plan does not
hold. Channel-free: the staff desk hands `WaitTimers` what to run (`tell`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.config import Settings
from bot.db import handoffs
from bot.db.queries import as_utc
from bot.db.session import session_scope
from bot.reminders.scheduler import persistent_scheduler
from bot.staff.office_hours import OfficeHours

logger = logging.getLogger(__name__)
JOBS_TABLE = "apscheduler_handoff_jobs"
Tell = Callable[[int], Awaitable[None]]
_active: WaitTimers | None = None  # the timers whose jobs `wait_over` serves


class WaitTimers:
    def __init__(self, settings: Settings, tell: Tell) -> None:
        self.hours = OfficeHours.parse(settings.office_hours)
        self.within = settings.handoff_answer_within
        self.tell = tell
        self.scheduler = persistent_scheduler(settings.database_url, JOBS_TABLE)

    def start(self) -> None:
        """Start, with a job for every open handoff whose person was not told yet."""
        global _active
        _active = self
        self.scheduler.start()
        with session_scope() as session:
            due = [(h.id, h.opened_at) for h in handoffs.waiting(session)]
        for handoff_id, opened_at in due:
            self.schedule(handoff_id, opened_at)

    def deadline(self, opened_at: datetime) -> datetime:
        return self.hours.after(as_utc(opened_at), self.within)

    def schedule(self, handoff_id: int, opened_at: datetime) -> None:
        self.scheduler.add_job(wait_over, "date", run_date=self.deadline(opened_at),
                               args=[handoff_id], id=f"handoff-wait-{handoff_id}",
                               replace_existing=True)

    def shutdown(self) -> None:
        global _active
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if _active is self:
            _active = None


async def wait_over(handoff_id: int) -> None:
    """The job function (a module-level reference, as the job store requires)."""
    if _active is None:
        return
    try:
        await _active.tell(handoff_id)
    except Exception:  # not marked as told: the job is set again at the next start
        logger.exception("Handoff %s: could not tell the person nobody answered yet",
                         handoff_id)
