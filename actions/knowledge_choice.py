""""So which one can I go for?" after two schemes were compared: the one of the two that
what the person said in the conversation leaves open (the other fails a rule), or the one
bringing what they said they need; otherwise the advisor, which asks what matters.

The advisor's own rules and reading (`bot.advisor`), on everything the person wrote so far.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advisor import situation_of
from actions.common import language_of
from actions.knowledge_pairs import recent_programmes
from actions.store import session_scope
from actions.texts import t
from bot.advisor.reading import read
from bot.advisor.recommend import UNMET, Situation, assess
from bot.db import catalogue
from bot.db.models import Programme
from bot.db.queries import localized


def said_so_far(tracker: Tracker) -> Situation:
    """The advisor's answers, completed by what every message of the person says."""
    text = " . ".join(_without_schemes(e) for e in tracker.events
                      if e.get("event") == "user" and not (e.get("text") or "").startswith("/"))
    reading, known = read(text), situation_of(tracker)
    answers = dict(known.answers)
    if reading.foreign_founder is not None:
        answers.setdefault("founder_from_abroad", reading.foreign_founder)
    return Situation(stage=known.stage or reading.stage,
                     region=known.region or (reading.place.region if reading.place else None),
                     need=known.need or reading.need, answers=answers)


def which_for_you(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """The one of the last two schemes discussed that fits what was said; None when the
    two were not discussed, or when nothing said tells them apart (the advisor asks)."""
    keys = recent_programmes(tracker)
    if len(keys) < 2:
        return None
    with session_scope() as session:
        found = [p for key in keys if (p := catalogue.programme(session, key)) is not None]
    if len(found) < 2:
        return None
    situation, language = said_so_far(tracker), language_of(tracker)
    fits = [assess(programme, situation) for programme in found]
    open_ = [fit for fit in fits if fit.status != UNMET]
    if len(open_) == 1:
        chosen = open_[0].programme
        other = next(fit for fit in fits if fit is not open_[0])
        rule = next(r for r in other.reasons if r.status == UNMET)
        reason = t("choice_rule", language, other=_name(other.programme, language),
                   rule=localized(rule.text, language).rstrip("."))
    elif len(open_) == 2 and [fit.offers_need for fit in fits].count(True) == 1:
        chosen = next(fit.programme for fit in fits if fit.offers_need)
        other_scheme = next(fit.programme for fit in fits if not fit.offers_need)
        reason = t("choice_need", language, name=_name(chosen, language),
                   other=_name(other_scheme, language),
                   need=t(f"advisor_need_{situation.wanted}", language))
    else:
        return None
    dispatcher.utter_message(response="utter_which_for_you", name=_name(chosen, language),
                             reason=reason)
    return [SlotSet("programme", chosen.key)]


def _name(programme: Programme, language: str) -> str:
    return localized(programme.name, language) or programme.key


def _without_schemes(event: dict) -> str:
    """A message without the schemes' names it holds: "the Normandy French Tech accelerator"
    says nothing of the person's place or need."""
    text = event.get("text") or ""
    spans = sorted(((e["start"], e["end"]) for e in (event.get("parse_data") or {}).get(
        "entities") or [] if e.get("entity") == "programme" and "start" in e), reverse=True)
    for start, end in spans:
        text = text[:start] + " " + text[end:]
    return text
