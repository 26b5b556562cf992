"""`ftbot eval nlu --compare`: decisions replayed at any threshold, the threshold tuned on
the training folds only, and a real (small) comparison writing its reports."""

from __future__ import annotations

import json

import pytest

from devtools.evaluation import Example
from devtools.nlu_compare import calibrate, decide, fallback_settings
from tests.support.assistant import ftbot as run_ftbot


def ranking(*pairs: tuple[str, float]) -> list[dict]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def raw(*pairs: tuple[str, float]) -> dict:
    return {"ranking": ranking(*pairs), "entities": []}


def test_decide_replays_the_fallback_classifier():
    sure = ranking(("ask_funding", 0.7), ("ask_deadline", 0.2))
    close = ranking(("ask_funding", 0.41), ("ask_deadline", 0.39))
    assert decide(sure, threshold=0.4, ambiguity=0.05) == "ask_funding"
    assert decide(sure, threshold=0.8, ambiguity=0.05) == "nlu_fallback"
    assert decide(close, threshold=0.3, ambiguity=0.05) == "nlu_fallback"
    assert decide(close, threshold=0.3, ambiguity=0.0) == "ask_funding"
    # a ranking saved after the fallback fired still holds the classifier's own guesses
    after_fallback = ranking(("nlu_fallback", 0.6), ("ask_funding", 0.7), ("ask_deadline", 0.2))
    assert decide(after_fallback, threshold=0.4, ambiguity=0.05) == "ask_funding"


def test_calibration_picks_the_threshold_that_refuses_out_of_scope_but_not_questions():
    examples = [Example("q1", "ask_funding", []), Example("q2", "ask_deadline", []),
                Example("o1", "out_of_scope", []), Example("o2", "out_of_scope", [])]
    raws = [raw(("ask_funding", 0.9)), raw(("ask_deadline", 0.55)),
            raw(("ask_funding", 0.5)), raw(("greet", 0.3))]
    assert calibrate(examples, raws, ambiguity=0.0) == 0.54  # all four right; highest such


def test_the_fallback_settings_are_read_from_the_pipeline(tmp_path):
    config = tmp_path / "config.yml"
    config.write_text("pipeline:\n  - name: X\n  - name: FallbackClassifier\n"
                      "    threshold: 0.25\n    ambiguity_threshold: 0.0\n")
    assert fallback_settings(config) == (0.25, 0.0)


@pytest.mark.slow
def test_a_comparison_trains_measures_and_reports(tmp_path):
    result = run_ftbot("eval", "nlu", "--compare", "--candidates", "tfidf", "--folds", "2",
                       "--out", str(tmp_path), database_url=f"sqlite:///{tmp_path}/unused.db")
    assert result.returncode == 0, result.stdout[-2000:]
    report = json.loads((tmp_path / "nlu_compare.json").read_text())
    [tfidf] = report["candidates"]
    assert tfidf["name"] == "tfidf" and report["held_out_examples"] > 480
    assert 0.5 < tfidf["held_out"]["intent_accuracy"] <= 1
    assert 0.5 < tfidf["cross_validation"]["intent_accuracy"] <= 1
    assert tfidf["calibrated_threshold"] is not None
    assert tfidf["train_seconds"] > 0 and tfidf["parse_cpu_ms_mean"] > 0
    assert tfidf["peak_rss_mb"] > 100
    assert (tmp_path / "nlu_compare.png").stat().st_size > 10_000
    assert "| tfidf" in result.stdout
