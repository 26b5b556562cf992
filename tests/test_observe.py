"""Health and the queues' gauges, on a real database."""

from __future__ import annotations

from datetime import timedelta

from bot.db.handoffs import notice_candidacy, open_handoff
from bot.db.queries import utcnow
from bot.db.reminders import ALL, audience, open_batch, subscribe
from bot.db.session import session_scope
from bot.db.stats import backlogs
from bot.telegram import observe


def test_backlogs_count_what_waits_and_how_late_reminders_are(database_url):
    with session_scope() as session:
        open_handoff(session, chat_id="1", language="fr", reason="request")
        notice_candidacy(session, "NFT-2026-0001")
        subscribe(session, "2", ALL, "fr")
        open_batch(session, "announce:test", "announce", audience(session, [ALL]))
    with session_scope() as session:
        values = backlogs(session, now=utcnow() + timedelta(seconds=90))
    assert values["handoffs_open"] == 1
    assert values["staff_outbox"] == 2  # the handoff's notice and the candidacy's
    assert values["deliveries_pending"] == 1
    assert 89 <= values["reminder_lag_seconds"] <= 100


def test_not_ready_until_telegram_answered(database_url, monkeypatch):
    class Agent:
        @staticmethod
        def is_ready() -> bool:
            return True

    class Assistant:
        agent = Agent()

    monkeypatch.setattr(observe, "_last_telegram_answer", 0.0)
    ready, checks = observe.health(Assistant())
    assert not ready and checks["database"] is True and checks["telegram"] is False
    observe.telegram_answered()
    ready, checks = observe.health(Assistant())
    assert ready and checks["telegram_seconds_ago"] < 1
