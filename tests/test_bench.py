"""`ftbot bench` in its smoke mode: it runs both ways and every message gets its answer.

The figures themselves are measured by hand (README); a timed assertion here would only test
the machine CI runs on.
"""

from __future__ import annotations

import json

import pytest

from bot.bench import Step
from tests.assistant import ftbot, needs_model

pytestmark = [needs_model, pytest.mark.slow]


def test_the_smoke_run_answers_every_message_in_both_modes(tmp_path):
    result = ftbot("bench", "--smoke", "--mode", "both", "--out", str(tmp_path),
                   database_url=f"sqlite:///{tmp_path / 'unused.db'}", timeout=900)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    for mode in ("inprocess", "telegram"):
        report = json.loads((tmp_path / f"bench_{mode}.json").read_text())
        [step] = report["steps"]
        assert step["sent"] > 0 and step["answered"] == step["sent"]
        assert step["errors"] == step["unanswered"] == 0
        assert step["peak_rss_mb"] > 0 and step["cpu_ms_per_message"] > 0
        assert (tmp_path / f"bench_{mode}.png").stat().st_size > 0
    assert "p95_ms" in result.stdout


def test_percentiles_come_from_the_measured_latencies():
    step = Step(offered_rate=10, duration=2, sent=4, answered=4,
                latencies=[0.010, 0.020, 0.030, 0.400])
    summary = step.summary()
    assert (summary["p50_ms"], summary["max_ms"], summary["achieved_rate"]) == (30.0, 400.0, 2.0)
    assert summary["p95_ms"] == 400.0
