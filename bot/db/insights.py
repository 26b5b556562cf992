"""What users asked that the assistant could not answer, from Rasa's events table.

A user message is unanswered when the NLU gave up on it (`nlu_fallback`) or read it as
out of scope; button presses (payloads) are not questions, and neither is anything typed while
a form is active (a candidacy's name, company, town, consent; the advisor's answers): those
are answers, personal data, never listed nor counted as questions (`in_form`). Texts are
personal data: they leave only redacted (bot.staff.unanswered) and /forget erases them with
the conversation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import LANGUAGES
from bot.db.privacy import rasa_events
from bot.db.queries import utcnow

UNANSWERED_INTENTS = ("nlu_fallback", "out_of_scope")
ROUTED = "ask_knowledge"  # the knowledge router's intent (bot.assistant.knowledge_router)


def read_as(intent: str | None, data: str) -> str | None:
    """The intent a user message counts as: a question the knowledge router took without a
    fact (to be read in context) counts as the classifier read it (`knowledge.intent`), so a
    refused one is still unanswered, and a form's answers are still told apart."""
    if intent != ROUTED:
        return intent
    found = (json.loads(data).get("parse_data") or {}).get("knowledge") or {}
    return found.get("intent") or intent if not found.get("aspect") else intent
FORM = "active_loop"  # Rasa's event when a form starts (its name) or ends (no name)


@dataclass(frozen=True)
class Unanswered:
    text: str
    intent: str  # nlu_fallback | out_of_scope
    at: float  # a timestamp
    language: str | None = None  # fr | en, when known


def unanswered(session: Session, days: int = 30, now: datetime | None = None
               ) -> list[Unanswered]:
    """The unanswered user messages since `days` ago, oldest first, each with the language
    its conversation was in once the assistant had read it (the `language` slot as the turn
    left it; None when no slot event of the period says)."""
    events = rasa_events(session)
    if events is None:
        return []
    since = ((now or utcnow()) - timedelta(days=days)).timestamp()
    rows = session.execute(select(events.c.sender_id, events.c.type_name, events.c.intent_name,
                                  events.c.timestamp, events.c.data).where(
        events.c.timestamp >= since, (events.c.type_name == "user") | (events.c.type_name == FORM)
        | ((events.c.type_name == "slot") & events.c.data.contains('"language"')))
        .order_by(events.c.id))
    found: list[Unanswered] = []
    language: dict[str, str] = {}
    waiting: dict[str, int] = {}  # a sender's unanswered message whose turn is not over
    forms: dict[str, bool] = {}  # whether a sender's conversation is in a form
    for sender, kind, intent, at, data in rows:
        if kind == FORM:
            forms[sender] = bool(json.loads(data).get("name"))
            continue
        if kind == "slot":
            event = json.loads(data)
            if event.get("name") == "language" and event.get("value") in LANGUAGES:
                language[sender] = event["value"]
            continue
        _settle(found, waiting.pop(sender, None), language.get(sender))
        text = (json.loads(data).get("text") or "").strip() \
            if read_as(intent, data) in UNANSWERED_INTENTS and not forms.get(sender) else ""
        if text and not text.startswith("/"):
            waiting[sender] = len(found)
            found.append(Unanswered(text, read_as(intent, data) or "", at))
    for sender, index in waiting.items():
        _settle(found, index, language.get(sender))
    return found


def user_messages(session: Session, since: datetime) -> list[tuple[str, float, str, bool]]:
    """(sender, timestamp, intent or "?", typed in a form) of the users' messages since
    `since`, from Rasa's events table (none before the assistant has ever run)."""
    events = rasa_events(session)
    if events is None:
        return []
    rows = session.execute(select(events.c.sender_id, events.c.type_name, events.c.timestamp,
                                  events.c.intent_name, events.c.data)
                           .where(events.c.type_name.in_(("user", FORM)),
                                  events.c.timestamp >= since.timestamp())
                           .order_by(events.c.id))
    found, forms = [], {}
    for sender, kind, timestamp, intent, data in rows:
        if kind == FORM:
            forms[sender] = bool(json.loads(data).get("name"))
        else:
            found.append((sender, timestamp, read_as(intent, data) or "?",
                          forms.get(sender, False)))
    return found


def _settle(found: list[Unanswered], index: int | None, language: str | None) -> None:
    if index is not None:
        found[index] = replace(found[index], language=language)
