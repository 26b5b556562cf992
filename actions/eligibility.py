"""A yes/no question on who may apply, read against the scheme's rules: "I'm French, can I
get the Ticket?" is a no, "mon pote est marocain, il peut ?" a yes, "il faut un diplôme ?" a
condition the announcement does not name. The same rules the advisor checks
(`bot.advisor.recommend.assess`), on what the question itself says."""

from __future__ import annotations

import re

from actions.knowledge import network_name
from bot.advisor.reading import read
from bot.advisor.recommend import MET, UNMET, Situation, assess
from bot.db.models import Programme
from bot.db.queries import localized
from bot.knowledge import form
from bot.knowledge.verdict import counts
from bot.knowledge.words import stems

# Words of any question on who may apply, not a condition of their own.
ELIGIBILITY_WORDS = stems(
    "eligible eligibility condition conditions critere criteria required require requis need "
    "needed besoin obligatoire necessaire candidater postuler apply applying obtenir droit acces "
    "access ouvert open demander ask qualify pote ami amie friend mate someone quelqu'un "
    "personne people gens startup startups entreprise entreprises company companies boite boites "
    "societe projet project founder fondateur fondatrice entrepreneur entrepreneurs")


def eligibility_verdict(programme: Programme, question: str) -> str | None:
    """A yes/no question on who may apply: "no" when what it says fails a rule, "yes" when it
    meets one and fails none, "not_named" when it asks of a condition no rule or text names
    ("il faut un diplôme ?"); None for any other question."""
    if not question or not form.is_yes_no(question):
        return None
    for name in [*(programme.name or {}).values(), network_name()]:  # "Normandy": no place
        question = re.sub(re.escape(name), " ", question, flags=re.IGNORECASE)
    if counts(question):
        return None  # "le Normandy Tech 40 réunit-il une cinquantaine d'entreprises ?": a fact
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
    said = " ".join(localized(text, lang) or "" for text in
                    [programme.eligibility_summary, programme.name,
                     *(rule.text for rule in programme.rules)] for lang in ("fr", "en"))
    return "not_named" if stems(question) - stems(said) - ELIGIBILITY_WORDS else None
