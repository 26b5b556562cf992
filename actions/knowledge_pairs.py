"""Questions about two schemes at once: what differs between them (one line each, not two
full blocks) and whether they combine (the source never says: who can confirm)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import contact_email, long_date
from actions.texts import join_words, t
from bot.db.models import KnowledgeEntry, Programme
from bot.db.queries import localized

MAX_SUBJECTS = 3  # schemes answered for at once
NETWORK = "network"


def recent_programmes(tracker: Tracker, wanted: int = 2) -> list[str]:
    """The last schemes the person named, most recent last ("je peux avoir les deux ?")."""
    found: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        for entity in reversed((event.get("parse_data") or {}).get("entities") or []):
            value = entity.get("value")
            if entity.get("entity") == "programme" and isinstance(value, str) \
                    and value not in found:
                found.append(value)
        if len(found) >= wanted:
            break
    return list(reversed(found[:wanted]))


def just_compared(tracker: Tracker) -> list[str]:
    """The schemes the person's message before this one named together ("le ticket vs le
    pass, lequel… ?"), when it named two or more: what "et lequel… ?" chooses among."""
    users = [e for e in reversed(tracker.events) if e.get("event") == "user"][1:2]
    named = [e.get("value") for u in users for e in sorted(
        (u.get("parse_data") or {}).get("entities") or [], key=lambda e: e.get("start") or 0)
        if e.get("entity") == "programme" and isinstance(e.get("value"), str)]
    return list(dict.fromkeys(named)) if len(set(named)) >= 2 else []


def two_schemes(named: list[str], context: str | None,
                 programmes: dict[str, Programme]) -> list[Programme] | None:
    keys = list(named)
    if len(keys) == 1 and context and context != keys[0]:
        keys = [context, keys[0]]
    found = [programmes[k] for k in keys[:MAX_SUBJECTS] if k in programmes]
    return found if len(found) >= 2 else None


def _first_sentence(text: str | None) -> str:
    if not text:
        return ""
    head = text.split(". ")[0]
    return head.rstrip(".") + "."


def comparison(dispatcher: CollectingDispatcher, schemes: list[Programme],
                language: str) -> None:
    """What each brings and who it is for, one line each: the difference, not two blocks."""
    lines = []
    for scheme in schemes:
        offer = localized(scheme.offer, language) or _first_sentence(
            localized(scheme.summary, language))
        who = _first_sentence(localized(scheme.eligibility_summary, language))
        if scheme.operator and scheme.operator.lower() not in f"{offer} {who}".lower():
            who += " " + t("operated_by", language, operator=scheme.operator)
        lines.append(t("line", language, label=localized(scheme.name, language),
                       value=f"{offer} {who}").strip())
    dispatcher.utter_message(response="utter_knowledge_comparison", lines="\n".join(lines),
                             source=schemes[0].source_title,
                             date=long_date(schemes[0].information_date, language))


def combination(dispatcher: CollectingDispatcher, schemes: list[Programme],
                 language: str) -> None:
    names = [localized(s.name, language) or s.key for s in schemes]
    dispatcher.utter_message(response="utter_knowledge_combination",
                             names=join_words(names, language),
                             contact=contact_email())


def most_money(dispatcher: CollectingDispatcher, schemes: list[Programme],
               language: str) -> list | None:
    """"Which one brings the most money?": the amounts stored; when none of the schemes has
    one, the source cannot tell (who can). None when fewer than two schemes are in question,
    or when amounts are known (the comparison, which states them, answers)."""
    if len(schemes) < 2 or any(s.funding_amount_eur for s in schemes):
        return None
    names = [localized(s.name, language) or s.key for s in schemes]
    joined = join_words(names, language)
    dispatcher.utter_message(response="utter_knowledge_no_amounts", names=joined,
                             contact=contact_email())
    return [SlotSet("last_question", "ask_funding")]


def not_compared(dispatcher: CollectingDispatcher, schemes: list[Programme],
                 language: str) -> list | None:
    """"Lequel est le plus rapide ?" of two schemes: the source compares them on nothing of
    the kind; who can tell. None when fewer than two schemes are in question."""
    if len(schemes) < 2:
        return None
    names = [localized(s.name, language) or s.key for s in schemes]
    joined = join_words(names, language)
    dispatcher.utter_message(response="utter_knowledge_not_compared", names=joined,
                             contact=contact_email())
    return []


def facts(dispatcher: CollectingDispatcher, found: dict[str, Any], scheme: Programme | None,
          entries: tuple[KnowledgeEntry, ...], language: str,
          say: Callable[[CollectingDispatcher, KnowledgeEntry, str], None]) -> list | None:
    """Two things set side by side ("comité stratégique vs comité opérationnel", "la bourse
    ou le fonds de 200 M€ ?"): each one's fact as it stands, in the order named (no yes or no
    of either: the question was asked of both), a scheme named beside a fact in its own line;
    "c'est pareil ?" gets its no first: the source tells them apart. `say`: a fact uttered."""
    chosen = [e for aspect in found.get("aspects") or [] if (e := _fact_of(aspect, entries))]
    if not chosen and scheme is None:
        return None
    if found.get("same"):
        dispatcher.utter_message(response="utter_knowledge_not_same")
    if scheme is not None:
        comparison(dispatcher, [scheme], language)
    for entry in chosen:
        say(dispatcher, entry, language)
    events: list[Any] = [SlotSet("programme", scheme.key if scheme else None)]
    return events + [SlotSet("last_question", f"knowledge:{chosen[-1].aspect}")] if chosen \
        else events


def _fact_of(aspect: str, entries: tuple[KnowledgeEntry, ...]) -> KnowledgeEntry | None:
    """The aspect's fact: the network's, else the only one (a scheme's aspect held by several
    is no thing of its own)."""
    held = [e for e in entries if e.aspect == aspect]
    return next((e for e in held if e.subject == NETWORK), held[0] if len(held) == 1 else None)
