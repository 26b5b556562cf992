"""Which schemes fit a situation, by the database's rules, and what is worth asking next.

A scheme is recommended unless one of its rules is clearly not met; schemes whose rules are
all met come before those with unknowns. The needs (funding, support...; one or several) do not
exclude: they put the schemes that offer any of them (their `offers` in the database) first,
those offering more of them before the others, and the rest in an "also open to you" list.
What the person said matters most (a need, or a residence permit: the scheme with a rule on
coming from abroad) comes before everything else. Only questions whose answer can change the
result are asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.advisor.places import ABROAD, FRANCE, NORMANDIE
from bot.advisor.reading import NEEDS, STAGES, VISA
from bot.candidacy.eligibility import MET, UNKNOWN, UNMET, Facts, rule_status

DONT_KNOW = "unknown"  # the value of a question answered "I don't know"
IN_FRANCE = "company_in_france"  # the one answer a place gives: a company in France
PRIORITY_ANSWERS = {VISA: "founder_from_abroad"}  # a condition said to matter most: its rule


@dataclass(frozen=True)
class Situation:
    """What the founder said; None: not asked yet; DONT_KNOW: asked, no answer."""

    stage: str | None = None
    region: str | None = None
    need: str | list[str] | None = None  # one need, or several (the one that matters most first)
    answers: Mapping[str, Any] = field(default_factory=dict)  # a scheme question's key: bool
    priority: str | None = None  # a need or VISA the person said matters most

    def facts(self) -> Facts:
        answers = {key: value for key, value in self.answers.items() if isinstance(value, bool)}
        if self.region in (NORMANDIE, FRANCE) and IN_FRANCE not in self.answers:
            answers[IN_FRANCE] = True  # unless said otherwise: "a German startup" in Normandy
        in_normandy = {NORMANDIE: True, FRANCE: False, ABROAD: False}.get(self.region or "")
        return Facts(stage=self.stage if self.stage in STAGES else None,
                     in_normandy=in_normandy, answers=answers)

    @property
    def needs(self) -> tuple[str, ...]:
        """Every need stated, the one that matters most first."""
        said = self.need if isinstance(self.need, list | tuple) else [self.need]
        needs = tuple(dict.fromkeys(need for need in said if need in NEEDS))
        return tuple(sorted(needs, key=lambda need: need != self.priority))

    @property
    def wanted(self) -> str | None:
        """The need that matters most (the first stated unless one was stressed)."""
        return self.needs[0] if self.needs else None


def need_value(needs: Sequence[str]) -> str | list[str] | None:
    """The need as kept in a conversation: one as a string (as before), several as a list."""
    needs = list(dict.fromkeys(needs))
    return None if not needs else needs[0] if len(needs) == 1 else needs


@dataclass(frozen=True)
class Reason:
    text: dict[str, str]  # the rule as staff wrote it, {fr, en}
    status: str  # met | unknown | unmet


@dataclass(frozen=True)
class Fit:
    programme: Any  # a Programme with its rules loaded
    reasons: tuple[Reason, ...]
    offers_need: bool | None  # offers one of the needs at least; None when no need is known
    offered: int = 0  # how many of the needs it offers
    first: bool = False  # offers what the person said matters most

    @property
    def status(self) -> str:
        statuses = {reason.status for reason in self.reasons}
        return UNMET if UNMET in statuses else UNKNOWN if UNKNOWN in statuses else MET


@dataclass(frozen=True)
class Recommendation:
    matches: list[Fit]  # best first
    also: list[Fit]  # open to the founder, but not offering what they need
    ruled_out: list[Fit]
    need_unmatched: bool = False  # no open scheme offers the need: `matches` are the open ones


def assess(programme: Any, situation: Situation) -> Fit:
    facts = situation.facts()
    reasons = tuple(Reason(rule.text, rule_status(rule.check, facts)) for rule in programme.rules)
    needs = situation.needs
    offered = sum(need in (programme.offers or []) for need in needs)
    priority = situation.priority
    if priority in PRIORITY_ANSWERS:
        first = any(rule.check.get("answer") == PRIORITY_ANSWERS[priority]
                    for rule in programme.rules)
    else:
        first = priority is not None and priority in needs and priority in (programme.offers
                                                                             or [])
    return Fit(programme, reasons, offered > 0 if needs else None, offered, first)


def recommend(programmes: Iterable[Any], situation: Situation) -> Recommendation:
    fits = [assess(programme, situation) for programme in programmes]
    # what the person said matters most first; then all rules met; then the scheme offering
    # more of the needs; then the scheme made for more of what was said (the Ticket for a
    # founder from abroad: two rules met, not just one), then the database's order
    open_ = sorted((fit for fit in fits if fit.status != UNMET),
                   key=lambda fit: (not fit.first, fit.status != MET, -fit.offered,
                                    -sum(reason.status == MET for reason in fit.reasons),
                                    fit.programme.position))
    ruled_out = [fit for fit in fits if fit.status == UNMET]
    matches = [fit for fit in open_ if fit.offers_need is not False]
    also = [fit for fit in open_ if fit.offers_need is False]
    if not matches and also:
        return Recommendation(also, [], ruled_out, need_unmatched=True)
    return Recommendation(matches, also, ruled_out)


def yes_no_question(programmes: Iterable[Any], key: str) -> dict[str, Any] | None:
    """A scheme's own yes/no question for an answer key (its text asks the advisor's too)."""
    for programme in programmes:
        for question in ((programme.candidacy or {}).get("questions") or []):
            if question.get("key") == key and question.get("kind") == "yes_no":
                return question
    return None


def _fully_met(programmes: Sequence[Any], situation: Situation) -> bool:
    return any(fit.status == MET and fit.offers_need is not False
               for fit in (assess(programme, situation) for programme in programmes))


def next_question(programmes: Sequence[Any], situation: Situation) -> str | None:
    """"stage", "region", "answer:<key>", "need", or None when nothing left could change the
    recommendation."""
    facts = situation.facts()
    # a scheme that does not offer what the founder needs is never worth a question
    open_rules = [rule for programme in programmes
                  for fit in (assess(programme, situation),)
                  if fit.status != UNMET and fit.offers_need is not False
                  for rule in programme.rules if rule_status(rule.check, facts) == UNKNOWN]
    checks = [rule.check for rule in open_rules]
    if situation.stage is None and any("stage_in" in check for check in checks):
        return "stage"
    if situation.region is None and any("region_in" in check or check.get("answer") == IN_FRANCE
                                        for check in checks):
        return "region"
    still_open = sum(assess(programme, situation).status != UNMET for programme in programmes)
    if situation.need is None and still_open >= 2:
        return "need"  # before any scheme's check: the need decides which checks matter
    if situation.need is not None and _fully_met(programmes, situation):
        checks = []  # a scheme meets every rule and offers the need: no check changes the top
    for check in checks:
        key = check.get("answer")
        if key and key not in situation.answers and yes_no_question(programmes, key):
            return f"answer:{key}"
    return None
