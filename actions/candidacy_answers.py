"""How the candidacy form reads a message: an answer to the question asked, or an interruption.

Only the requested question is ever filled from a message, and a message that is a question
about the schemes (or "cancel", "later", "a person please") fills nothing.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker

from actions.candidacy_common import (
    NETWORK,
    OPTIONAL,
    SCHEME_SLOTS,
    SKIP,
    load_programme,
    scheme_questions,
)
from actions.candidacy_dates import read_relative
from bot.candidacy.validation import leading_yes_no

QUESTION_INTENTS = {
    "ask_programme_info", "ask_eligibility", "ask_funding", "ask_deadline",
    "ask_application_process", "list_programmes", "ask_events", "ask_contact",
    "ask_about_network", "ask_capabilities", "bot_challenge", "ask_candidacy_status",
    "ask_knowledge",
}
CONTROL_INTENTS = {"cancel", "continue_later", "goodbye", "request_human", "edit_candidacy"}
# "Which scheme is for me?" in the middle of a candidacy pauses it for the advisor.
SWITCH_INTENTS = {"find_programme"}
# Where a name is asked, a short answer can look like a request ("Ma Startup", "Startup
# Finder" read as "which scheme is for me?"): there only a question, or a request the NLU is
# sure of, leaves the form.
NAME_SLOTS = {"applicant_name", "company_name", "company_town"}
# Where a project is described, a description reads like "which scheme is for me?" ("a
# marketplace for farmers in Normandy"): there only a question leaves the form for the advisor.
FREE_TEXT = ("candidacy_pitch", "candidacy_expectations")
SURE = 0.9
# A question's first words, or a request's ("tell me about the ticket" asks as much as
# "what is the ticket?").
QUESTION_WORDS = re.compile(
    r"^(c'est quoi|quel|quelle|quels|quelles|quand|combien|comment|pourquoi|qui|ou|où|"
    r"est-ce|what|when|how|which|who|where|why|is|are|can|could|do|does|"
    r"tell me|show me|explain|(dis|dites|explique|expliquez|parle|parlez|montre|montrez)"
    r"[- ]moi)\b", re.IGNORECASE)
NETWORK_WORDS = re.compile(r"r[ée]seau|network|rejoindre|join|adh[ée]rer|membre|member",
                           re.IGNORECASE)
MIN_PITCH, MIN_EXPECTATIONS = 20, 4  # "aide", "funding": the question itself offers one word
# The answer a request to change one names ("je veux modifier mon email", "wrong city"), in
# the order they are tried: the company's name before a person's name.
FIELD_WORDS = (
    ("company_name", r"nom (?:de|du) (?:l['’ ]|la |ma |mon |notre )?(?:entreprise|soci[ée]t[ée]|"
                     r"startup|bo[iî]te|projet)|(?:company|startup|project)(?:'s)? name|"
                     r"name of (?:the|my|our) (?:company|startup|project)|raison sociale"),
    ("company_siren", r"siren"),
    ("applicant_email", r"e-?mail|courriel|\bmail\b"),
    ("applicant_phone", r"t[ée]l[ée]phone|phone|portable|mobile|\bnum[ée]ro\b|\bnumber\b"),
    ("applicant_name", r"pr[ée]nom|\bnom\b|\bname\b"),
    ("company_town", r"\bville\b|commune|\btown\b|\bcity\b|code postal|postcode"),
    ("company_founded_on", r"date de cr[ée]ation|cr[ée][ée]e? (?:le|en)|found(?:ed|ing)"),
    ("company_stage", r"\bstade\b|avancement|\bstage\b"),
    ("candidacy_expectations", r"attentes?|expectations?"),
    ("candidacy_pitch", r"\bpitch\b|description|pr[ée]sentation"),
    ("candidacy_programme", r"dispositif|programme|\bscheme\b|\bprogram\b"),
)


def looks_like_question(text: str) -> bool:
    return "?" in text or bool(QUESTION_WORDS.match(text.strip()))


def is_interruption(message: dict[str, Any], slot: str | None = None) -> bool:
    """A message that is not an answer to the form's question (`slot`, when one is asked)."""
    text = message.get("text") or ""
    intent = message.get("intent") or {}
    name, confidence = intent.get("name"), intent.get("confidence") or 0.0
    if text.startswith("/"):  # a button
        return name in QUESTION_INTENTS | CONTROL_INTENTS | SWITCH_INTENTS
    if name in CONTROL_INTENTS:  # a long one only where a long answer is expected
        return confidence >= 0.6 and (len(text.split()) <= 8
                                      or slot is not None and slot not in FREE_TEXT)
    if name in SWITCH_INTENTS:
        if slot in FREE_TEXT:
            return confidence >= 0.6 and looks_like_question(text)
        if slot in NAME_SLOTS and not looks_like_question(text):
            return confidence >= SURE
        return confidence >= 0.6 and (looks_like_question(text) or len(text.split()) <= 8)
    if slot == "candidacy_consent" and name in QUESTION_INTENTS - {"ask_knowledge"} \
            and confidence >= 0.8:  # "contact": no yes or no, a request the classifier is
        return True  # sure of (the knowledge router's own 0.95 is no such certainty)
    return name in QUESTION_INTENTS and confidence >= 0.4 and looks_like_question(text)


def entity_value(message: dict[str, Any], *names: str) -> str | None:
    for entity in message.get("entities") or []:
        if entity.get("entity") in names and isinstance(entity.get("value"), str):
            return entity["value"] or None
    return None


