"""A yes/no question on who may apply, read against the scheme's rules: "I'm French, can I
get the Ticket?" is a no, "mon pote est marocain, il peut ?" a yes, "il faut être étranger ?"
a yes (a condition a rule names), "il faut un diplôme ?" a condition the announcement does not
name, "le Tech 40 c'est une centaine de boîtes ?" a no (its description says 40). The same
rules the advisor checks (`bot.advisor.recommend.assess`), on what the question itself says."""

from __future__ import annotations

import re
from typing import Any

from actions.common import network_name
from bot.advisor.reading import read
from bot.advisor.recommend import MET, UNMET, Situation, assess
from bot.config import LANGUAGES
from bot.db.models import Programme
from bot.db.queries import localized
from bot.knowledge import form
from bot.knowledge.verdict import contradicts, counts
from bot.knowledge.words import stems

# Words of any question on who may apply, not a condition of their own.
ELIGIBILITY_WORDS = stems(
    "eligible eligibility condition conditions critere criteria required require requis need "
    "needed besoin obligatoire necessaire candidater postuler apply applying obtenir droit acces "
    "access ouvert open demander ask qualify pote ami amie friend mate someone quelqu'un "
    "personne people gens startup startups entreprise entreprises company companies boite boites "
    "societe projet project founder fondateur fondatrice entrepreneur entrepreneurs")

# "il faut être étranger ?", "do I need to be a foreign entrepreneur?": whether something is a
# condition, unless the person says what they are ("je suis français, il faut être étranger ?").
_ASKS_CONDITION = re.compile(r"\b(?:faut|faudrait|need\w*|have\W+to|has\W+to|must|doit|dois|"
                             r"required?|requis|obligatoire|necessaire|mandatory)\b")
_SAYS_WHO = re.compile(r"\b(?:je\W+suis|jsuis|chui|i\W+am|i\W?m|on\W+est|we\W+are|we\W?re|"
                       r"nous\W+sommes|il\W+est|elle\W+est|he\W+is|she\W+is)\b")


def eligibility_verdict(programme: Programme, question: str) -> str | None:
    """A yes/no question on who may apply: "no" when what it says fails a rule, "yes" when it
    meets one and fails none, "named" when it asks whether a rule's condition is one ("il faut
    être étranger ?"), "not_named" when it asks of a condition no rule or text names ("il faut
    un diplôme ?"), "contradicted" when it states a count the description does not; None for
    any other question."""
    if not question or not form.is_yes_no(question):
        return None
    for name in [*(programme.name or {}).values(), network_name()]:  # "Normandy": no place
        question = re.sub(re.escape(name), " ", question, flags=re.IGNORECASE)
    if counts(question):  # "le Normandy Tech 40 réunit-il une cinquantaine d'entreprises ?"
        return "contradicted" if contradicts(question, programme.eligibility_summary) else None
    folded = form.fold(question)
    if _ASKS_CONDITION.search(folded) and not _SAYS_WHO.search(folded) \
            and _named(programme, question) == "named":
        return "named"  # "faut être étranger ?" says nothing of oneself
    reading = read(question)
    answers = {} if reading.foreign_founder is None else {
        "founder_from_abroad": reading.foreign_founder}
    fit = assess(programme, Situation(stage=reading.stage, answers=answers,
                                      region=reading.place.region if reading.place else None))
    statuses = {reason.status for reason in fit.reasons}
    if UNMET in statuses:
        return "no"
    if MET in statuses:
        return "yes"
    return _named(programme, question)


def _named(programme: Programme, question: str) -> str | None:
    said = " ".join(localized(text, lang) or "" for text in
                    [programme.eligibility_summary, programme.name,
                     *(rule.text for rule in programme.rules)] for lang in LANGUAGES)
    asked = stems(question) - ELIGIBILITY_WORDS
    if asked and any(asked <= stems(" ".join((rule.text or {}).values()))
                     for rule in programme.rules):
        return "named"  # "faut venir de l'étranger pour l'avoir ?": a condition it names
    return "not_named" if asked - stems(said) else None


def eligibility_in_context(tracker: Any) -> bool:
    """A yes/no on who may apply, asked of the scheme under discussion without naming it
    ("faut venir de l'étranger pr l'avoir ?" after the Ticket), that its rules settle."""
    from actions.common import programme_slot
    from actions.store import session_scope
    from bot.db import catalogue

    message = tracker.latest_message or {}
    if any(e.get("entity") == "programme" for e in message.get("entities") or []):
        return False
    with session_scope() as session:
        programme = catalogue.programme(session, programme_slot(tracker))
        text = message.get("text") or ""
        return programme is not None and eligibility_verdict(programme, text) in (
            "yes", "no", "named")
