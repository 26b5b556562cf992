"""The eligibility pre-check: a scheme's machine-readable rules against an applicant's answers.

A rule is only reported as unmet when the answers clearly contradict it; an answer we do not
have (no postcode, a skipped question) never counts against the applicant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STAGES = ("idea", "creation", "young", "established")
REGIONS = ("normandie",)
MAX_SCHEME_QUESTIONS = 3


@dataclass(frozen=True)
class Facts:
    stage: str | None = None
    in_normandy: bool | None = None
    answers: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Unmet:
    code: str
    text: dict[str, str]  # the rule as staff wrote it, {fr, en}
    reason: str  # stage | region | answer
    value: Any  # what the applicant said


def check_problem(check: dict[str, Any]) -> str | None:
    """Why a rule's `check` cannot be evaluated (for the seed validator), or None."""
    for kind, known in (("stage_in", STAGES), ("region_in", REGIONS)):
        if set(check) == {kind}:
            unknown = sorted(set(check[kind]) - set(known))
            return f"unknown value(s) {unknown}; known: {', '.join(known)}" if unknown else None
    if set(check) == {"answer", "is"}:
        return None if isinstance(check["is"], bool) else "'is' must be true or false"
    return "a check is {stage_in: [...]}, {region_in: [normandie]} or {answer: KEY, is: BOOL}"


def _unmet(check: dict[str, Any], facts: Facts) -> tuple[str, Any] | None:
    if "stage_in" in check:
        if facts.stage is not None and facts.stage not in check["stage_in"]:
            return "stage", facts.stage
    elif "region_in" in check:
        if facts.in_normandy is False:
            return "region", None
    elif "answer" in check:
        answer = facts.answers.get(check["answer"])
        if isinstance(answer, bool) and answer is not check["is"]:
            return "answer", answer
    return None


def precheck(rules: list[Any], facts: Facts) -> list[Unmet]:
    """The rules (EligibilityRule-like: code, check, text) the facts clearly do not meet."""
    found = []
    for rule in rules:
        unmet = _unmet(rule.check, facts)
        if unmet:
            found.append(Unmet(rule.code, rule.text, *unmet))
    return found
