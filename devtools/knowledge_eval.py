"""The knowledge index's threshold, calibrated on training data only (leave-one-out).

Each stored question is left out in turn and matched against the rest: a knowledge entry's
question must find its own aspect, an NLU example must find none (its intent answers it). The
threshold is the one with the best accuracy over both; the held-out NLU sets and the
conversation suite never set it. May import `bot`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from bot.db.seed import load_seed
from bot.knowledge.retrieval import INTENT, Index, entry_documents, nlu_data, scheme_forms

THRESHOLDS = [round(0.20 + 0.02 * i, 2) for i in range(21)]


@dataclass
class Point:
    threshold: float
    accuracy: float
    knowledge_found: float  # knowledge questions that found their own aspect
    intents_left_alone: float  # NLU examples the index left to their intent


def build(seed_file: Path) -> Index:
    seed = load_seed(seed_file)
    entries = [SimpleNamespace(aspect=k.aspect, questions=k.questions.dict())
               for k in seed.knowledge]
    examples, forms = nlu_data()
    programmes = [(p.key, p.name.dict()) for p in seed.programmes]
    return Index([*entry_documents(entries), *examples],
                 {**scheme_forms(programmes), **dict(forms)})


def calibrate(seed_file: Path) -> list[Point]:
    index = build(seed_file)
    texts = index.raw_texts
    rankings = [index.ranking(text, exclude=i) for i, text in enumerate(texts)]
    points = []
    for threshold in THRESHOLDS:
        found = total_k = left = total_i = 0
        for i, text in enumerate(texts):
            label = str(index.labels[i])
            decided = index.decide(text, rankings[i], threshold)
            hit = decided.label if decided else None
            if label.startswith(INTENT):
                total_i += 1
                left += hit is None
            else:
                total_k += 1
                found += hit == label
        points.append(Point(threshold, (found + left) / (total_k + total_i),
                            found / max(total_k, 1), left / max(total_i, 1)))
    return points


def summary(points: list[Point]) -> str:
    best = max(points, key=lambda p: p.accuracy)
    lines = ["threshold  accuracy  knowledge found  intents left alone"]
    lines += [f"{p.threshold:9.2f}  {p.accuracy:8.3f}  {p.knowledge_found:15.3f}  "
              f"{p.intents_left_alone:18.3f}{'  <- best' if p is best else ''}"
              for p in points]
    return "\n".join(lines)
