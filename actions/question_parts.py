"""The other questions about a scheme a message asks beside the one the classifier read:
"cb on peut toucher avec la bourse? and is it open to non-french?" is a question about its
money and one about who may apply. Each part of the message (`bot.knowledge.form.questions_in`)
is matched against the intents' examples in the retrieval index; a part whose best match is
another of a scheme's questions is answered too, for the same scheme.
"""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.knowledge import knowledge_index, user_text
from actions.store import session_scope
from bot.db import catalogue
from bot.knowledge import form
from bot.knowledge.retrieval import THRESHOLD

SCHEME_QUESTIONS = ("ask_programme_info", "ask_eligibility", "ask_funding", "ask_deadline",
                    "ask_application_process")


def other_questions(tracker: Tracker, intent: str) -> list[str]:
    """The scheme questions (intents) the message's other parts ask, in their order."""
    parts = form.questions_in(user_text(tracker))
    if len(parts) < 2:
        return []
    with session_scope() as session:
        index = knowledge_index(catalogue.knowledge(session),
                                {p.key: p for p in catalogue.programmes(session)})
    asked = []
    for part in parts:
        best = next(iter(index.ranking(part)), None)
        other = best.intent if best is not None and best.score >= THRESHOLD else None
        if other in SCHEME_QUESTIONS and other != intent and other not in asked:
            asked.append(other)
    return asked
