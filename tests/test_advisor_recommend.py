"""Recommendations follow the rules: a scheme is out only when a rule is clearly not met, all-met
schemes come first, the need orders without excluding, and only questions whose answer could
change the result are asked (bot/advisor/recommend.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.advisor.places import ABROAD, FRANCE, NORMANDIE
from bot.advisor.recommend import DONT_KNOW, Situation, next_question, recommend
from bot.candidacy.eligibility import MET, UNKNOWN, UNMET


@dataclass
class Rule:
    check: dict
    text: dict


@dataclass
class Scheme:
    key: str
    position: int
    rules: list[Rule] = field(default_factory=list)
    offers: list[str] = field(default_factory=list)
    candidacy: dict | None = None


def rule(**check) -> Rule:
    return Rule(check, {"fr": str(check), "en": str(check)})


FROM_ABROAD = {"key": "founder_from_abroad", "kind": "yes_no", "text": {"fr": "Étranger ?",
                                                                        "en": "Foreign?"}}
IN_FRANCE = {"key": "company_in_france", "kind": "yes_no", "text": {"fr": "En France ?",
                                                                    "en": "In France?"}}


def schemes() -> list[Scheme]:
    """The shape of the real seed: a seed grant, a regional programme, a foreigners' ticket."""
    return [
        Scheme("grant", 0, [rule(stage_in=["idea", "creation"]), rule(region_in=["normandie"])],
               ["funding"]),
        Scheme("regional", 1, [rule(region_in=["normandie"])], ["support", "network"]),
        Scheme("ticket", 2, [rule(answer="founder_from_abroad", **{"is": True}),
                             rule(answer="company_in_france", **{"is": True})],
               ["funding", "incubator"], {"questions": [FROM_ABROAD, IN_FRANCE]}),
    ]


def keys(fits) -> list[str]:
    return [fit.programme.key for fit in fits]


def test_a_scheme_is_ruled_out_only_by_a_rule_clearly_not_met():
    result = recommend(schemes(), Situation(stage="established", region=NORMANDIE))
    assert keys(result.matches) == ["regional", "ticket"]
    assert keys(result.ruled_out) == ["grant"]
    [grant] = result.ruled_out
    assert [reason.status for reason in grant.reasons] == [UNMET, MET]


def test_schemes_with_every_rule_met_come_before_those_with_unknowns():
    """And among those met, the one made for more of what was said: the Ticket, whose two
    rules a founder from abroad in Normandy meets, before the regional scheme's one."""
    result = recommend(schemes(), Situation(region=NORMANDIE,
                                            answers={"founder_from_abroad": True}))
    assert keys(result.matches) == ["ticket", "regional", "grant"]
    assert [r.status for r in result.matches[2].reasons] == [UNKNOWN, MET]


def test_a_place_in_france_answers_the_company_in_france_question():
    result = recommend(schemes(), Situation(region=FRANCE, answers={"founder_from_abroad": True}))
    [ticket] = result.matches
    assert [r.status for r in ticket.reasons] == [MET, MET]
    assert keys(result.ruled_out) == ["grant", "regional"]


def test_the_need_puts_the_schemes_that_offer_it_first_and_excludes_none():
    result = recommend(schemes(), Situation(stage="idea", region=NORMANDIE, need="funding",
                                            answers={"founder_from_abroad": False}))
    assert keys(result.matches) == ["grant"]
    assert keys(result.also) == ["regional"]


def test_when_no_open_scheme_offers_the_need_the_open_ones_are_still_shown():
    result = recommend(schemes(), Situation(stage="young", region=NORMANDIE,
                                            need="international",
                                            answers={"founder_from_abroad": False}))
    assert keys(result.matches) == ["regional"] and result.need_unmatched


def test_nothing_fits_when_every_scheme_has_a_rule_not_met():
    result = recommend(schemes(), Situation(stage="established", region=ABROAD,
                                            answers={"founder_from_abroad": False}))
    assert result.matches == [] and len(result.ruled_out) == 3


