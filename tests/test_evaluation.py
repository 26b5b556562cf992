"""`ftbot eval nlu`: the metrics, and the trained model meeting the foundation's bar."""

from __future__ import annotations

import json

import pytest

from devtools.evaluation import Example, score
from tests.support.assistant import ftbot as run_ftbot
from tests.support.assistant import needs_model, seeded_database


def prediction(intent: str, *programmes: str) -> dict:
    return {"intent": {"name": intent},
            "entities": [{"entity": "programme", "value": p} for p in programmes]}


def test_scores_count_intents_and_programme_values():
    examples = [Example("a", "ask_funding", ["pass_french_tech"], "dev"),
                Example("b", "greet", [], "dev"),
                Example("c", "ask_deadline", ["bourse_french_tech"], "final"),
                Example("d", "thank", [], "final")]
    predictions = [prediction("ask_funding", "pass_french_tech"),
                   prediction("greet", "progenn"),
                   prediction("nlu_fallback", "french_tech_ticket"),
                   prediction("thank")]
    report = score(examples, predictions)
    assert report.intent_accuracy == 0.75
    assert report.intent_accuracy_per_part == {"dev": 1.0, "final": 0.5}
    assert report.entity_accuracy == 0.5
    assert report.entity_false_positives == 1
    assert report.per_intent["ask_deadline"]["recall"] == 0.0
    assert [e["text"] for e in report.errors] == ["b", "c"]


def test_a_refused_out_of_scope_sentence_is_right_and_a_refused_question_is_counted():
    examples = [Example("weather?", "out_of_scope", [], "oos"),
                Example("taxes?", "out_of_scope", [], "oos"),
                Example("joke?", "out_of_scope", [], "oos"),
                Example("the pass?", "ask_programme_info", ["pass_french_tech"], "dev"),
                Example("how much?", "ask_funding", [], "dev")]
    predictions = [prediction("nlu_fallback"), prediction("out_of_scope"),
                   prediction("ask_funding"), prediction("out_of_scope", "pass_french_tech"),
                   prediction("ask_funding")]
    report = score(examples, predictions)
    assert report.out_of_scope_caught == round(2 / 3, 4)
    assert report.in_domain_to_fallback == 0.5
    assert report.in_domain_accuracy == 0.5
    assert report.intent_accuracy == 0.6
    assert [e["text"] for e in report.errors] == ["joke?", "the pass?"]


@needs_model
@pytest.mark.slow
def test_the_model_meets_the_bar_on_the_held_out_set(tmp_path):
    """A guard against regressions at issue 17's bar: the held-out set is only sentences
    nobody trained or tuned on (779: 0.954, out of scope 0.945, refused 1.4 %, programmes
    1.000; docs/nlu.md)."""
    url = seeded_database(tmp_path)
    result = run_ftbot("eval", "nlu", "--out", str(tmp_path / "reports"),
                       "--min-intent-accuracy", "0.95", "--min-entity-accuracy", "0.98",
                       "--min-out-of-scope-caught", "0.93", "--max-in-domain-fallback", "0.03",
                       database_url=url)
    assert result.returncode == 0, result.stdout[-2000:]
    report = json.loads((tmp_path / "reports" / "nlu_eval.json").read_text())
    assert report["examples"] > 770 and report["out_of_scope_examples"] > 210
    assert (tmp_path / "reports" / "intent_confusion.png").stat().st_size > 10_000
    assert "intent macro-F1" in result.stdout
