"""The seed file's schema: what a human-edited seed file may hold, checked field by field
(pydantic). Shared by the seed import (`bot.db.seed`), the export's round trip and the
back-office's forms, which validate a staff edit exactly as a seed file is validated."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from typing import Any, Literal

from pydantic import BaseModel, Extra, constr, validator

from bot.advisor.reading import NEEDS
from bot.candidacy.eligibility import MAX_SCHEME_QUESTIONS, check_problem
from bot.config import PARIS

Slug = constr(regex=r"^[a-z0-9_]+$", min_length=2, max_length=64)
NonEmpty = constr(strip_whitespace=True, min_length=1)


class SeedError(ValueError):
    """A seed file that cannot be imported; the message names the line."""


class SchemaRefusal(ValueError):
    """A value the schema refuses, with a key of bot/messages.yml and its values: the
    back-office shows it in the staff's language; the seed import (an operator's command,
    English like every `ftbot` command) shows the English `str()`."""

    def __init__(self, key: str, english: str, **values: Any) -> None:
        super().__init__(english)
        self.key, self.values = key, values


class _Strict(BaseModel):
    class Config:
        extra = Extra.forbid


class Texts(_Strict):
    fr: NonEmpty
    en: NonEmpty


class Source(_Strict):
    title: NonEmpty
    url: str | None = None
    date: date


class Rule(_Strict):
    code: Slug
    check: dict[str, Any]
    text: Texts


class Question(_Strict):
    key: Slug
    kind: Literal["yes_no", "text"]
    text: Texts


class CandidacyIn(_Strict):
    questions: list[Question] = []

    @validator("questions")
    def _at_most_three(cls, questions: list) -> list:  # noqa: N805
        if len(questions) > MAX_SCHEME_QUESTIONS:
            raise SchemaRefusal("office_schema_too_many_questions",
                                f"at most {MAX_SCHEME_QUESTIONS} questions per scheme",
                                limit=MAX_SCHEME_QUESTIONS)
        return questions


class Call(_Strict):
    title: Texts
    opens: datetime | None = None
    closes: datetime | None = None
    url: str | None = None


class ProgrammeIn(_Strict):
    key: Slug
    kind: Literal["national_scheme", "network_programme"]
    name: Texts
    operator: str | None = None
    summary: Texts
    offer: Texts | None = None
    funding: Texts | None = None
    funding_amount_eur: int | None = None
    eligibility_summary: Texts | None = None
    eligibility_rules: list[Rule] = []
    offers: list[str] = []
    how_to_apply: Texts | None = None
    documents: Texts | None = None
    deadline_note: Texts | None = None
    calls: list[Call] = []
    contact: Texts | None = None
    candidacy: CandidacyIn | None = None
    source: Source

    @validator("eligibility_rules", each_item=True)
    def _known_check(cls, rule: Rule) -> Rule:  # noqa: N805
        problem = check_problem(rule.check)
        if problem:
            raise SchemaRefusal("office_schema_rule_check", f"rule {rule.code}: {problem}",
                                code=rule.code)
        return rule

    @validator("offers", each_item=True)
    def _known_offer(cls, offer: str) -> str:  # noqa: N805
        if offer not in NEEDS:
            raise SchemaRefusal("office_schema_unknown_offer",
                                f"unknown offer {offer!r}; known: {', '.join(NEEDS)}",
                                offer=offer, known=", ".join(NEEDS))
        return offer


class SectionIn(_Strict):
    key: Slug
    title: Texts
    body: Texts
    source: Source


class EventIn(_Strict):
    key: Slug
    title: Texts
    starts: Any
    place: str | None = None
    description: Texts | None = None
    url: str | None = None
    source: Source | None = None

    @validator("starts")
    def _known_precision(cls, value: Any) -> Any:  # noqa: N805
        parse_start(value)
        return value


class KnowledgeQuestions(_Strict):
    fr: list[NonEmpty]
    en: list[NonEmpty]

    @validator("fr", "en")
    def _some(cls, questions: list) -> list:  # noqa: N805
        if not questions:
            raise SchemaRefusal("office_schema_questions_needed",
                                "at least one question per language")
        return questions


class KnowledgeIn(_Strict):
    """One fact (or one thing the source does not say) and how people ask it."""

    key: Slug
    subject: Slug  # a programme's key, or "network"
    aspect: Slug
    known: bool = True
    yes_no: Literal["yes", "no"] | None = None
    answer: Texts
    questions: KnowledgeQuestions
    source: Source | Slug | None = None  # a Source, or the key of one in `sources`


NETWORK = "network"  # the subject of a fact about the network itself


class SeedFile(_Strict):
    version: Literal[1]
    include: list[str] = []  # other seed files beside this one, their lists added to these
    sources: dict[str, Source] = {}
    settings: dict[str, NonEmpty] = {}
    programmes: list[ProgrammeIn] = []
    network_sections: list[SectionIn] = []
    events: list[EventIn] = []
    knowledge: list[KnowledgeIn] = []

    @validator("programmes", "network_sections", "events", "knowledge")
    def _unique_keys(cls, items: list) -> list:  # noqa: N805
        keys = [item.key for item in items]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise SchemaRefusal("office_schema_duplicate_keys",
                                f"duplicate key(s): {', '.join(duplicates)}",
                                keys=", ".join(duplicates))
        return items


def parse_start(value: Any) -> tuple[datetime, str]:
    """A start given as a datetime, a date or 'YYYY-MM' (Europe/Paris) -> (UTC time, precision)."""
    if isinstance(value, datetime):
        local = value if value.tzinfo else value.replace(tzinfo=PARIS)
        return local.astimezone(timezone.utc), "minute"
    if isinstance(value, date):
        return datetime.combine(value, time(0), PARIS).astimezone(timezone.utc), "day"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = map(int, value.split("-"))
        if 1 <= month <= 12:
            return datetime(year, month, 1, tzinfo=PARIS).astimezone(timezone.utc), "month"
    raise SchemaRefusal("office_schema_bad_start",
                        "expected a date (2016-01-06), a month (2016-01) or a date and time")
