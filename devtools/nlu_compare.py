"""`ftbot eval nlu --compare`: candidate NLU pipelines measured on the same sentences.

Each candidate (a pipeline file in devtools/nlu_pipelines/, and config.yml, the one in use)
is trained on nlu/ and measured in fresh processes (devtools/nlu_measure.py), so that one's
memory or threads never count for another: accuracy on the held-out set (tests/nlu/) and by
cross-validation on the training data, training time, model load time, CPU per parse and
peak memory when serving.

The fallback threshold is the one knob tuned, and only on the training data: the
cross-validated threshold is the one with the best accuracy on the folds (a refused
out-of-scope sentence counts as right). The held-out set never tunes anything.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT
from devtools.evaluation import FALLBACK, Example, load_examples, score

PIPELINES = PROJECT_ROOT / "devtools" / "nlu_pipelines"
THRESHOLDS = [round(0.02 * i, 2) for i in range(0, 41)]  # 0 to 0.8


def candidates() -> dict[str, Path]:
    found = {path.stem: path for path in sorted(PIPELINES.glob("*.yml"))}
    found["config.yml (in use)"] = PROJECT_ROOT / "config.yml"
    return found


# --- deciding an intent from a ranking, at any threshold -------------------------------------

def fallback_settings(config: Path) -> tuple[float, float]:
    import yaml

    for component in yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"]:
        if component["name"] == "FallbackClassifier":
            return component.get("threshold", 0.3), component.get("ambiguity_threshold", 0.1)
    return 0.0, 0.0


def decide(ranking: list[dict[str, Any]], threshold: float, ambiguity: float) -> str:
    """What Rasa's FallbackClassifier would answer with these settings."""
    ranked = [r for r in ranking if r["name"] != FALLBACK]
    if not ranked:
        return FALLBACK
    top = ranked[0]["confidence"]
    second = ranked[1]["confidence"] if len(ranked) > 1 else 0.0
    if top < threshold or top - second < ambiguity:
        return FALLBACK
    return ranked[0]["name"]


def as_prediction(raw: dict[str, Any], threshold: float, ambiguity: float) -> dict[str, Any]:
    return {"intent": {"name": decide(raw["ranking"], threshold, ambiguity)},
            "entities": raw["entities"]}


def calibrate(examples: list[Example], raws: list[dict[str, Any]], ambiguity: float) -> float:
    """The threshold with the best cross-validated intent accuracy (a refused out-of-scope
    sentence counts as right); between equals, the highest, which refuses more."""
    best, best_accuracy = 0.0, -1.0
    for threshold in THRESHOLDS:
        accuracy = score(examples, [as_prediction(r, threshold, ambiguity)
                                    for r in raws]).intent_accuracy
        if accuracy >= best_accuracy:
            best, best_accuracy = threshold, accuracy
    return best


# --- the comparison -----------------------------------------------------------------------

@dataclass
class Result:
    name: str
    config: str
    threshold: float
    ambiguity: float
    calibrated_threshold: float | None
    train_seconds: float
    train_cpu_seconds: float
    load_seconds: float
    parse_cpu_ms_mean: float
    parse_cpu_ms_p95: float
    peak_rss_mb: float
    held_out: dict[str, float]
    held_out_at_calibrated: dict[str, float] | None
    cross_validation: dict[str, float] | None
    errors: list[dict] = field(default_factory=list)


def _metrics(examples: list[Example], raws: list[dict[str, Any]], threshold: float,
             ambiguity: float) -> tuple[dict[str, float], list[dict]]:
    report = score(examples, [as_prediction(r, threshold, ambiguity) for r in raws])
    keys = ("intent_accuracy", "intent_macro_f1", "in_domain_accuracy", "out_of_scope_caught",
            "in_domain_to_fallback", "entity_accuracy")
    metrics = {k: getattr(report, k) for k in keys}
    metrics["entity_false_positives"] = report.entity_false_positives
    return metrics, report.errors


def _child(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "devtools.nlu_measure", *args], check=True,
                   cwd=PROJECT_ROOT)


