"""Evaluate the NLU on the held-out set in tests/ (never used for training)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.config import PROJECT_ROOT

HELD_OUT = PROJECT_ROOT / "tests" / "nlu"  # one YAML file per part of the held-out set
ENTITY = "programme"
OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
REFUSALS = (OUT_OF_SCOPE, FALLBACK)  # both answer "I can't help with that" (+ a person)


@dataclass
class Example:
    text: str
    intent: str
    programmes: list[str]
    part: str = ""


@dataclass
class NluReport:
    examples: int
    intent_accuracy: float
    intent_accuracy_per_part: dict[str, float]
    intent_macro_f1: float
    in_domain_accuracy: float
    out_of_scope_examples: int
    out_of_scope_caught: float
    in_domain_to_fallback: float
    entity_examples: int
    entity_accuracy: float
    entity_false_positives: int
    per_intent: dict[str, dict[str, float]]
    errors: list[dict]


def load_examples(path: Path = HELD_OUT) -> list[Example]:
    """Examples of a YAML file, or of every YAML file of a folder (each file is a part)."""
    from rasa.shared.nlu.training_data.loading import load_data

    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    return [
        Example(
            text=m.get("text"),
            intent=m.get("intent"),
            programmes=sorted(e["value"] for e in m.get("entities", []) if e["entity"] == ENTITY),
            part=file.stem,
        )
        for file in files
        for m in load_data(str(file)).intent_examples
    ]


async def predict(model_path: Path, examples: list[Example]) -> list[dict]:
    from rasa.core.agent import Agent
    from tqdm import tqdm

    agent = Agent.load(str(model_path))
    return [await agent.parse_message(ex.text) for ex in tqdm(examples, desc="Evaluating NLU")]


def as_answered(example: Example, predicted: str) -> str:
    """An out-of-scope sentence answered by the fallback was answered right: both refuse."""
    return OUT_OF_SCOPE if example.intent == OUT_OF_SCOPE and predicted in REFUSALS else predicted


def classified(parsed: dict) -> str:
    """The intent model's own reading: a question the knowledge router sent to the knowledge
    base keeps it (`knowledge.intent`), so these figures measure the classifier."""
    return (parsed.get("knowledge") or {}).get("intent") or parsed["intent"]["name"]


def answered(examples: list[Example], predictions: list[dict]) -> list[str]:
    return [as_answered(ex, classified(p))
            for ex, p in zip(examples, predictions, strict=True)]


def score(examples: list[Example], predictions: list[dict]) -> NluReport:
    """Intent metrics count a refusal of an out-of-scope sentence as right; entity metrics
    compare the sets of programme keys."""
    from sklearn.metrics import accuracy_score, classification_report, f1_score

    truth = [ex.intent for ex in examples]
    predicted = answered(examples, predictions)
    labels = sorted(set(truth))
    report = classification_report(truth, predicted, labels=labels, output_dict=True,
                                   zero_division=0)
    found = [sorted(e["value"] for e in p["entities"] if e["entity"] == ENTITY)
             for p in predictions]
    with_entity = [i for i, ex in enumerate(examples) if ex.programmes]
    entity_hits = sum(found[i] == examples[i].programmes for i in with_entity)
    in_domain = [i for i, ex in enumerate(examples) if ex.intent != OUT_OF_SCOPE]
    outside = [i for i, ex in enumerate(examples) if ex.intent == OUT_OF_SCOPE]
    errors = [
        {"text": ex.text, "intent": ex.intent, "predicted": predicted[i],
         "programmes": ex.programmes, "found": found[i]}
        for i, ex in enumerate(examples)
        if predicted[i] != ex.intent or found[i] != ex.programmes
    ]
    return NluReport(
        examples=len(examples),
        intent_accuracy=round(accuracy_score(truth, predicted), 4),
        intent_accuracy_per_part={
            part: round(accuracy_score(
                [t for t, ex in zip(truth, examples, strict=True) if ex.part == part],
                [p for p, ex in zip(predicted, examples, strict=True) if ex.part == part]), 4)
            for part in sorted({ex.part for ex in examples})
        },
        intent_macro_f1=round(f1_score(truth, predicted, labels=labels, average="macro",
                                       zero_division=0), 4),
        in_domain_accuracy=_share(in_domain, lambda i: predicted[i] == truth[i]),
        out_of_scope_examples=len(outside),
        out_of_scope_caught=_share(outside, lambda i: predicted[i] == OUT_OF_SCOPE),
        in_domain_to_fallback=_share(in_domain, lambda i: predicted[i] in REFUSALS),
        entity_examples=len(with_entity),
        entity_accuracy=round(entity_hits / len(with_entity), 4) if with_entity else 1.0,
        entity_false_positives=sum(1 for i, ex in enumerate(examples)
                                   if not ex.programmes and found[i]),
        per_intent={k: {m: round(v, 4) for m, v in report[k].items()} for k in labels},
        errors=errors,
    )


def _share(indices: list[int], hit) -> float:
    return round(sum(1 for i in indices if hit(i)) / len(indices), 4) if indices else 1.0


def write_reports(report: NluReport, examples: list[Example], predictions: list[dict],
                  directory: Path) -> tuple[Path, Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import ConfusionMatrixDisplay

    directory.mkdir(parents=True, exist_ok=True)
    json_path = directory / "nlu_eval.json"
    json_path.write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False),
                         encoding="utf-8")
    truth = [ex.intent for ex in examples]
    predicted = answered(examples, predictions)
    labels = sorted(set(truth) | set(predicted))
    fig, ax = plt.subplots(figsize=(14, 12))
    ConfusionMatrixDisplay.from_predictions(truth, predicted, labels=labels, ax=ax,
                                            xticks_rotation="vertical", colorbar=False)
    ax.set_title(f"Intent confusion (held-out, n={len(examples)}, "
                 f"accuracy {report.intent_accuracy:.3f})")
    fig.tight_layout()
    png_path = directory / "intent_confusion.png"
    fig.savefig(png_path, dpi=80)
    plt.close(fig)
    return json_path, png_path


def summary(report: NluReport) -> str:
    from tabulate import tabulate

    rows = [[name, v["precision"], v["recall"], v["f1-score"], int(v["support"])]
            for name, v in report.per_intent.items()]
    table = tabulate(rows, headers=["intent", "precision", "recall", "f1", "n"], floatfmt=".2f")
    return (
        f"{table}\n\n"
        f"examples: {report.examples}\n"
        f"intent accuracy: {report.intent_accuracy:.4f} ("
        + ", ".join(f"{part}: {acc:.4f}" for part, acc in report.intent_accuracy_per_part.items())
        + ")\n"
        f"intent macro-F1: {report.intent_macro_f1:.4f}\n"
        f"in-domain accuracy: {report.in_domain_accuracy:.4f}, "
        f"sent to fallback: {report.in_domain_to_fallback:.4f}\n"
        f"out-of-scope answered as such: {report.out_of_scope_caught:.4f} "
        f"({report.out_of_scope_examples} examples)\n"
        f"programme entity accuracy: {report.entity_accuracy:.4f} "
        f"({report.entity_examples} examples, {report.entity_false_positives} false positives)"
    )
