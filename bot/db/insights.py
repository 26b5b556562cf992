"""What users asked that the assistant could not answer, from Rasa's events table.

A user message is unanswered when the NLU gave up on it (`nlu_fallback`) or read it as
out of scope; button presses (payloads) are not questions. Texts are personal data: they
leave only redacted (bot.staff.unanswered) and /forget erases them with the conversation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.privacy import rasa_events
from bot.db.queries import utcnow

UNANSWERED_INTENTS = ("nlu_fallback", "out_of_scope")


@dataclass(frozen=True)
class Unanswered:
    text: str
    intent: str  # nlu_fallback | out_of_scope
    at: float  # a timestamp


def unanswered(session: Session, days: int = 30, now: datetime | None = None
               ) -> list[Unanswered]:
    events = rasa_events(session)
    if events is None:
        return []
    since = ((now or utcnow()) - timedelta(days=days)).timestamp()
    rows = session.execute(select(events.c.intent_name, events.c.timestamp, events.c.data).where(
        events.c.type_name == "user", events.c.timestamp >= since,
        events.c.intent_name.in_(UNANSWERED_INTENTS)).order_by(events.c.timestamp))
    found = []
    for intent, at, data in rows:
        text = (json.loads(data).get("text") or "").strip()
        if text and not text.startswith("/"):
            found.append(Unanswered(text, intent, at))
    return found