def test_i_dont_know_leaves_every_rule_unknown_and_nothing_ruled_out():
    everything = Situation(stage=DONT_KNOW, region=DONT_KNOW, need=DONT_KNOW,
                           answers={"founder_from_abroad": DONT_KNOW,
                                    "company_in_france": DONT_KNOW})
    result = recommend(schemes(), everything)
    assert keys(result.matches) == ["grant", "regional", "ticket"]
    # every rule of each scheme is there, and unknown (an empty list would pass `all`)
    assert [[r.status for r in fit.reasons] for fit in result.matches] == [
        [UNKNOWN, UNKNOWN], [UNKNOWN], [UNKNOWN, UNKNOWN]]
    assert next_question(schemes(), everything) is None


def test_the_questions_come_one_at_a_time_in_order_of_what_they_decide():
    assert next_question(schemes(), Situation()) == "stage"
    assert next_question(schemes(), Situation(stage="idea")) == "region"
    # the need before a scheme's own check: it decides which checks matter
    assert next_question(schemes(), Situation(stage="idea", region=NORMANDIE)) == "need"
    assert (next_question(schemes(), Situation(stage="idea", region=NORMANDIE, need="incubator"))
            == "answer:founder_from_abroad")


def test_a_question_that_cannot_change_the_result_is_not_asked():
    # Established and abroad: the grant and the regional programme are out whatever the
    # need; only the ticket's own questions are left, and then nothing.
    lyon = Situation(stage="established", region=FRANCE)
    assert next_question(schemes(), lyon) == "answer:founder_from_abroad"
    decided = Situation(stage="established", region=FRANCE,
                        answers={"founder_from_abroad": False})
    assert next_question(schemes(), decided) is None  # one scheme left at most: no need asked


def test_an_answer_no_scheme_has_a_question_for_stays_unknown_and_is_not_asked():
    odd = [Scheme("odd", 0, [rule(answer="has_patent", **{"is": True})])]
    assert next_question(odd, Situation()) is None
    [fit] = recommend(odd, Situation()).matches
    assert fit.status == UNKNOWN


def test_several_needs_a_scheme_offering_any_matches_one_offering_more_ranks_higher():
    # idea in Normandy, not from abroad: the grant (funding) and the regional scheme
    # (support, network) are open; the ticket is not ruled out (a rule unknown)
    situation = Situation(stage="idea", region=NORMANDIE, need=["funding", "support"],
                          answers={"founder_from_abroad": False})
    assert keys(recommend(schemes(), situation).matches) == ["grant", "regional"]
    both = Situation(region=NORMANDIE, need=["support", "network"],
                     answers={"founder_from_abroad": True})
    # the regional scheme offers both needs, the ticket (two rules met) offers neither
    assert keys(recommend(schemes(), both).matches) == ["regional"]
    assert keys(recommend(schemes(), both).also) == ["ticket", "grant"]
    more = Situation(region=NORMANDIE, stage="idea", need=["funding", "incubator"],
                     answers={"founder_from_abroad": True, "company_in_france": True})
    # all met both: the ticket offers the two needs, the grant one
    assert keys(recommend(schemes(), more).matches)[:2] == ["ticket", "grant"]


def test_one_need_as_a_string_is_still_read_as_before():
    assert Situation(need="funding").needs == ("funding",)
    assert Situation(need=["funding", "support"]).wanted == "funding"
    assert Situation(need=["funding", "support"], priority="support").needs == ("support",
                                                                                 "funding")
    assert Situation(need=DONT_KNOW).needs == ()


def test_what_the_person_said_matters_most_comes_first():
    situation = Situation(stage="idea", region=NORMANDIE, need=["funding", "network"],
                          answers={"founder_from_abroad": True})
    assert keys(recommend(schemes(), situation).matches)[0] == "grant"
    stressed = Situation(stage="idea", region=NORMANDIE, need=["funding", "network"],
                         priority="network", answers={"founder_from_abroad": True})
    assert keys(recommend(schemes(), stressed).matches)[0] == "regional"


def test_a_residence_permit_said_to_matter_most_puts_the_ticket_first():
    # the grant meets its two rules, the ticket has one unknown: the visa puts it first
    situation = Situation(stage="idea", region=NORMANDIE, answers={"founder_from_abroad": True})
    assert keys(recommend(schemes(), situation).matches)[0] == "grant"
    visa = Situation(stage="idea", region=NORMANDIE, priority="visa",
                     answers={"founder_from_abroad": True})
    assert keys(recommend(schemes(), visa).matches)[0] == "ticket"
