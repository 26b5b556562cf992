"""The pre-check reports a rule only when the answers clearly contradict it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.candidacy.eligibility import Facts, check_problem, precheck


@dataclass
class Rule:
    code: str
    check: dict
    text: dict


def rule(code: str, **check) -> Rule:
    return Rule(code, check, {"fr": f"Règle {code}.", "en": f"Rule {code}."})


TICKET = [rule("from_abroad", answer="founder_from_abroad", **{"is": True}),
          rule("in_france", answer="company_in_france", **{"is": True})]
BOURSE = [rule("creation", stage_in=["idea", "creation"]),
          rule("normandy", region_in=["normandie"])]


def test_answers_that_meet_every_rule_leave_nothing_to_say():
    facts = Facts(stage="idea", in_normandy=True,
                  answers={"founder_from_abroad": True, "company_in_france": True})
    assert precheck(BOURSE + TICKET, facts) == []


def test_each_contradicted_rule_is_named_with_what_the_applicant_said():
    facts = Facts(stage="established", in_normandy=False, answers={"founder_from_abroad": False})
    unmet = precheck(BOURSE + TICKET, facts)
    assert [(u.code, u.reason, u.value) for u in unmet] == [
        ("creation", "stage", "established"), ("normandy", "region", None),
        ("from_abroad", "answer", False)]
    assert unmet[0].text["en"] == "Rule creation."


def test_what_is_not_known_never_counts_against_the_applicant():
    facts = Facts(stage=None, in_normandy=None, answers={"founder_from_abroad": "skipped"})
    assert precheck(BOURSE + TICKET, facts) == []


def test_a_company_based_in_normandy_is_not_an_idea_yet():
    """Issue 32: a student with an idea and no company does not meet "a company based in
    Normandy", even in Normandy; a company's age unknown leaves the region to decide."""
    company = [rule("based", region_in=["normandie"], company=True)]
    idea = precheck(company, Facts(stage="idea", in_normandy=True, answers={}))
    assert [(u.code, u.reason, u.value) for u in idea] == [("based", "stage", "idea")]
    assert precheck(company, Facts(stage="young", in_normandy=True, answers={})) == []
    assert precheck(company, Facts(stage=None, in_normandy=True, answers={})) == []


@pytest.mark.parametrize(("check", "problem"), [
    ({"stage_in": ["idea"]}, None),
    ({"region_in": ["normandie"]}, None),
    ({"answer": "x", "is": False}, None),
    ({"region_in": ["normandie"], "company": True}, None),
    ({"region_in": ["normandie"], "company": "yes"}, "'company' must be true or false"),
    ({"stage_in": ["unicorn"]}, "unknown value(s) ['unicorn']"),
    ({"region_in": ["bretagne"]}, "unknown value(s) ['bretagne']"),
    ({"answer": "x", "is": "yes"}, "'is' must be true or false"),
    ({"turnover_over": 1}, "a check is"),
])
def test_the_seed_validator_knows_which_checks_can_be_evaluated(check, problem):
    found = check_problem(check)
    assert (found is None) if problem is None else found.startswith(problem)