def compare_one(name: str, config: Path, folds: int, work: Path,
                examples: list[Example]) -> Result:
    trained, served = work / f"{config.stem}-train.json", work / f"{config.stem}-serve.json"
    _child("train", str(config), str(folds), str(trained))
    training = json.loads(trained.read_text(encoding="utf-8"))
    _child("serve", training["model"], str(served))
    serving = json.loads(served.read_text(encoding="utf-8"))
    threshold, ambiguity = fallback_settings(config)
    held_out, errors = _metrics(examples, serving["held_out"], threshold, ambiguity)
    cv_examples = [Example(**c["example"]) for c in training["cv"]]
    cv_raws = [c["raw"] for c in training["cv"]]
    calibrated = calibrate(cv_examples, cv_raws, ambiguity) if cv_raws else None
    return Result(
        name=name, config=str(config.relative_to(PROJECT_ROOT)), threshold=threshold,
        ambiguity=ambiguity, calibrated_threshold=calibrated,
        train_seconds=training["train_seconds"],
        train_cpu_seconds=training["train_cpu_seconds"],
        load_seconds=serving["load_seconds"],
        parse_cpu_ms_mean=serving["parse_cpu_ms_mean"],
        parse_cpu_ms_p95=serving["parse_cpu_ms_p95"], peak_rss_mb=serving["peak_rss_mb"],
        held_out=held_out,
        held_out_at_calibrated=(_metrics(examples, serving["held_out"], calibrated,
                                         ambiguity)[0] if calibrated is not None else None),
        cross_validation=(_metrics(cv_examples, cv_raws, threshold, ambiguity)[0]
                          if cv_raws else None),
        errors=errors,
    )


def compare(names: list[str] | None, folds: int, out: Path) -> list[Result]:
    chosen = {n: p for n, p in candidates().items() if not names or n in names}
    out.mkdir(parents=True, exist_ok=True)
    examples = load_examples()  # the held-out set, as the serving children parse it
    with tempfile.TemporaryDirectory(prefix="nlu-compare-") as work:
        results = [compare_one(name, path, folds, Path(work), examples)
                   for name, path in chosen.items()]
    (out / "nlu_compare.json").write_text(
        json.dumps({"folds": folds,
                    "held_out_examples": len(examples),
                    "candidates": [asdict(r) for r in results]}, indent=2, ensure_ascii=False),
        encoding="utf-8")
    plot(results, out / "nlu_compare.png")
    return results


def table(results: list[Result]) -> str:
    from tabulate import tabulate

    rows = [[r.name, r.held_out["intent_accuracy"], r.held_out["intent_macro_f1"],
             r.held_out["out_of_scope_caught"], r.held_out["in_domain_to_fallback"],
             r.held_out["entity_accuracy"],
             (r.cross_validation or {}).get("intent_accuracy", "-"),
             r.train_seconds, r.parse_cpu_ms_mean, r.load_seconds, r.peak_rss_mb,
             r.calibrated_threshold if r.calibrated_threshold is not None else "-"]
            for r in results]
    return tabulate(rows, tablefmt="github", floatfmt=".3g", headers=[
        "pipeline", "intent acc.", "macro-F1", "out-of-scope caught", "in-domain to fallback",
        "programme acc.", "CV intent acc.", "train s", "parse CPU ms", "load s", "RSS MB",
        "CV threshold"])


def plot(results: list[Result], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = ["intent_accuracy", "intent_macro_f1", "out_of_scope_caught", "entity_accuracy"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
    width = 0.8 / max(len(results), 1)
    for i, r in enumerate(results):
        left.bar([m + i * width for m in range(len(metrics))],
                 [r.held_out[k] for k in metrics], width, label=r.name)
        right.bar([m + i * width for m in range(2)],
                  [r.train_seconds, r.parse_cpu_ms_mean], width, label=r.name)
    left.set_xticks([m + 0.4 - width / 2 for m in range(len(metrics))],
                    ["intent acc.", "macro-F1", "out-of-scope caught", "programme acc."])
    left.set_ylim(0.5, 1.0)
    left.set_title("Held-out sentences (higher is better)")
    right.set_xticks([0.4 - width / 2, 1.4 - width / 2], ["training s", "CPU ms per parse"])
    right.set_yscale("log")
    right.set_title("Cost (lower is better)")
    left.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