def is_yes_no(slot: str, programme_key: str | None) -> bool:
    if slot == "candidacy_consent":
        return True
    if slot in SCHEME_SLOTS:
        questions = scheme_questions(load_programme(programme_key))
        index = SCHEME_SLOTS.index(slot)
        return index < len(questions) and questions[index]["kind"] == "yes_no"
    return False


def read_answer(slot: str, message: dict[str, Any], programme_key: str | None) -> Any:
    """What the message says for `slot` (not yet checked), or None if it does not answer."""
    if is_interruption(message, slot):
        return None
    text = (message.get("text") or "").strip()
    intent = (message.get("intent") or {}).get("name")
    if slot == "candidacy_programme":
        chosen = entity_value(message, "candidacy_programme", "programme")
        return chosen or (NETWORK if NETWORK_WORDS.search(text) else text)
    if is_yes_no(slot, programme_key) and (said := leading_yes_no(text)) is not None:
        return said  # "oui. Mais attention, …": the yes said first, whatever the NLU read
    if is_yes_no(slot, programme_key) or (slot == "company_founded_on"
                                          and intent in ("affirm", "deny")):
        return {"affirm": True, "deny": False}.get(intent, text)  # a date read to confirm
    if slot == "company_founded_on" and read_relative(text) is not None:
        return text  # "next spring", whatever the NLU made of it
    if intent == "skip" or (intent == "deny" and slot in OPTIONAL):
        return SKIP
    return text


def other_field(raw: str, requested: str) -> str | None:
    """A required answer, asked before, that a message at a free-text step names ("au fait pr
    la ville on hésite"): what the message is about instead of the step's own question."""
    field = named_field(raw) if requested in FREE_TEXT else None
    return field if field not in (None, requested, *OPTIONAL) else None


def named_field(text: str) -> str | None:
    """The one answer a request to change names, if it names one."""
    return next((slot for slot, words in FIELD_WORDS
                 if re.search(words, text, re.IGNORECASE)), None)


# What introduces the likely value in a hesitant answer ("not sure yet, probably Rouen").
LIKELY = re.compile(
    r"\b(?:probablement|sans doute|s[uû]rement|ptet|peut[- ][eê]tre|disons|plut[oô]t|"
    r"pr[eé]vue? (?:pour|en|le|vers)|vers|probably|maybe|likely|let'?s say|say|"
    r"planned for|expected (?:in|for)|around)\s+(?P<value>\S.*)$", re.IGNORECASE)
_EITHER = re.compile(r"\b(?:or|ou|entre|between)\b|/", re.IGNORECASE)


def as_likely(tracker: Tracker, requested: str | None) -> Tracker:
    """Where a town or a date is asked, "probably Rouen", "disons septembre 2027" or "prévu
    pour février 2027" is read as its value: the tracker with that text as the message."""
    message = tracker.latest_message or {}
    found = LIKELY.search(message.get("text") or "") if requested in (
        "company_town", "company_founded_on") else None
    if found is None or _EITHER.search(found["value"]):  # "maybe Caen or Rennes": undecided
        return tracker
    copy = tracker.copy()
    copy.latest_message = {**message, "text": found["value"].strip(" .!"), "intent": {}}
    return copy


# A turn of talk made only of these words ("ok super", "d'accord merci", "cool thx") is one,
# however unsure the NLU is of which.
TALK_WORDS = frozenset((
    "ok", "okay", "oki", "okk", "d", "accord", "dac", "daccord", "super", "top", "cool",
    "parfait", "merci", "beaucoup", "bien", "tres", "genial", "nickel", "entendu", "compris",
    "ca", "marche", "thanks", "thank", "you", "thx", "ty", "great", "nice", "perfect",
    "alright", "all", "right", "good", "noted", "got", "it", "bonjour", "hello", "hi",
))

# "actually no, the bourse", "non plutôt la bourse": another scheme named to replace this one
SWITCH_WORDS = re.compile(r"\b(?:actually|instead|rather|no|non|plut[oô]t|finalement|en fait|"
                          r"pardon|sorry)\b", re.IGNORECASE)
# A wish said outright ("je veux changer pour la bourse", "I'd rather apply for the Bourse",
# "I said I want to switch to the Bourse"): a switch however long the sentence, and even
# asked ("je peux passer à la bourse ?"), where no free text is expected. A bare "non" or
# "en fait" or "plutôt" only in a short message: a longer one may tell of a scheme had before
# ("plutôt du financement, comme la bourse").
WISH_WORDS = re.compile(r"\b(?:switch(?:ing)?|chang(?:e|er|ing)|instead|rather|prefer|"
                        r"pr[ée]f[eè]r\w*|au lieu|passer (?:à|a|sur|pour))\b", re.IGNORECASE)
ASKED_WISH = re.compile(r"\b(?:switch(?:ing)? (?:to|over)|chang(?:e|er|ing) (?:to|for|pour|de|vers)"
                        r"|passer (?:à|a|sur|pour))\b", re.IGNORECASE)


def wished_scheme(message: dict[str, Any], slot: str) -> str | None:
    """The scheme a message at the form's step `slot` wishes to apply for, if it says so."""
    text = message.get("text") or ""
    named = entity_value(message, "candidacy_programme", "programme")
    if named is None or slot == "candidacy_programme":
        return None
    short = len(text.split()) <= 10 and "?" not in text and SWITCH_WORDS.search(text)
    wished = slot not in FREE_TEXT and WISH_WORDS.search(text) and (
        "?" not in text or ASKED_WISH.search(text))
    return named if short or wished else None


def switched_scheme(message: dict[str, Any], current: str | None, slot: str) -> str | None:
    """The scheme a message puts in place of the candidacy's, if it does."""
    wished = wished_scheme(message, slot)
    return wished if wished != current else None
