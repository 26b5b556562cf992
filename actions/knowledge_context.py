"""Short follow-ups read with the question before them: "and Caen?" after Le Havre's axis,
"depuis où ?" after who announced the label, "pour qui ?" after a scheme's description.

The fact (or the intent) a follow-up asks about next is found by `Index.follow_up`; the
answer is `actions.knowledge`'s, about the scheme under discussion or the network.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of, programme_slot
from actions.knowledge import (
    ASPECT_QUESTION,
    KNOWLEDGE,
    NETWORK,
    answer_aspect,
    knowledge_index,
    named_programmes,
    user_text,
)
from bot.db import catalogue
from bot.db.session import session_scope
from bot.knowledge.words import family

FOLLOW_UP_WORDS = 10  # a longer message is a question of its own, not a follow-up
FAMILY_THRESHOLD = 0.1  # among the facts of the one just given, a lower bar
# The actions answering an intent's question about a scheme, registered by actions.programmes
# (which imports this module): a follow-up may ask one ("pour qui ?" after a description).
FOLLOW_UP_ACTIONS: dict[str, Any] = {}


def previous_question(tracker: Tracker) -> str | None:
    """The person's message before the latest one (typed, not a button)."""
    seen_latest = False
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        if not seen_latest:
            seen_latest = True
            continue
        text = event.get("text") or ""
        if text and not text.startswith("/"):
            return text
    return None


def answer_in_context(dispatcher: CollectingDispatcher, tracker: Tracker,
                      intents: bool = False) -> list | None:
    """"and Caen?" after Le Havre's axis, "depuis où ?" after who announced the label, "pour
    qui ?" after a scheme's description: a short follow-up to a question just answered,
    answered from the fact (or the intent) it asks about next. None when it is no such
    follow-up."""
    last = tracker.get_slot("last_question") or ""
    text = user_text(tracker)
    found = (tracker.latest_message or {}).get(KNOWLEDGE) or {}
    if not last or not text.strip() \
            or len(text.split()) > FOLLOW_UP_WORDS or named_programmes(tracker) \
            or found.get("form") in ("comparison", "combination", "which") \
            or found.get("both") or found.get("other"):
        return None
    before = previous_question(tracker)
    if before is None:
        return None
    language = language_of(tracker)
    with session_scope() as session:  # the catalogue's copies outlive the session
        programmes = {p.key: p for p in catalogue.programmes(session)}
        entries = catalogue.knowledge(session)
    index = knowledge_index(entries, programmes)
    context = programme_slot(tracker)
    previous = last[len(ASPECT_QUESTION):] if last.startswith(ASPECT_QUESTION) else None
    about = {e.subject for e in entries if e.aspect == previous}
    if context:  # a follow-up about the Bourse is no other scheme's fact
        allowed = {e.aspect for e in entries if e.subject in (context, NETWORK)}
    elif about == {NETWORK}:  # after the CES's date, "c'est dans quelle ville ?": the CES's
        allowed = {e.aspect for e in entries if e.subject == NETWORK}
    else:
        allowed = None
    # an intent's question needs a scheme to be about
    hit = index.follow_up(text, before, intents=intents and bool(context),
                          aspects=allowed, previous=previous)
    if hit is None and previous:  # "ils président quoi ?": the fact just given, or its kin
        kin = {e.aspect for e in entries if family(e.aspect) == family(previous)}
        hit = index.follow_up(text, "", FAMILY_THRESHOLD, aspects=kin & (allowed or kin),
                              previous=previous, filtered=False)
    if hit is None:
        return None
    if hit.intent is not None:
        action = FOLLOW_UP_ACTIONS.get(hit.intent)
        return None if action is None else action().run(dispatcher, tracker, {})
    return answer_aspect(dispatcher, hit.label, text, entries, [], context, programmes,
                         language)
