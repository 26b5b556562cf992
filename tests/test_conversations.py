"""The conversation suite (tests/conversations/): whole conversations through the real
assistant, each part above its goal, and no reply stating an amount, a date or a name that
the stored facts do not hold."""

from __future__ import annotations

from itertools import pairwise

import pytest
import yaml

from devtools import claims, conversations
from tests.support.assistant import needs_model


def test_an_expectation_matches_whatever_the_accents_case_and_quotes():
    turn = conversations.Turn("q", says=[["titre de sejour", "residence permit"]],
                              not_says=["je n'ai pas compris"])
    assert conversations.judge(turn, "Oui. Un Titre de Séjour est inclus.").ok
    result = conversations.judge(turn, "Désolé, je n’ai pas compris.")
    assert result.missing == [["titre de sejour", "residence permit"]]
    assert result.forbidden == ["je n'ai pas compris"]


def test_a_malformed_case_is_named(tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "broken.yml").write_text(yaml.safe_dump(
        {"cases": [{"name": "x", "turns": [{"user": "hi", "says": [3]}]}]}))
    with pytest.raises(conversations.SuiteError, match="broken.yml, case 1"):
        conversations.load_part("dev", tmp_path)


def test_an_invented_amount_date_or_name_is_caught():
    corpus = conversations.normalized(
        "Un fonds de 200 M€ ; label obtenu le 25 juin 2015 ; Seine Innopolis, Petit-Quevilly")
    assert claims.invented("Le fonds est de 200 M€, depuis le 25 juin 2015.", corpus) == []
    assert claims.invented("Seine Innopolis accueille les startups.", corpus) == []
    assert claims.invented("La bourse vaut 30 000 €.", corpus) == ["30 000 €"]
    assert claims.invented("Clôture le 3 mars 2016.", corpus) == ["3 mars 2016"]
    assert claims.invented("Le délégué est Jean Dupont.", corpus) == ["jean dupont"]


def test_both_parts_hold_cases():
    for part in conversations.PARTS:
        assert conversations.load_part(part), f"no case in tests/conversations/{part}/"


@pytest.fixture(scope="module")
def results(assistant):
    import asyncio

    cases = [case for part in conversations.PARTS for case in conversations.load_part(part)]
    return asyncio.run(conversations.run_suite(assistant, cases))


@needs_model
@pytest.mark.slow
def test_no_part_falls_below_what_it_reached(results):
    """The goals (dev 100 %, held-out 90 %) are not met yet: each part must at least hold
    the rate it reached, so that no change makes the conversations worse unnoticed."""
    report = conversations.report(results)  # held-out failures named by theme only
    per_part, _ = conversations.rates(results)
    for part, rate in per_part.items():
        assert rate.rate >= conversations.FLOORS[part], f"{part} below its floor\n{report}"


@needs_model
@pytest.mark.slow
def test_no_reply_invents_an_amount_a_date_or_a_name(results, assistant):
    corpus = stored_text(assistant.settings.database_url)
    # what the person said may be said back ("Saint-Lô" in the advisor's summary), and the
    # dates their relative words mean ("l'an dernier": "2025, c'est bien ça ?")
    invented = {(result.case.part, result.case.theme, claim)
                for result in results
                for told in [conversations.normalized("\n".join(
                    [t.user for t in result.turns] + relative_dates(result)))]
                for turn in result.turns
                for claim in claims.invented(turn.reply, f"{corpus}\n{told}")}
    assert not invented, sorted(invented)


REFUSED = ("n'ai pas compris", "didn't understand", "je ne peux pas vous aider",
           "can't help with that", "pas sur d'avoir compris", "not sure i understood",
           "n'arrive pas a vous aider", "still can't help")
PERSON = ("[parler a une personne]", "[talk to a person]")
MENU = ("[les dispositifs]", "[the schemes]")


def refused(reply: str) -> bool:
    said = conversations.normalized(reply)
    return any(mark in said for mark in REFUSED)


@needs_model
@pytest.mark.slow
def test_no_second_refusal_in_a_row_without_the_menu_and_a_person(results):
    """Issue 32: never three refusals; the second in a row offers what the assistant can do
    and a person."""
    bare = [(result.case.id, turn.user) for result in results
            for before, turn in pairwise(result.turns)
            if refused(before.reply) and refused(turn.reply)
            and not (any(p in conversations.normalized(turn.reply) for p in PERSON)
                     and any(m in conversations.normalized(turn.reply) for m in MENU))]
    assert not bare, bare


def relative_dates(result) -> list[str]:
    """The dates the person's words mean, relative ("septembre prochain") or written
    ("15/03/2021"), as the form shows them back."""
    from actions.candidacy_dates import Reading, read_relative, written_precision
    from bot.candidacy.validation import check_founding_date

    readings = [reading for turn in result.turns for future in (False, True)
                if (reading := read_relative(turn.user, future=future)) is not None]
    readings += [Reading(checked.value, written_precision(turn.user))
                 for turn in result.turns
                 if (checked := check_founding_date(turn.user)).ok]
    return [reading.shown(language) for reading in readings for language in ("fr", "en")]


def stored_text(database_url: str) -> str:
    """Everything the assistant may say facts from: the database (as its seed export), the
    conversation's texts, and every stored date as the replies write it (a candidacy's day
    sent included: it depends on when the suite runs)."""
    from sqlalchemy import select

    from actions.common import long_date
    from bot.config import LANGUAGES, PROJECT_ROOT
    from bot.dates import day_of
    from bot.db.export import dump, export_seed
    from bot.db.models import Candidacy, Event, KnowledgeEntry, Programme
    from bot.db.session import session_scope

    with session_scope(database_url) as session:
        parts = [dump(export_seed(session))]
        days = [event.starts_at.date() for event in session.execute(select(Event)).scalars()]
        days += [day for model in (KnowledgeEntry, Programme)  # "information du 7 décembre"
                 for day in session.execute(select(model.information_date)).scalars() if day]
        parts += [long_date(day, language) for day in days for language in LANGUAGES]
        # the day a candidacy of the suite was sent, as its status says it (in Paris)
        sent = session.execute(select(Candidacy.submitted_at)).scalars()
        parts += [day_of(moment, language) for moment in sent if moment for language in LANGUAGES]
    for name in ("domain.yml", "bot/messages.yml"):
        parts.append((PROJECT_ROOT / name).read_text(encoding="utf-8"))
    return conversations.normalized("\n".join(parts))
