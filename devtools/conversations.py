"""The conversation suite: whole conversations run through the real assistant and judged.

Owns the suite's format (tests/conversations/README.md), its runner and its report. A case
is what a person writes, turn by turn, and what each reply must and must not say; each runs
as a new conversation of one in-process `Assistant` (the console's path: text in, replies
out), on a database seeded once per run. May import `bot` (the runtime) and the standard
library; nothing imports this but the command line and tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_ROOT

SUITE = PROJECT_ROOT / "tests" / "conversations"
PARTS = ("dev", "heldout")
GOALS = {"dev": 1.0, "heldout": 0.9}  # the share of cases that must pass (issue 31)
# What was reached, a little below: `make test` fails on a regression; `ftbot eval
# conversations --check` measures the goals. 2026-12-08, end of the fourth session: dev 0.959
# of 515 cases (21 written that session from a persona trial, 15 failing when written),
# held-out 0.773 of 97.
FLOORS = {"dev": 0.92, "heldout": 0.74}

_QUOTES = str.maketrans({"’": "'", "‘": "'", "«": '"', "»": '"', "“": '"', "”": '"',
                         "\u00a0": " ", "\u202f": " "})


def normalized(text: str) -> str:
    """Case, accents, quote styles and runs of spaces ignored: what expectations match on."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain)


@dataclass
class Turn:
    user: str
    says: list[list[str]] = field(default_factory=list)  # each: any of these
    not_says: list[str] = field(default_factory=list)


@dataclass
class Case:
    part: str
    theme: str
    name: str
    turns: list[Turn]
    language: str | None = None

    @property
    def id(self) -> str:
        return f"{self.part}/{self.theme}: {self.name}"


@dataclass
class TurnResult:
    user: str
    reply: str
    missing: list[list[str]]
    forbidden: list[str]
    route: str = ""  # how the message was read: the intent, and the knowledge form if any

    @property
    def ok(self) -> bool:
        return not self.missing and not self.forbidden


@dataclass
class CaseResult:
    case: Case
    turns: list[TurnResult]

    @property
    def ok(self) -> bool:
        return all(turn.ok for turn in self.turns)


class SuiteError(ValueError):
    """A suite file that does not follow the format; names the file and the case."""


def _alternatives(item: Any, where: str) -> list[str]:
    if isinstance(item, str) and item.strip():
        return [item]
    if isinstance(item, list) and item and all(isinstance(i, str) and i.strip() for i in item):
        return list(item)
    raise SuiteError(f"{where}: an expectation is a string or a list of strings: {item!r}")


def _turn(raw: Any, where: str) -> Turn:
    if not isinstance(raw, dict) or not isinstance(raw.get("user"), (str, int)):
        raise SuiteError(f"{where}: a turn needs `user`")
    unknown = set(raw) - {"user", "says", "not_says"}
    if unknown:
        raise SuiteError(f"{where}: unknown key(s) {sorted(unknown)}")
    not_says = [_alternatives(i, where) for i in raw.get("not_says") or []]
    return Turn(user=str(raw["user"]),
                says=[_alternatives(i, where) for i in raw.get("says") or []],
                not_says=[text for group in not_says for text in group])


