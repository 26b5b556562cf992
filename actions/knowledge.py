"""Answers from the knowledge base: the fact asked about, in the form it was asked.

Called first by the question actions (a scheme's aspects, the network, the fallback): when
the retrieval index (`bot.knowledge.retrieval`) finds an aspect the intent's own answer does
not cover ("ça dure combien de temps ?", "le ticket comprend un visa ?", "c'est qui le délégué
général ?"), that fact answers; otherwise the caller answers as before. Comparisons and
combinations of two schemes are answered here from the schemes' own facts.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_pairs as pairs
from actions.common import contact_email, language_of, long_date, network_name, programme_slot
from actions.store import session_scope
from actions.texts import t
from bot.assistant.programme_extractor import find
from bot.db import catalogue
from bot.db.models import KnowledgeEntry, Programme
from bot.db.queries import localized
from bot.knowledge import form
from bot.knowledge.asked import detail_missing, leaves_out
from bot.knowledge.retrieval import NOT_OF_A_SUBJECT, THRESHOLD, Index, index_for
from bot.knowledge.verdict import UNSAID, verdict_of
from bot.knowledge.words import masked, stems

KNOWLEDGE = "knowledge"  # the parse's key, set by the NLU's knowledge router
ASPECT_QUESTION = "knowledge:"  # `last_question` prefix: a follow-up asks the same aspect
NETWORK = "network"
QUOTED = 100  # characters of a question named back
NOT_GIVEN = {"date": "utter_knowledge_no_date", "place": "utter_knowledge_no_place",
             "which": "utter_knowledge_no_which"}  # what a question asks, the fact not giving it
_SAID = re.compile(r"\W*(?:oui|non|yes|no)\b", re.IGNORECASE)  # an answer saying it itself
# "dans le ticket il y a une bourse": after "une", a scheme name is a noun if another is named.
_COMMON_NOUN = re.compile(r"\b(?:une?|a|an|des|some)\W+$", re.IGNORECASE)


def named_programmes(tracker: Tracker) -> list[str]:
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    found = [(e.get("value"), e.get("start")) for e in message.get("entities") or []
             if e.get("entity") == "programme" and isinstance(e.get("value"), str)]
    if len({value for value, _ in found}) > 1:
        found = [(value, start) for value, start in found
                 if not (isinstance(start, int) and _COMMON_NOUN.search(text[:start]))]
    return list(dict.fromkeys(value for value, _ in found))


def knowledge_index(entries: tuple[KnowledgeEntry, ...],
                    programmes: dict[str, Programme]) -> Index:
    """The retrieval index of these entries, the schemes' names masked (cached by entries)."""
    return index_for(entries, [(k, p.name) for k, p in programmes.items()])


