"""An answer said inside a sentence at a step of the candidacy form, and what is said beside it.

"je viens de vous la donner : karim@medibot.fr", "lea martin. c bpi qui decide ou vous ?",
"karim@medibot.fr. au fait le pass c'est sélectif ?": refusing the whole sentence as an
invalid e-mail, or answering only the question, would lose what the person gave. So the
answer is taken out of the sentence and checked by the form's validator like any answer, and
a question said beside it is answered first (as `actions.candidacy_hear` answers one, else
from the knowledge base). A wish to switch scheme is never read so: `hear` switches it.
Everything else a message at a step is goes on to `hear` unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import phonenumbers
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.candidacy_answers import TALK_WORDS, as_likely, looks_like_question, wished_scheme
from actions.candidacy_common import NETWORK, candidacy_name, contact_line, load_programme
from actions.candidacy_dates import fold
from actions.candidacy_hear import (
    CORRECTION,
    HESITATION,
    SCHEME_WORDS,
    fresh,
    hear,
)
from actions.common import contact_email, language_of
from actions.knowledge import answer_from_knowledge
from actions.texts import t
from bot.db.queries import localized

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# One sentence's end, and more said after it: "lea martin. c bpi qui decide ou vous ?"
SENTENCE_END = re.compile(r"(?<=[.!;])\s+|\s*\n\s*")
# Steps whose answer is a few words, which may come first in a sentence, and the most words
# such an answer has: more reads as a sentence of its own.
SHORT_ANSWERS = {"applicant_name": 5, "company_name": 6, "company_town": 4}
# Words opening a message that are no name, nor a company's, nor a town's ("Salut. c'est quoi
# le pass ?"), beside the thank-yous and okays of `TALK_WORDS`.
OPENERS = frozenset(("salut", "coucou", "hey", "bonsoir", "yo", "oui", "non", "yes", "no",
                     "alors", "bon", "euh", "hmm", "bref", "voila", "question", "so", "well"))
# What hearing a question sets to ask the same step again: here the form goes on instead.
SAME_STEP = ("requested_slot", "candidacy_pending")

Validate = Callable[[str, Any], dict[str, Any]]


def _short_answer(first: str, requested: str) -> bool:
    """Whether the words before a sentence's end can be the step's answer, not an opening."""
    words = re.findall(r"\w+", fold(first))
    least = 2 if requested == "applicant_name" else 1  # a first name alone: asked again
    folded = " ".join(re.sub(r"[-']", " ", fold(first)).split())
    return (least <= len(first.split()) <= SHORT_ANSWERS[requested]
            and "?" not in first and "@" not in first and not looks_like_question(first)
            and not set(words) <= TALK_WORDS | OPENERS
            and not (CORRECTION.match(folded) or HESITATION.search(folded)
                     or SCHEME_WORDS.search(folded)))


def answer_within(text: str, requested: str) -> tuple[str, str] | None:
    """The answer `text` holds for `requested` and what it says beside it, when the message
    says more than the answer (None: the whole message is for the form to read)."""
    text = text.strip()
    if requested == "applicant_email":
        found = {match.group(0).rstrip(".") for match in EMAIL.finditer(text)}
        if len(found) != 1 or text == (address := found.pop()):
            return None
        return address, text.replace(address, " ", 1)
    if requested == "applicant_phone":
        numbers = list(phonenumbers.PhoneNumberMatcher(text, "FR"))
        if len(numbers) != 1 or numbers[0].raw_string == text:
            return None
        number = numbers[0]
        return number.raw_string, f"{text[:number.start]} {text[number.end:]}"
    if requested in SHORT_ANSWERS:  # "lea martin. c bpi qui decide ?": only before a question
        parts = SENTENCE_END.split(text, maxsplit=1)
        if len(parts) == 2 and "?" in parts[1] and _short_answer(parts[0], requested):
            return parts[0].strip(" .!;,"), parts[1]
    return None


def listen(dispatcher: Any, tracker: Tracker, requested: str | None,
           validate: Validate) -> tuple[Tracker, list, list | None]:
    """What the form makes of a message: the tracker to read the answer from, the events of
    what was answered beside it, and the events of a message that is not the answer (`hear`:
    the same step asked again; None: the form reads the answer, or the rules act)."""
    tracker = as_likely(tracker, requested)  # "probably Rouen": Rouen is the answer
    if requested is None or not fresh(tracker):
        return tracker, [], None
    message = tracker.latest_message or {}
    raw = message.get("text") or ""
    wished = None if raw.startswith("/") else wished_scheme(message, requested)
    current = tracker.get_slot("candidacy_programme")
    if wished is not None and (wished == current or not _takes_candidacies(wished)):
        _stay(dispatcher, tracker, wished)  # already its scheme, or one the chat cannot take
        return tracker, [], [SlotSet(slot, tracker.get_slot(slot)) for slot in SAME_STEP]
    inside = None if wished or raw.startswith("/") else answer_within(raw, requested)
    if inside is None:  # a switch to another scheme included: `hear` makes it
        return tracker, [], hear(dispatcher, tracker, requested, validate)
    answer, beside = inside
    said: list = []
    if looks_like_question(beside.strip(" .,:;!")):  # answered as at any step, then the form
        heard = hear(dispatcher, tracker, requested, validate)  # goes on with the answer
        said = [event for event in heard if not (event.get("event") == "slot" and event.get(
            "name") in SAME_STEP)] if heard is not None else _answer(dispatcher, tracker)
    copy = tracker.copy()
    copy.latest_message = {**message, "text": answer, "intent": {}, "entities": []}
    return copy, said, None


def _answer(dispatcher: Any, tracker: Tracker) -> list:
    """A question about the schemes beside an answer: the knowledge base's answer, as the
    interruption rules give it when the message is only the question; else the team's address."""
    before = len(dispatcher.messages)
    said = answer_from_knowledge(dispatcher, tracker)
    if len(dispatcher.messages) == before:
        dispatcher.utter_message(text=t("not_answered_here", language_of(tracker),
                                        email=contact_email()))
    return said or []


def _takes_candidacies(key: str) -> bool:
    """Whether the chat takes candidacies for the scheme (as `validate_candidacy_programme`
    asks when one is chosen): a switch to any other would carry a candidacy nobody takes."""
    if key == NETWORK:
        return True
    programme = load_programme(key)
    return programme is not None and programme.candidacy is not None


def _stay(dispatcher: Any, tracker: Tracker, wished: str) -> None:
    """A wish for the candidacy's own scheme, or for one that takes no candidacy here (that
    one's contact given): the candidacy stays for its scheme, and says which."""
    language, current = language_of(tracker), tracker.get_slot("candidacy_programme")
    programme = load_programme(wished) if wished != current else None
    if programme is not None:
        dispatcher.utter_message(response="utter_candidacy_programme_closed",
                                 name=localized(programme.name, language),
                                 contact=contact_line(programme, language))
    dispatcher.utter_message(text=t("form_for_scheme", language, name=candidacy_name(
        current, language)))
