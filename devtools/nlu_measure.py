"""The child processes of `ftbot eval nlu --compare` (devtools/nlu_compare.py).

`train`: trains a pipeline on nlu/ (timed), then cross-validates it on stratified folds.
`serve`: loads a model as the bot does and parses every held-out sentence (load time, CPU
per parse, peak RSS). Each runs in a process of its own, so that nothing one candidate
loaded counts for another. Results are JSON files the parent reads.
"""

from __future__ import annotations

import json
import random
import resource
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT
from devtools.evaluation import Example, load_examples

NLU_DATA = PROJECT_ROOT / "nlu"


def _raw(parsed: dict[str, Any]) -> dict[str, Any]:
    return {"ranking": [{"name": r["name"], "confidence": round(float(r["confidence"]), 5)}
                        for r in parsed.get("intent_ranking") or [parsed["intent"]]],
            "entities": [{"entity": e["entity"], "value": e["value"]}
                         for e in parsed.get("entities", [])]}


def _train(config: Path, data: Path, output: Path) -> tuple[str, float, float]:
    from rasa.model_training import train_nlu

    wall, cpu = time.perf_counter(), time.process_time()
    model = train_nlu(str(config), str(data), str(output),
                      domain=str(PROJECT_ROOT / "domain.yml"))
    if not model:
        raise RuntimeError(f"training {config} failed")
    return model, time.perf_counter() - wall, time.process_time() - cpu


def _folds(folds: int, seed: int = 42) -> list[tuple[Any, list[Example]]]:
    """Stratified folds of nlu/: (training data without the fold, the fold as examples)."""
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    data = load_data(str(NLU_DATA / "intents"))
    by_intent: dict[str, list[Any]] = {}
    for message in data.intent_examples:
        by_intent.setdefault(message.get("intent"), []).append(message)
    rng = random.Random(seed)
    assignment: dict[int, int] = {}
    for messages in by_intent.values():
        rng.shuffle(messages)
        for i, message in enumerate(messages):
            assignment[id(message)] = i % folds
    result = []
    for k in range(folds):
        train = [m for m in data.training_examples if assignment.get(id(m), -1) != k]
        test = [m for m in data.intent_examples if assignment[id(m)] == k]
        part = TrainingData(training_examples=train, entity_synonyms=data.entity_synonyms,
                            regex_features=data.regex_features,
                            lookup_tables=data.lookup_tables)
        synonyms = {k.lower(): v for k, v in data.entity_synonyms.items()}
        examples = [Example(m.get("text"), m.get("intent"),
                            sorted({synonyms.get(str(e["value"]).lower(), e["value"])
                                    for e in m.get("entities", [])
                                    if e["entity"] == "programme"}), f"fold{k}")
                    for m in test]
        result.append((part, examples))
    return result


def measure_training(config: Path, folds: int, out: Path) -> None:
    """Child 1: train on all of nlu/ (timed), then cross-validate."""
    import asyncio

    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter

    work = Path(tempfile.mkdtemp(prefix="nlu-compare-"))
    model, wall, cpu = _train(config, NLU_DATA, work / "full")
    cv_examples: list[Example] = []
    cv_raws: list[dict[str, Any]] = []
    for k, (part, examples) in enumerate(_folds(folds) if folds > 1 else []):
        data_dir = work / f"fold{k}"
        data_dir.mkdir()
        RasaYAMLWriter().dump(data_dir / "nlu.yml", part)
        fold_model, _, _ = _train(config, data_dir, work / f"model{k}")
        agent = Agent.load(fold_model)
        cv_raws += [_raw(asyncio.run(agent.parse_message(ex.text))) for ex in examples]
        cv_examples += examples
    out.write_text(json.dumps({
        "model": model, "train_seconds": round(wall, 1), "train_cpu_seconds": round(cpu, 1),
        "cv": [{"example": asdict(ex), "raw": raw}
               for ex, raw in zip(cv_examples, cv_raws, strict=True)],
    }), encoding="utf-8")


def measure_serving(model: str, out: Path) -> None:
    """Child 2: load the model as the bot does, parse every held-out sentence."""
    import asyncio

    from bot import rasa_patches, serve_with_one_tensorflow_thread

    serve_with_one_tensorflow_thread()
    rasa_patches.install()
    from rasa.core.agent import Agent

    examples = load_examples()
    started = time.perf_counter()
    agent = Agent.load(model)
    load_seconds = time.perf_counter() - started

    async def parse_all() -> tuple[list[dict[str, Any]], list[float]]:
        await agent.parse_message("bonjour")  # first parse builds caches: not a user's cost
        raws, cpu = [], []
        for example in examples:
            before = time.process_time()
            parsed = await agent.parse_message(example.text)
            cpu.append(time.process_time() - before)
            raws.append(_raw(parsed))
        return raws, cpu

    raws, cpu = asyncio.run(parse_all())
    cpu.sort()
    out.write_text(json.dumps({
        "load_seconds": round(load_seconds, 2),
        "parse_cpu_ms_mean": round(1000 * sum(cpu) / len(cpu), 2),
        "parse_cpu_ms_p95": round(1000 * cpu[int(0.95 * (len(cpu) - 1))], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "held_out": raws,
    }), encoding="utf-8")


if __name__ == "__main__":  # the child processes
    from bot.log import configure_logging

    configure_logging("WARNING")
    command, *rest = sys.argv[1:]
    if command == "train":
        measure_training(Path(rest[0]), int(rest[1]), Path(rest[2]))
    elif command == "serve":
        measure_serving(rest[0], Path(rest[1]))
    else:
        raise SystemExit(f"unknown command {command}")