def user_text(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text  # a button's payload is not a question


def answer_from_knowledge(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """Answer the latest message from what the NLU's knowledge router found in it (a form,
    an aspect); a message holding several questions gets each one answered. None when the
    knowledge base has no answer: the caller answers as the intent model read it."""
    message = tracker.latest_message or {}
    found = message.get(KNOWLEDGE) or {}
    text = user_text(tracker)
    if not found or not text.strip() or found.get("form") == "open" and not found.get("aspect"):
        return None  # no fact found: only the context could tell (answer_in_context)
    language = language_of(tracker)
    named = named_programmes(tracker)
    context = programme_slot(tracker)
    if found.get("both") and len(named) < 2:  # "lequel des deux…": the last two discussed
        named = pairs.recent_programmes(tracker)
    if found.get("other"):  # "et l'autre ?": the one of the last two not discussed last;
        named = [k for k in pairs.recent_programmes(tracker) if k != context][-1:]
        context = context if named else None  # one only: the other its words name ("pour
        # les étrangers": the Ticket's audience, not the Hubs' again)
    with session_scope() as session:
        programmes = {p.key: p for p in catalogue.programmes(session)}
        if found.get("form") in ("most_money", "not_compared"):  # "lequel est le plus… ?"
            keys = named if len(named) > 1 else pairs.recent_programmes(tracker, pairs.MAX_SUBJECTS)
            return (pairs.most_money if found["form"] == "most_money" else pairs.not_compared)(
                dispatcher, [programmes[k] for k in keys if k in programmes], language)
        if found.get("form") in ("combination", "comparison"):
            recent = pairs.recent_programmes(tracker)
            pair = pairs.two_schemes(named or recent, context, programmes) \
                or pairs.two_schemes(recent, None, programmes)
            if pair is None:
                return None
            if found["form"] == "combination":
                pairs.combination(dispatcher, pair, language)
            else:
                pairs.comparison(dispatcher, pair, language)
            return [SlotSet("programme", pair[-1].key)]
        entries = catalogue.knowledge(session)
        if found.get("form") == "facts":  # two things compared: each one's fact
            scheme = programmes.get(named[0]) if len(named) == 1 else None
            return pairs.facts(dispatcher, found, scheme, entries, language, say_entry)
        if found.get("form") == "which":  # among the schemes named or just compared, if any
            keys = named if found.get("among_named") else pairs.just_compared(tracker)
            among = {k: programmes[k] for k in keys if k in programmes} or programmes
            said = which_schemes(dispatcher, found["aspect"], text, entries, among, language,
                                 every=among is not programmes)
            if said is not None:  # else the aspect, as an open question ("which one is open?")
                return said
        questions = form.questions_in(text)
        index = knowledge_index(entries, programmes)
        if len(questions) == 1:
            aspect = _aspect_of(found["aspect"], text, index, entries, named, context)
            if aspect is None:
                return None
            return answer_aspect(dispatcher, aspect, text, entries, named, context,
                                 programmes, language)
        events: list | None = None
        for question in questions:  # "qui opère la bourse ? et le ticket, ça dure combien ?"
            hit = index.match(question) or index.match(form.as_asked(question))  # "ca donne cb"
            if hit is None and form.is_question(question):  # "…? and can my wife come?"
                events = (events or []) + part_not_stated(dispatcher, question, named or [
                    context], programmes, language)
            if hit is None:  # "on est 25 personnes au Havre": said, not asked
                continue
            asked = [v for v in named if v in _names_in(question, index.forms)] or named
            said = answer_aspect(dispatcher, hit.label, question, entries, asked, context,
                                 programmes, language)
            if said is not None:
                events = (events or []) + said
        return events


def _words_of(entry: KnowledgeEntry) -> set[str]:
    return stems(" ".join([*(entry.answer or {}).values(), *sum(entry.questions.values(), [])]))


def _said(question: str, entries: list[KnowledgeEntry]) -> dict[str, set[str]]:
    """The question's words each entry's answer and questions hold."""
    return {e.key: stems(question) & _words_of(e) for e in entries}


def _best_said(question: str, entries: list[KnowledgeEntry]) -> KnowledgeEntry | None:
    """The one entry holding a word of the question no other holds ("étrangers": the
    Ticket's audience), if exactly one does; "ça dure combien ?" has none: ask which."""
    own = _said(question, entries)
    distinct = [e for e in entries
                if own[e.key] - set().union(*(own[o.key] for o in entries if o is not e))]
    return distinct[0] if len(distinct) == 1 else None


def which_schemes(dispatcher: CollectingDispatcher, aspect: str, question: str,
                  entries: tuple[KnowledgeEntry, ...], programmes: dict[str, Programme],
                  language: str, every: bool = False) -> list | None:
    """"Which one is run by Bpi?": the schemes whose facts settle it, the others' silence;
    `every`: each asked of says its fact ("le ticket ou la bourse, lequel donne de l'argent ?")."""
    settled = [e for e in entries if e.aspect == aspect and e.known and e.yes_no != "no"
               and e.subject in programmes]
    if not settled:
        return None
    holders = {e.subject for e in settled}  # (the others' facts say something else: not silent)
    # among them, those saying what was asked ("aimed at people from abroad": the Ticket's)
    said = {key: len(words) for key, words in _said(question, settled).items()}
    settled = [e for e in settled if every or said[e.key] == max(said.values())]
    for entry in settled:
        say_entry(dispatcher, entry, language)
    others = [localized(p.name, language) for k, p in programmes.items() if k not in holders]
    if others:
        dispatcher.utter_message(response="utter_knowledge_not_stated", name=", ".join(others),
                                 contact=contact_email())
    return [SlotSet("last_question", ASPECT_QUESTION + aspect),
            SlotSet("programme", settled[0].subject)]


def _aspect_of(aspect: str, text: str, index: Any, entries: tuple[KnowledgeEntry, ...],
               named: list[str], context: str | None) -> str | None:
    """The aspect asked, among those the scheme in question has: "quel type de financement ?"
    about the Bourse is its funding, not the Ticket's residence permit's type; "could the
    NT40 companies invest in us?" is about the NT40's contracts, not the network's fund. None
    when an intent's examples are closer ("et le pass, c'est pour qui ?": eligibility)."""
    subjects = named or ([context] if context else [])
    if not subjects:
        return aspect
    if not named and any(e.aspect == aspect and e.subject == NETWORK for e in entries):
        return aspect  # the network's fact, whatever scheme was discussed before
    held = {e.aspect for e in entries if e.subject in subjects}  # the scheme's own first
    if aspect in held:
        return aspect
    ranking = [h for h in index.ranking(text, aspects=held) if h.intent not in NOT_OF_A_SUBJECT]
    hit = index.decide(text, ranking, THRESHOLD)
    if hit is not None:
        return hit.label
    return None if ranking and ranking[0].intent is not None else aspect


def _names_in(text: str, forms: dict[str, str]) -> set[str]:
    return {match.key for match in find(text, forms)}


def answer_aspect(dispatcher: CollectingDispatcher, aspect: str, question: str,
                  entries: tuple[KnowledgeEntry, ...], named: list[str], context: str | None,
                  programmes: dict[str, Programme], language: str) -> list | None:
    """The entries of `aspect` for the scheme(s) in question, or which scheme to ask."""
    candidates = {e.subject: e for e in entries if e.aspect == aspect}
    if not candidates:
        return None
    chosen: list[KnowledgeEntry]
    if named and any(k in candidates for k in named) or named and NETWORK not in candidates:
        chosen = [candidates[k] for k in named[:pairs.MAX_SUBJECTS] if k in candidates]
        if not chosen:
            return _not_in_base(dispatcher, named, programmes, language)
    elif context in candidates and not form.about_network(question):
        chosen = [candidates[context]]  # type: ignore[index]  # "qui le gère ?" after the Pass
    elif context in programmes and NETWORK not in candidates and not form.about_network(
            question):  # "y participer, ça se paie ?" after the Tech 40: not said of it
        return _not_in_base(dispatcher, [context], programmes, language)
    elif NETWORK in candidates:  # a fact of the network's, whatever scheme was named
        chosen = [candidates[NETWORK]]
    elif form.about_network(question):  # "combien coûte l'adhésion au réseau ?"
        dispatcher.utter_message(response="utter_knowledge_not_stated", name=network_name(),
                                 contact=contact_email())
        return [SlotSet("last_question", ASPECT_QUESTION + aspect)]
    elif len(candidates) == 1:
        chosen = list(candidates.values())
    elif (best := _best_said(question, list(candidates.values()))) is not None:
        chosen = [best]  # "un truc pour les étrangers ?": the Ticket's, which says so
    else:
        buttons = [{"title": localized(programmes[k].name, language),
                    "payload": f'/follow_up{{"programme":"{k}"}}'}
                   for k in programmes if k in candidates]
        dispatcher.utter_message(response="utter_which_programme", buttons=buttons)
        return [SlotSet("last_question", ASPECT_QUESTION + aspect)]
    # "Oui." only when the fact settles the question: "is the bourse run by the region?" gets
    # the fact (Bpi runs it), never a "Yes."
    index = knowledge_index(entries, programmes)
    settled, yes_no = index.settles(question, aspect), form.is_yes_no(question)
    for entry in chosen:  # "is the MRI in Rouen?": "No."; "obtenu le 25 juin ?": "Yes."
        said = verdict_of(masked(question, index.forms), entry, settled,  # the Bourse named:
                          yes=not named or entry.subject in named) \
            if yes_no else None  # a network fact says no yes of it
        if said == UNSAID or said is None and named and entry.subject not in named \
                and entry.known and yes_no:  # "et la bourse, elle en a parlé ?": not said
            dispatcher.utter_message(response="utter_knowledge_not_said_of",
                                     contact=contact_email(),
                                     answer=localized(entry.answer, language) or "")
            continue
        answer, names = localized(entry.answer, language) or "", tuple(  # "depuis quand… ?",
            localized(p.name, language) for p in programmes.values())  # "quel incubateur ?"
        if missing := entry.known and detail_missing(question, answer, names):
            dispatcher.utter_message(response=NOT_GIVEN[missing], answer=answer, contact=
                                     contact_email())
            continue
        say_entry(dispatcher, entry, language, said is not None, answer=said)
    subject = chosen[-1].subject
    events: list[Any] = [SlotSet("last_question", ASPECT_QUESTION + aspect)]
    if subject in programmes:
        events.append(SlotSet("programme", subject))
    elif subject == NETWORK:  # the network is now the subject: "qui la dirige ?" is about it
        events.append(SlotSet("programme", None))
    return events


def say_entry(dispatcher: CollectingDispatcher, entry: KnowledgeEntry, language: str,
              yes_no: bool = False, answer: str | None = None) -> None:
    """The fact; `yes_no`: after its yes or no (`answer`, else the fact's own)."""
    verdict = answer or (entry.yes_no if entry.known else None)  # an unknown's: its "no"
    answer = localized(entry.answer, language) or ""
    if yes_no and verdict and not _SAID.match(answer):  # not "Oui. Oui :"
        answer = f"{t('verdict_' + verdict, language)} {answer}"
    if not entry.known:
        dispatcher.utter_message(response="utter_knowledge_unknown", answer=answer,
                                 contact=contact_email())
        return
    if not entry.source_title or not entry.information_date:
        dispatcher.utter_message(text=answer)  # a staff answer without a source: no empty line
        return
    dispatcher.utter_message(response="utter_knowledge_and_who" if leaves_out(answer) else
                             "utter_knowledge", answer=answer, contact=contact_email(),
                             source=entry.source_title, date=long_date(entry.information_date,
                                                                       language))


def part_not_stated(dispatcher: CollectingDispatcher, question: str, keys: list,
                    programmes: dict[str, Programme], language: str) -> list:
    """One question of several that no fact answers, named back: the source does not say."""
    name = next((localized(programmes[k].name, language) for k in keys if k in programmes),
                None) or network_name()
    dispatcher.utter_message(response="utter_knowledge_part_not_stated", name=name,
                             question=" ".join(question.split())[:QUOTED].strip(" ?"),
                             contact=contact_email())
    return []


def _not_in_base(dispatcher: CollectingDispatcher, named: list[str],
                 programmes: dict[str, Programme], language: str) -> list:
    names = [localized(programmes[k].name, language) for k in named if k in programmes]
    if not names:
        return []
    dispatcher.utter_message(response="utter_knowledge_not_stated", name=", ".join(names),
                             contact=contact_email())
    return [SlotSet("programme", named[0])]


def follow_up_aspect(dispatcher: CollectingDispatcher, tracker: Tracker,
                     aspect: str) -> list | None:
    """"Et pour le pass ?" after "ça dure combien de temps, le ticket ?": the same aspect of
    the scheme now named; None (what it is) when just named and no other scheme has one ("et
    le pass ?" after the network's overview, the Ticket's residence permit)."""
    language = language_of(tracker)
    named = [k for k in named_programmes(tracker) or [programme_slot(tracker)] if k]
    with session_scope() as session:
        programmes = {p.key: p for p in catalogue.programmes(session)}
        entries = catalogue.knowledge(session)
    holders = {e.subject for e in entries if e.aspect == aspect and e.subject != NETWORK}
    if len(holders) <= 1 and not holders & set(named) and not stems(
            masked(user_text(tracker), knowledge_index(entries, programmes).forms)):
        return None  # ("et la bourse, elle en a parlé ?" asks that of the scheme named)
    return answer_aspect(dispatcher, aspect, "", entries, named, None, programmes, language)
