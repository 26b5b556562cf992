"""Rasa component: a question a stored fact answers is routed to `ask_knowledge`.

Runs last in the pipeline, after the intent classifier and the fallback. The intent model
knows five questions about a scheme; the knowledge base knows every fact of the source and
every answer the staff wrote since, each with the questions people ask about it
(`bot.knowledge.retrieval`). When a message is closer to a knowledge entry's questions than
to any intent's training examples (and close enough), or when it asks to compare or combine
schemes, its intent becomes `ask_knowledge`; the classifier's own intent is kept in the
parse (`knowledge.intent`), so the answer can fall back on it and the NLU's held-out figures
still measure the classifier. The knowledge is read from DATABASE_URL's database (Rasa builds
this component from the model: nothing hands it the assistant's sessions, as the in-process
endpoint does the actions'; in the bot both are `Settings.database_url`); a new entry is
routed to at once, without retraining. Without a database (a bare `rasa shell nlu`), nothing
is routed.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.assistant.language import asked_for

logger = logging.getLogger(__name__)

ASK_KNOWLEDGE = "ask_knowledge"
KNOWLEDGE = "knowledge"  # the parse's key: {"aspect", "score", "form", "intent"}
CONFIDENCE = 0.95
# A question after a fact that the classifier, unsure, read as a turn of talk ("n wen was she
# here" → skip, "ok jle demande ou" → affirm), as a wish for a recommendation ("how does a
# startup get paired with one of them?" → find_programme) or not at all: the answer reads it
# in context, and a form in progress asks its question again after it.
UNSURE = 0.6
TALK = ("affirm", "deny", "skip", "thank", "greet", "goodbye", "continue_later", "bot_challenge",
        "ask_capabilities", "find_programme", "out_of_scope", "nlu_fallback")
FALLBACK = "nlu_fallback"
SCHEME_QUESTIONS = ("ask_programme_info", "ask_eligibility", "ask_funding", "ask_deadline",
                    "ask_application_process")
GREETING_AND_MORE = 5  # words: "Bonjour, pouvez-vous me présenter le Pass ?" asks more than hello
PAST_GREETING = 0.05  # the least confidence of the reading after the greeting
TERSE = 2  # words: "délai", "montant ?" asked of what is being discussed
SHORT = 8  # words: "non non je veux pas candidater" is a refusal, not a question with one
# Leave-one-out on the NLU's examples: a nearest example at 0.9 or closer has its intent
# 97.6 % of the time (`ftbot eval knowledge`); below, the fallback's clarification is safer.
RECOVERY = 0.9
# A correction's question ("je demandais pas comment candidater. c'est quoi les hubs ?") was
# misread by the classifier, which saw the words set aside: its nearest example decides.
CORRECTED = 0.5


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class KnowledgeRouter(GraphComponent, IntentClassifier):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> KnowledgeRouter:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            route(message)
        return messages


def route(message: Message) -> None:
    from bot.advisor.reading import describes_a_situation
    from bot.knowledge import form, wishes

    text = message.get(TEXT) or ""
    if not text.strip() or asked_for(text):  # "je parle anglais": a language, not a fact
        return
    _drop_denied_schemes(message, text)
    named = [e for e in message.get(ENTITIES) or [] if e.get("entity") == "programme"]
    intent = message.get(INTENT) or {}
    finding = intent.get("name") == "find_programme"
    weighs_two = len({e.get("value") for e in named}) >= 2 and (  # "which is better for us,
        form.asks_comparison(text) or form.is_alternative(text))  # the X or the Y?": compared
    if (finding or intent.get("name") in ("out_of_scope", FALLBACK)) and not weighs_two \
            and describes_a_situation(text, 2 if finding or wishes.asks_for_schemes(text) else 3,
                                      finding):
        # "we are a Rouen startup, 6 people… which programme fits?": the advisor's
        if not finding:
            _set_intent(message, {"name": "find_programme", "confidence": CONFIDENCE},
                        {"form": "situation", "aspect": None, "score": 1.0,
                         "intent": intent.get("name")})
        return
    if intent.get("name") == "greet" and len(text.split()) >= GREETING_AND_MORE:
        intent = _past_the_greeting(message) or intent  # "Bonjour, pouvez-vous me présenter…"
    if _not_applying(message, text, named, intent.get("name")) \
            or _greeting_and_wish(message, text, intent.get("name")):
        return
    if finding and not named and wishes.which_of_them(text):  # "so which one's for me then?"
        _set_intent(message, {"name": ASK_KNOWLEDGE, "confidence": CONFIDENCE},
                    {"form": "which_for_me", "aspect": None, "score": 1.0,
                     "intent": intent.get("name")})
        return
    if not named and intent.get("name") in TALK and wishes.asks_advice(text):
        if not finding:  # "ya quoi pr moi ?": the advisor, not a fact
            _set_intent(message, {"name": "find_programme", "confidence": CONFIDENCE},
                        {"form": "advice", "aspect": None, "score": 1.0,
                         "intent": intent.get("name")})
        return
    if wishes.asks_who_knows(text) and not named:  # "ok who can tell me?": the contact
        _set_intent(message, {"name": "ask_contact", "confidence": CONFIDENCE},
                    {"form": "who_knows", "aspect": None, "score": 1.0,
                     "intent": intent.get("name")})
        return
    if intent.get("name") == "ask_events" and wishes.names_events(text):
        return  # "events au Havre ?": the network's events, not a fact naming Le Havre
    try:
        found = knowledge_for(text, len(named), intent.get("name") == FALLBACK,
                              finding=finding, named=[e.get("value") for e in named])
    except Exception:  # no database (a bare NLU shell): the classifier's intent stands
        logger.debug("knowledge not read", exc_info=True)
        return
    if found is not None and found.pop("network_only", False) \
            and intent.get("name") in SCHEME_QUESTIONS:
        return  # a scheme named, a question about it the classifier read: the network's fact
        # ("join the network") is not that scheme's answer
    if found is None and (intent.get("name") in SCHEME_QUESTIONS or intent.get("name") in (
            FALLBACK, "out_of_scope") and "?" in text):  # "c'est qui qui le donne ?"
        found = wishes.cued(text)  # "how long does the whole process take?": its duration
        if found and found.get("to") == intent.get("name"):
            return  # the classifier read it so
    if found is None and intent.get("name") in ("out_of_scope", FALLBACK) \
            and (describes_a_situation(text, 2) or wishes.wishes_to_found(text)):
        # "prof à Rouen, je veux créer une spin-off", "I'd like to launch a startup in France"
        found = {"form": "situation", "aspect": None, "score": 1.0, "to": "find_programme"}
    if found is None and _unsure_question(text, intent):
        found = {"form": "open", "aspect": None, "score": 0.0}  # the answer reads the context
    if found is None:
        return
    found["intent"] = intent.get("name")
    _set_intent(message, {"name": found.pop("to", ASK_KNOWLEDGE), "confidence": CONFIDENCE},
                found)


_WHICH = re.compile(r"\b(?:lequel|laquelle|lesquel\w*|which)\b")
# "je parlais du pass pas de la bourse": the scheme denied is not the one meant (nor after).
_DENIED = re.compile(r"(?:\bpas|\bnot|\bnon|\bplutot\W+que|\brather\W+than)\W+(?:\w+\W+){0,2}$")


def _drop_denied_schemes(message: Message, text: str) -> None:
    entities = message.get(ENTITIES) or []
    schemes = [e for e in entities if e.get("entity") == "programme" and "start" in e]
    if len(schemes) < 2:
        return
    denied = [e for e in schemes if _DENIED.search(text[:e["start"]].lower())]
    if denied and len(denied) < len(schemes):
        message.set(ENTITIES, [e for e in entities if e not in denied], add_to_output=True)


def _not_applying(message: Message, text: str, named: list, intent: str | None) -> bool:
    """"non non je veux pas candidater", "plus besoin" cancel; "le pass je veux dire", after
    "which scheme do you mean?", completes that question (`follow_up`): applying needs a wish
    to apply."""
    from bot.knowledge import form

    if (form.refuses_to_apply(text) or form.no_more_needed(text)) \
            and len(text.split()) <= SHORT:
        routed = "cancel"  # also "c'est bon j'ai trouvé", "never mind": nothing more needed
    elif intent == "apply" and named and not form.wishes_to_apply(text):
        routed = "follow_up"
    else:
        return False
    _set_intent(message, {"name": routed, "confidence": CONFIDENCE},
                {"form": "not_applying", "aspect": None, "score": 1.0, "intent": intent})
    return True


def _past_the_greeting(message: Message) -> dict[str, Any] | None:
    """The classifier's best reading after the greeting, set as the message's intent."""
    ranking = message.get(INTENT_RANKING_KEY) or []
    nxt = next((r for r in ranking if r.get("name") not in (
        "greet", "affirm", "deny", "thank", "goodbye", "out_of_scope", FALLBACK)), None)
    if nxt is None or (nxt.get("confidence") or 0.0) < PAST_GREETING:
        return None
    message.set(INTENT, nxt, add_to_output=True)
    return nxt


def _greeting_and_wish(message: Message, text: str, intent: str | None) -> bool:
    """"bonjour je voudrais candidater": the wish, not the greeting."""
    from bot.knowledge import form

    if intent != "greet" or not form.wishes_to_apply(text) or form.no_more_needed(text):
        return False
    _set_intent(message, {"name": "apply", "confidence": CONFIDENCE},
                {"form": "greeting", "aspect": None, "score": 1.0, "intent": intent})
    return True


def _unsure_question(text: str, intent: dict[str, Any]) -> bool:
    from bot.knowledge import form, wishes

    name, words = intent.get("name"), len(text.split())
    if name in (FALLBACK, "out_of_scope") and words <= TERSE:
        return True  # "delai", "montant" after the Pass: its deadline, its amount, in context
    if name in ("affirm", "deny", "thank", "greet") and form.is_question(text) and (
            wishes.names_place(text) or not form.is_yes_no(text)):
        return True  # "NY ok ?", "merci, et à Caen ?": a question about a place, no thanks
    return name in TALK and (intent.get("confidence") or 0.0) < UNSURE \
        and form.is_question(text) and words >= 2 \
        and not (name == "find_programme" and form.asks_recommendation(text))


def _set_intent(message: Message, routed: dict[str, Any], found: dict[str, Any]) -> None:
    """The routed intent first in the ranking; what was found (and the classifier's own
    intent, `found["intent"]`) in the parse's `knowledge`."""
    ranking = [routed, *(r for r in message.get(INTENT_RANKING_KEY) or []
                         if r.get("name") != routed["name"])]
    message.set(INTENT, routed, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    message.set(KNOWLEDGE, found, add_to_output=True)


def _recovered(index: Any, text: str, minimum: float) -> dict[str, Any] | None:
    """"le ticket french tech c pr qui": a message the classifier did not understand (or
    read with the words a correction sets aside) that, read in plain words, is close to one
    of an intent's examples gets that intent."""
    from bot.knowledge import form

    top = index.ranking(text, top=1)
    if not top or top[0].intent in (None, "out_of_scope", FALLBACK) \
            or top[0].score < minimum or top[0].intent in TALK and form.is_question(text):
        return None
    return {"form": "recovered", "aspect": None, "score": round(top[0].score, 3),
            "to": top[0].intent}


def knowledge_for(text: str, schemes_named: int, not_understood: bool = False,
                  finding: bool = False, named: list | None = None) -> dict[str, Any] | None:
    """What the knowledge base makes of `text`: a form (comparison, combination) or an aspect."""
    from bot.db import catalogue
    from bot.db.session import session_scope
    from bot.knowledge import form, wishes
    from bot.knowledge.compared import asked_of_each, two_things
    from bot.knowledge.relevance import most_asked, unsaid
    from bot.knowledge.retrieval import index_for
    from bot.knowledge.verdict import unclaimed
    from bot.knowledge.words import places_in

    with session_scope() as session:
        entries = catalogue.knowledge(session)
        programmes = [(p.key, p.name) for p in catalogue.programmes(session)]
    index = index_for(entries, programmes)
    both = form.means_both(text)
    hit = most_asked(index, text, index.match(text))  # the aspect asked, whatever its form
    if hit is None and sum(map(form.is_question, parts := form.questions_in(text))) > 1:
        hit = next((h for h in map(index.match, parts) if h and h.intent is None), None)  # 2 Qs
    each = asked_of_each(text, index.forms) if schemes_named > 1 else None  # (both one's)
    if hit is None and each:
        hit = index.match(each)  # "la bourse et le pass sont tous les deux opérés par Bpi ?"
    if (two := two_things(index, text, hit, schemes_named, both)) is not None:
        return two  # "MRI vs Cité numérique, laquelle est ouverte ?": each one's fact
    if hit is not None:
        score = round(hit.score, 3)
        if form.which_of_two(text):  # "lequel des deux est opéré par Bpi ?": an aspect, of both
            return {"form": "open", "aspect": hit.label, "score": score, "both": True}
        if not schemes_named and not both and form.which_scheme(text) and (
                not finding or form.which_does(text)):  # (not "lequel est pour moi ?")
            return {"form": "which", "aspect": hit.label, "score": score}  # "which one…?"
        if schemes_named >= 2 and form.which_scheme(text) and not finding \
                and not form.asks_most_money(text) \
                and not form.asks_comparison(_WHICH.sub(" ", form.fold(text))) \
                and any(e.aspect == hit.label and e.subject in (named or []) for e in entries):
            # "lequel met les entreprises en avant : le pass ou la bourse ?": that one
            return {"form": "which", "aspect": hit.label, "score": score, "among_named": True}
        if not schemes_named and form.the_other(text):  # "et l'autre, il apporte quoi ?"
            return {"form": "open", "aspect": hit.label, "score": score, "other": True}
    if form.asks_most_money(text):  # "lequel rapporte le plus ?": the amounts, named or not
        return {"form": "most_money", "aspect": None, "score": 1.0}
    if hit is None and wishes.asks_ranking(text):  # "lequel est le plus rapide ?"
        return {"form": "not_compared", "aspect": None, "score": 1.0}
    if (two := two_things(index, text, hit, schemes_named, both, named=False)) is not None:
        return two  # "Seine Innopolis et la MRI, quelle différence ?": two facts found
    if schemes_named or both:  # two schemes, named or just discussed
        if form.asks_comparison(text) or schemes_named >= 2 and form.is_alternative(text):
            return {"form": "comparison", "aspect": None, "score": 1.0}
        if form.asks_combination(text, schemes_named):
            return {"form": "combination", "aspect": None, "score": 1.0}
    if hit is None and form.asks_combination(text):  # "je peux cumuler ?": the last two discussed
        return {"form": "combination", "aspect": None, "score": 1.0}
    if hit is None and not schemes_named and (places := places_in(text)) and len(
            text.split()) > TERSE + 1 and form.is_question(text):  # "what's in Caen, then?":
        near = index.ranking(text, aspects={a for a in index.vocabulary if places
                                            <= index.holds(a)})  # the closest fact naming it,
        fact = next((h for h in near if h.intent is None), None)  # unless it is off-topic
        if fact and not any(h.intent == "out_of_scope" and h.score > fact.score for h in near):
            return {"form": "open", "aspect": fact.label, "score": round(fact.score, 3)}
    if hit is None and not_understood:
        return _recovered(index, text, RECOVERY)
    if hit is None and form.as_asked(text) != text:
        # "je demandais pas ça. c'est quoi les hubs ?" (a correction's lead-in set aside),
        # "la bourse cb on touche dc": the classifier read words it should not have, or
        # chat spellings it never saw
        return _recovered(index, text, CORRECTED)
    if hit is None:
        return None
    yes_no, asked = form.is_yes_no(text), form.questions_in(each or text)[0]
    things = {e.aspect for e in entries if e.subject == "network"}
    if yes_no and (thing := unsaid(index, each or text, hit.label, things)):  # "a fablab?"
        return {"form": "unsaid", "aspect": thing, "score": round(hit.score, 3)}
    if yes_no and unclaimed(index, asked, hit.label):
        return None  # a yes or no of what nothing mentions would mislead (not "en 2017 ?")
    found = {"form": "yes_no" if yes_no else "open", "aspect": hit.label,
             "score": round(hit.score, 3)}
    facts = [e for e in entries if e.aspect == hit.label]
    if schemes_named and all(e.subject == "network" and e.known for e in facts):
        found["network_only"] = True  # "Normandy Tech 40, on peut en faire partie ?" (what
        # the source does not say of the network, it does not say of the scheme either)
    return found
