"""`ftbot bench`: how many entrepreneurs one machine serves, and how fast.

Simulated users hold realistic conversations (scheme questions in French and English, a
candidacy form, an events question). A global ticker offers messages at the target rate to
users who are not waiting for an answer; latency runs from the moment a message is handed over
(to the emulator, or to the assistant in-process) to the moment the bot's first reply is there.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

SCRIPTS: dict[str, list[str]] = {
    "fr_questions": ["bonjour", "c'est quoi la bourse french tech ?", "et c'est combien ?",
                     "qui peut candidater au pass french tech ?",
                     "quels sont les prochains événements ?", "merci"],
    "en_questions": ["hello", "what is the french tech ticket?", "who is eligible?",
                     "how do I apply for the pass french tech?", "any events coming up?",
                     "thanks"],
    "fr_candidacy": ["je veux candidater au pass french tech", "oui", "Marie Dupont",
                     "marie.dupont@exemple.fr", "passer", "Mobilis", "passer", "Caen 14000",
                     "moins de 3 ans", "mars 2024",
                     "Une plateforme qui aide les PME normandes à trouver des financements.",
                     "De l'accompagnement et de la visibilité.", "annuler", "oui"],
    "en_events": ["hi", "what events are coming up?", "tell me about the network", "bye"],
}
TIMEOUT = 30.0  # seconds after which a message counts as unanswered
THINK = 0.3  # seconds a user waits after an answer (multi-part replies finish meanwhile)

Send = Callable[["User", str], Awaitable[None]]  # returns once the bot has answered


@dataclass
class Step:
    """One offered load and what it got."""

    offered_rate: float
    duration: float
    sent: int = 0
    answered: int = 0
    errors: int = 0
    unanswered: int = 0
    not_offered: int = 0  # ticks with every user still waiting: the load was not reachable
    latencies: list[float] = field(default_factory=list, repr=False)
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0

    def summary(self) -> dict[str, float]:
        ordered = sorted(self.latencies) or [float("nan")]

        def pct(p: float) -> float:
            return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

        return {
            "offered_rate": self.offered_rate, "achieved_rate": round(
                self.answered / self.duration, 2), "sent": self.sent, "answered": self.answered,
            "errors": self.errors, "unanswered": self.unanswered,
            "not_offered": self.not_offered, "p50_ms": pct(0.50), "p95_ms": pct(0.95),
            "p99_ms": pct(0.99), "max_ms": round(1000 * ordered[-1], 1),
            "mean_ms": round(1000 * statistics.fmean(ordered), 1),
            "cpu_ms_per_message": round(1000 * self.cpu_seconds / max(self.answered, 1), 1),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
        }


class User:
    def __init__(self, user_id: str, script: str) -> None:
        self.id = user_id
        self.language = script[:2]
        self.lines = itertools.cycle(SCRIPTS[script])
        self.busy = False


async def _converse(user: User, send: Send, step: Step) -> None:
    user.busy = True
    step.sent += 1
    started = time.perf_counter()
    try:
        await asyncio.wait_for(send(user, next(user.lines)), TIMEOUT)
        step.latencies.append(time.perf_counter() - started)
        step.answered += 1
    except asyncio.TimeoutError:
        step.unanswered += 1
    except Exception:  # noqa: BLE001 - counted, the benchmark goes on
        step.errors += 1
    await asyncio.sleep(THINK)
    user.busy = False


async def drive(send: Send, rate: float, duration: float, users: list[User]) -> Step:
    """Offer `rate` messages per second for `duration` seconds, then wait for the answers."""
    step = Step(rate, duration)
    pending: set[asyncio.Task] = set()
    ring = itertools.cycle(users)
    start = time.perf_counter()
    for tick in itertools.count():
        due = start + tick / rate
        if due - start >= duration:
            break
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        user = next((u for u in itertools.islice(ring, len(users)) if not u.busy), None)
        if user is None:
            step.not_offered += 1
            continue
        task = asyncio.create_task(_converse(user, send, step))
        pending.add(task)
        task.add_done_callback(pending.discard)
    if pending:
        await asyncio.wait(pending, timeout=TIMEOUT + THINK + 1)
    return step


async def warm_up(send: Send) -> None:
    """Each script once, not measured: what a bot does only the first time (reading a file of
    texts, compiling a query or a pattern, loading a locale's data) is not charged to the
    steady state the steps measure."""
    for name, lines in SCRIPTS.items():
        user = User(f"warm-up-{name}", name)
        for line in lines:
            await send(user, line)


def make_users(count: int, prefix: str) -> list[User]:
    scripts = list(SCRIPTS)
    return [User(f"{prefix}{n}", scripts[n % len(scripts)]) for n in range(count)]


def write_reports(steps: list[Step], mode: str, out: Path, extra: dict) -> tuple[Path, Path]:
    """reports/bench_<mode>.json and a PNG of latency against offered load."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    rows = [s.summary() for s in steps]
    json_path = out / f"bench_{mode}.json"
    json_path.write_text(json.dumps({"mode": mode, **extra, "steps": rows,
                                     "config": {"timeout_s": TIMEOUT, "think_s": THINK}},
                                    indent=2))
    figure, axis = plt.subplots(figsize=(7, 4))
    rates = [r["offered_rate"] for r in rows]
    for key in ("p50_ms", "p95_ms", "p99_ms"):
        axis.plot(rates, [r[key] for r in rows], marker="o", label=key.removesuffix("_ms"))
    axis.set_xlabel("offered load (messages/s)")
    axis.set_ylabel("latency (ms)")
    axis.set_title(f"ftbot bench ({mode})")
    axis.grid(True, alpha=0.3)
    axis.legend()
    png_path = out / f"bench_{mode}.png"
    figure.tight_layout()
    figure.savefig(png_path)
    plt.close(figure)
    return json_path, png_path


def table(steps: list[Step]) -> str:
    from tabulate import tabulate

    rows = [s.summary() for s in steps]
    columns = ["offered_rate", "achieved_rate", "sent", "answered", "errors", "unanswered",
               "p50_ms", "p95_ms", "p99_ms", "max_ms", "cpu_ms_per_message", "peak_rss_mb"]
    return tabulate([[r[c] for c in columns] for r in rows], headers=columns)

