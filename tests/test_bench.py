"""`ftbot bench` in its smoke mode: it runs both ways and every message gets its answer.

The figures themselves are measured by hand (README); a timed assertion here would only test
the machine CI runs on.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest

from devtools.bench import Step
from devtools.bench_run import _stop
from tests.support.assistant import ftbot, needs_model

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


def test_a_bot_still_draining_after_the_grace_period_is_killed():
    draining = subprocess.Popen([sys.executable, "-c", (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('ready', flush=True); time.sleep(60)")], stdout=subprocess.PIPE, text=True)
    assert draining.stdout.readline().strip() == "ready"
    _stop(draining, grace=0.5)
    assert draining.returncode == -signal.SIGKILL


def test_a_bot_that_stops_on_sigterm_is_not_killed():
    quitting = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    _stop(quitting, grace=30)
    assert quitting.returncode == -signal.SIGTERM