def load_part(part: str, root: Path = SUITE) -> list[Case]:
    """Every case of one part, files in name order; raises SuiteError on a malformed one."""
    cases: list[Case] = []
    for path in sorted((root / part).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for index, raw in enumerate(data.get("cases") or []):
            where = f"{path.name}, case {index + 1}"
            if not isinstance(raw, dict) or not raw.get("turns"):
                raise SuiteError(f"{where}: a case needs `turns`")
            language = raw.get("language")
            if language not in (None, "fr", "en"):
                raise SuiteError(f"{where}: language is fr or en")
            cases.append(Case(part=part, theme=path.stem, name=str(raw.get("name") or index + 1),
                              turns=[_turn(t, where) for t in raw["turns"]],
                              language=language))
    return cases


def judge(turn: Turn, reply: str) -> TurnResult:
    said = normalized(reply)
    missing = [group for group in turn.says
               if not any(normalized(option) in said for option in group)]
    forbidden = [text for text in turn.not_says if normalized(text) in said]
    return TurnResult(turn.user, reply, missing, forbidden)


def reply_text(replies: list[Any]) -> str:
    """A turn's replies as one text: each message, then its buttons' titles."""
    parts: list[str] = []
    for reply in replies:
        if reply.text:
            parts.append(reply.text)
        parts.extend(f"[{button['title']}]" for button in reply.buttons)
    return "\n".join(parts)


async def run_case(assistant: Any, case: Case, sender_id: str) -> CaseResult:
    """One conversation, as the console runs it: a digit presses a numbered button."""
    metadata = {"language": case.language, "language_locked": True} if case.language else {}
    payloads: list[str] = []
    results: list[TurnResult] = []
    for turn in case.turns:
        text, pressed = turn.user, False
        if text.strip().isdigit() and 0 < int(text.strip()) <= len(payloads):
            text, pressed = payloads[int(text.strip()) - 1], True
        taken = await assistant.take_turn(sender_id, text, dict(metadata), payload=pressed)
        replies = taken.replies
        if metadata and taken.language:  # "in English please" replaces the case's language,
            metadata["language"] = taken.language  # as the console's /language choice
        payloads = [button["payload"] for reply in replies for button in reply.buttons]
        result = judge(turn, reply_text(replies))
        result.route = await _route(assistant, sender_id)
        results.append(result)
    return CaseResult(case, results)


async def _route(assistant: Any, sender_id: str) -> str:
    """The latest message's intent as read, and what the knowledge router made of it."""
    tracker = await assistant.agent.tracker_store.retrieve(sender_id)
    message = (tracker.latest_message.parse_data if tracker else None) or {}
    found = message.get("knowledge") or {}
    route = (message.get("intent") or {}).get("name") or "?"
    if found:
        route += f" {found.get('form')}" + ("" if found.get("aspect") else " (no fact)")
        route += f" ← {found.get('intent')}"
    return route


async def run_suite(assistant: Any, cases: list[Case]) -> list[CaseResult]:
    results = []
    for number, case in enumerate(cases):
        results.append(await run_case(assistant, case, f"suite-{case.part}-{number}"))
    return results


@dataclass
class Rates:
    passed: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def add(self, ok: bool) -> None:
        self.passed += ok
        self.total += 1

    def __str__(self) -> str:
        return f"{self.rate:.3f} ({self.passed}/{self.total})"


def rates(results: list[CaseResult]) -> tuple[dict[str, Rates], dict[tuple[str, str], Rates]]:
    """Cases passed per part, and per part and theme; turns are reported beside them."""
    per_part: dict[str, Rates] = defaultdict(Rates)
    per_theme: dict[tuple[str, str], Rates] = defaultdict(Rates)
    for result in results:
        per_part[result.case.part].add(result.ok)
        per_theme[(result.case.part, result.case.theme)].add(result.ok)
    return dict(per_part), dict(per_theme)


def report(results: list[CaseResult], verbose_parts: tuple[str, ...] = ("dev",)) -> str:
    """The pass rate per part and theme; failed cases of the parts one may read, in detail.

    A held-out failure is named by its theme only: reading it would tune on it.
    """
    per_part, per_theme = rates(results)
    turns: dict[str, Rates] = defaultdict(Rates)
    for result in results:
        for turn in result.turns:
            turns[result.case.part].add(turn.ok)
    lines = []
    for part, rate in per_part.items():
        goal = GOALS.get(part, 0.0)
        lines.append(f"{part}: cases {rate}, turns {turns[part]} (goal {goal:.2f})")
        for (theme_part, theme), theme_rate in sorted(per_theme.items()):
            if theme_part == part:
                lines.append(f"  {theme:<24} {theme_rate}")
    for part in per_part:
        if part not in verbose_parts and per_part[part].passed < per_part[part].total:
            lines.append(f"{part}: failed turns by the kind of reply they got")
            lines += [f"  {count:3d}  {kind}" for kind, count in
                      failure_kinds(results, part).items()]
    for result in results:
        if result.ok or result.case.part not in verbose_parts:
            continue
        lines.append(f"\nFAILED {result.case.id}")
        for turn in result.turns:
            mark = "ok " if turn.ok else "XX "
            lines.append(f"  {mark}user: {turn.user}")
            if not turn.ok:
                lines.append("      reply: " + turn.reply.replace("\n", "\n             "))
                if turn.missing:
                    lines.append(f"      missing: {turn.missing}")
                if turn.forbidden:
                    lines.append(f"      forbidden: {turn.forbidden}")
    return "\n".join(lines)


# What a failed turn's reply was, by its kind only: how a held-out part fails can be told
# (as an NLU confusion matrix is) without reading one of its sentences.
REPLY_KINDS = (
    ("language refusal", ("je ne parle que", "i only speak")),
    ("refusal", ("je ne peux pas vous aider", "i can't help with that")),
    ("not understood", ("pas sur d'avoir compris", "n'ai pas compris", "didn't understand",
                        "didn't quite get", "not sure i understood")),
    ("which scheme?", ("de quel dispositif", "which scheme do you mean")),
    ("advisor: stage?", ("ou en est votre projet", "how far along")),
    ("advisor: town?", ("ou est (ou sera)", "where is (or will be)")),
    ("advisor: need?", ("aiderait le plus", "would help you most")),
    ("advisor: a scheme's check", ("venu de l'etranger", "from abroad?")),
    ("recommendation", ("voici les dispositifs", "these schemes may suit you")),
    ("comparison", ("ce qui les distingue", "what sets them apart")),
    ("combination", ("cumul", "combine")),
    ("scheme's canned answer", ("ce qu'il apporte", "what it offers", "— qui est eligible",
                                "— who is eligible", "— financement", "— funding",
                                "procedure de candidature", "how to apply")),
    ("network overview", ("en bref", "in brief")),
    ("not stated", ("ne precise pas", "ne dit pas", "ne donne pas", "does not", "gives no",
                    "ne le precise pas", "ne detaille pas", "ne nomme pas")),
    ("fact", ("source",)),
)


def failure_kinds(results: list[CaseResult], part: str) -> dict[str, int]:
    """Failed turns of `part` by the kind of reply they got and what went wrong."""
    kinds: dict[str, int] = defaultdict(int)
    for result in results:
        if result.case.part != part:
            continue
        for position, turn in enumerate(result.turns):
            if turn.ok:
                continue
            said = normalized(turn.reply)
            kind = next((name for name, marks in REPLY_KINDS
                         if any(normalized(mark) in said for mark in marks)), "other")
            wrong = "forbidden" if turn.forbidden else "missing"
            where = "first turn" if position == 0 else "follow-up"
            kinds[f"{kind} ({wrong}, {where}) — read as {turn.route or '?'}"] += 1
    return dict(sorted(kinds.items(), key=lambda item: -item[1]))


def meets_goals(results: list[CaseResult]) -> bool:
    per_part, _ = rates(results)
    return all(rate.rate >= GOALS.get(part, 0.0) for part, rate in per_part.items())
