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
    if set(check) == {"region_in", "company"}:  # a company that exists, based there
        if not isinstance(check["company"], bool):
            return "'company' must be true or false"
        return check_problem({"region_in": check["region_in"]})
    for kind, known in (("stage_in", STAGES), ("region_in", REGIONS)):
        if set(check) == {kind}:
            unknown = sorted(set(check[kind]) - set(known))
            return f"unknown value(s) {unknown}; known: {', '.join(known)}" if unknown else None
    if set(check) == {"answer", "is"}:
        return None if isinstance(check["is"], bool) else "'is' must be true or false"
    return ("a check is {stage_in: [...]}, {region_in: [normandie]} (with company: true for a "
            "company that exists), or {answer: KEY, is: BOOL}")


MET, UNKNOWN, UNMET = "met", "unknown", "unmet"


def rule_status(check: dict[str, Any], facts: Facts) -> str:
    """met, unmet, or unknown when the facts do not say (which never counts against anyone)."""
    if "stage_in" in check:
        known = facts.stage
        return UNKNOWN if known is None else MET if known in check["stage_in"] else UNMET
    if check.get("company") and facts.stage == "idea":
        return UNMET  # "a company based in Normandy": a student with an idea has none yet
    if "region_in" in check:
        return {True: MET, False: UNMET}.get(facts.in_normandy, UNKNOWN)
    if "answer" in check:
        answer = facts.answers.get(check["answer"])
        if not isinstance(answer, bool):
            return UNKNOWN
        return MET if answer is check["is"] else UNMET
    return UNKNOWN


def _unmet(check: dict[str, Any], facts: Facts) -> tuple[str, Any] | None:
    if rule_status(check, facts) != UNMET:
        return None
    if "stage_in" in check or check.get("company") and facts.stage == "idea":
        return "stage", facts.stage
    if "region_in" in check:
        return "region", None
    return "answer", facts.answers.get(check["answer"])


def precheck(rules: list[Any], facts: Facts) -> list[Unmet]:
    """The rules (EligibilityRule-like: code, check, text) the facts clearly do not meet."""
    found = []
    for rule in rules:
        unmet = _unmet(rule.check, facts)
        if unmet:
            found.append(Unmet(rule.code, rule.text, *unmet))
    return found
