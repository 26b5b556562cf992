"""Which language a message is in (lingua): French or English, or clearly another one.

Two detectors: French-vs-English in high-accuracy mode decides the reply language, even on
short text; a ten-language detector in low-accuracy mode (a few MB) only tells a sentence
in another language apart, so we can say which languages we speak instead of guessing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from bot.config import LANGUAGES, default_language

SUPPORTED = LANGUAGES
MIN_CONFIDENCE = 0.65
MIN_LETTERS = 4
FOREIGN_MIN_WORDS = 4
SWITCH_MIN_WORDS = 3  # fewer words switch a conversation's language only as a greeting
_GREETINGS = {"en": {"hello", "hi", "hey", "hiya", "howdy", "thanks", "thank", "cheers",
                     "morning", "evening", "afternoon"},
              "fr": {"bonjour", "salut", "merci", "bonsoir", "coucou", "bjr", "slt", "cc"}}
FOREIGN_MIN_CONFIDENCE = 0.9
# Brand words are English in both languages; they must not sway detection.
_BRANDS = re.compile(r"french\s*tech|normandy|tech\s*40|hubs?|ticket|pass|bft|progenn", re.I)
# Things typed as data, not as language: they must never switch the conversation's language.
_NOT_WORDS = re.compile(
    r"\S+@\S+"  # e-mail addresses
    r"|(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|fr|io|eu|co)\b\S*"  # URLs, domains
    r"|[@#]\w+"  # handles, tags
    r"|[\d\s.,:;/+()-]*\d[\d\s.,:;/+()-]*",  # numbers, phone numbers, SIREN, dates
    re.IGNORECASE)
# A request for the other language, in either: "en fait je parle anglais", "can you answer in
# French?", "english please". Written in one language, asking for the other, so detection
# alone would answer in the wrong one.
_ASKED = {
    "en": re.compile(r"\b(?:in english|en anglais|speak english|english (?:please|pls)"
                     r"|parl\w*(?:-vous|-tu)? (?:en )?anglais|anglais (?:svp|stp|s'il)"
                     r"|(?:back|switch\w*) (?:back )?(?:to|in)(?:to)? english"
                     r"|(?:repass\w*|reven\w*|revien\w*|retour|on pass\w*) en anglais)\b"
                     r"|^\W*(?:english|anglais)\W*$", re.IGNORECASE),
    "fr": re.compile(r"\b(?:in french|en fran[cç]ais|speak french|french (?:please|pls)"
                     r"|parl\w*(?:-vous|-tu)? (?:en )?fran[cç]ais|fran[cç]ais (?:svp|stp|s'il)"
                     r"|(?:back|switch\w*) (?:back )?(?:to|in)(?:to)? french"
                     r"|(?:repass\w*|reven\w*|revien\w*|retour|on pass\w*) en fran[cç]ais)\b"
                     r"|^\W*(?:french|fran[cç]ais)\W*$", re.IGNORECASE),
}
# Not speaking a language asks for none ("my cofounder doesn't speak French", "il parle pas
# francais c grave ?": said of someone, or the question itself), whatever words it shares.
_NOT_SPOKEN = re.compile(
    r"\b(?:(?:doesn'?t|does not|don'?t|do not|can'?t|cannot|can not) (?:really |much )?speak"
    r"|parl\w* (?:pas|plus|mal|peu)(?: (?:bien|tr[eè]s bien|trop))?)"
    r" (?:le |l')?(?:fran[cç]ais|french|anglais|english)\b", re.IGNORECASE)
# Everyday French and English words that no other language we detect writes the same way
# ("de", "la", "le", "un", "il", "is", "was", "do", "mais" are left out): a message holding
# one is ours, however unaccented or SMS-like ("merci !! et je recois la reponse quand ?",
# "what is seine innopolis?"), whatever the ten-language detector makes of its rare words.
_FRENCH_WORDS = frozenset("""
je j elle nous vous ils elles c cest ca ça est suis sommes etes êtes sont avons avez ont
les des au aux une et où quoi qui quelle quels quelles comment combien quand pourquoi pour
avec dans sur chez mon ton ta tes votre vos notre nos leur leurs cet cette ces pas plus aussi
donc tres très faut peut peux veux voudrais fait faire oui merci bonjour salut stp svp jsp
chui bcp pk pq qd mm tt ma mes sa ses jveux jveu jvoudrais avc ds pr jsuis jpeux
""".split())  # noqa: SIM905 (a word list reads better as text)
_ENGLISH_WORDS = frozenset("""
the are were been what who whom whose which how when where why can could does did don't
my you she they your his our their it its this that these those to and or for with at from by
about please thanks thank hi hello yes yeah okay not any thats right whats wats isnt
dont im ive gonna wanna pls thx
""".split())  # noqa: SIM905
_OURS = _FRENCH_WORDS | _ENGLISH_WORDS
# Between French and English only (other languages may write them): "Seine Innopolis is in
# Caen, correct?" is English, "la MRI c'est où" French.
_ONLY_FRENCH = _FRENCH_WORDS | {"de", "la", "le", "un", "il", "mais", "du", "en", "ou"}
_ONLY_ENGLISH = _ENGLISH_WORDS | {"is", "was", "in", "do", "of", "have", "has", "will", "would",
                                  "there", "be"}
# Phrases only French makes of words other languages share: "il y a", "y a-t-il", "est-ce".
_OURS_PHRASES = re.compile(r"\bil\s+y\s+a\b|\by\s+a[\s-]+t[\s-]+il\b|-t-(?:il|elle|on)\b|"
                           r"\best-ce\b|\bqu['’]est\b|\bn['’]est\b", re.IGNORECASE)
_COMPLAINT = re.compile(r"\b(?:pourquoi|why)\W+(?:\w+\W+){0,3}?(?:(en\W+anglais|in\W+english|"
                        r"english)|en\W+fran[cç]ais|in\W+french|french)\b(?!\W*tech)",
                        re.IGNORECASE)  # ("pourquoi pas la Bourse French Tech ?": a name)
_LANGUAGE_AS_A_CONDITION = re.compile(
    r"\b(?:need|have|has|must|required?|requis\w*|faut|faudra\w*|dois|doit|devr\w+|"
    r"obligatoire|besoin)\b"
    r".{0,25}\b(?:speak|parler|know|savoir|connaitre|connaître)\b", re.IGNORECASE)
# Names of the domain's places and things, in no language: they must not make a short
# message look foreign.
_NAMES = re.compile(r"\b(?:seine\s+innopolis|mri|cit[ée]\s+num[ée]rique|caen|rouen|le\s+havre|"
                    r"bercy|las\s+vegas|new[\s-]+york|bpi(?:france)?|"
                    r"petit[\s-]+quevilly|innopolis)\b", re.IGNORECASE)
_CODES = {Language.FRENCH: "fr", Language.ENGLISH: "en"}
_OTHERS = (Language.GERMAN, Language.SPANISH, Language.ITALIAN, Language.PORTUGUESE,
           Language.DUTCH, Language.ARABIC, Language.CHINESE, Language.RUSSIAN)


@lru_cache(maxsize=1)
def _french_or_english() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_CODES).build()


@lru_cache(maxsize=1)
def _any_language() -> LanguageDetector:
    return (LanguageDetectorBuilder.from_languages(*_CODES, *_OTHERS)
            .with_low_accuracy_mode().build())


def _without(text: str, entities: list[dict[str, Any]] | None) -> str:
    for entity in sorted(entities or [], key=lambda e: e.get("start", 0), reverse=True):
        if "start" in entity and "end" in entity:
            text = text[: entity["start"]] + " " + text[entity["end"]:]
    return _NOT_WORDS.sub(" ", _BRANDS.sub(" ", text))


def _only_names(text: str) -> bool:
    """"Jean Dupont", "Acme Robotics SAS": every word capitalised, so a name, not a sentence."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 1]
    return len(words) > 1 and all(w[0].isupper() for w in words)  # "Hello" is a word


# A name of two capitalised words or more, with the small words between ("Axelle Lemaire",
# "Le Havre", "Maison de la Recherche et de l'Innovation"): French in any language.
_PROPER = re.compile(r"\b[A-ZÀ-Ý][\w-]*(?:(?:\s+|['’])(?:(?:de|du|des|la|le|les|l|et|d)"
                     r"(?:\s+|['’]))*[A-ZÀ-Ý][\w-]*)+")


def _names_out(text: str) -> str:
    """The text without the names it spells (its first word kept: "Did", "Est-ce")."""
    head, _, rest = text.strip().partition(" ")
    return f"{head} {_NAMES.sub(' ', _PROPER.sub(' ', rest))}"


def detect(text: str, entities: list[dict[str, Any]] | None = None) -> str | None:
    """'fr' or 'en' when the text clearly is one of them, else None."""
    text = _without(text, entities)
    if _only_names(text):
        return None
    text = _names_out(text)
    cue = _everyday_words_of(text)
    if cue is not None:  # "is the mri in rouen?": "the" and "is" say English, "rouen" nothing
        return cue  # (also when names leave little else: "the accelerator vs progenn?")
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    values = _french_or_english().compute_language_confidence_values(text)
    best = values[0] if values else None
    if best is None or best.value < MIN_CONFIDENCE:
        return None
    return _CODES[best.language]


def _everyday_words_of(text: str) -> str | None:
    """'fr' or 'en' when the text holds everyday words of that language only."""
    words = set(_words(text))
    french, english = bool(words & _ONLY_FRENCH), bool(words & _ONLY_ENGLISH)
    return "fr" if french and not english else "en" if english and not french else None


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text.lower().replace("'", " ").replace("’", " "))


def asked_for(text: str) -> str | None:
    """The language a message asks to be answered in, if it asks for one (and only one); a
    complaint ("pourquoi en anglais ??", "why french?") asks for the other one."""
    complaint = _COMPLAINT.search(text)
    if complaint:
        return "fr" if complaint.group(1) else "en"
    if _LANGUAGE_AS_A_CONDITION.search(text):  # "do I need to speak French?": a question
        return None
    text = _NOT_SPOKEN.sub(" ", text)  # ("speak French" in "doesn't speak French" asks no French)
    asked = [code for code, pattern in _ASKED.items() if pattern.search(text)]
    return asked[0] if len(asked) == 1 else None


# A message that asks for a language and says something else ("English please! Is the MRI in
# Caen?"): its sentences, and in a question the clauses after the request ("in English please,
# who runs it?"). A statement naming a language ("my cofounder doesn't speak French") is part
# of the request; words that only go with it ("please", "ok", "hi") are no question of their own.
_SENTENCES = re.compile(r"(?<=[.!?…])\s+|\n+")
_CLAUSES = re.compile(r"\s*[,;:]\s+|\s+[-–—]+\s+")
_LANGUAGE_NAMED = re.compile(r"\b(?:english|anglais|fran[cç]ais|french(?!\W*tech))\b", re.I)
# What ties the rest to the request, not to what was said before: "also, …", "au fait, …".
_LINK = re.compile(r"^\W*(?:(?:and|et)\W+)?(?:also|aussi|btw|by the way|au fait|sinon|otherwise"
                   r"|anyway|bref)\b\W*", re.IGNORECASE)
_ONLY_WITH_A_REQUEST = frozenset("""please pls plz thanks thank you thx merci svp stp s il vous
te plait plaît ok okay oki d accord sure cool great parfait super sorry desole désolé pardon oh
ah bon yes oui so alors also aussi and et en fait actually well bah ben enfin
""".split()) | _GREETINGS["en"] | _GREETINGS["fr"]  # noqa: SIM905


def request_and_rest(text: str) -> tuple[str, str] | None:
    """The language a message asks for and what else it says, to be read as a message of its
    own in that language; None when it asks for none or says nothing else ("in English
    please", "can you answer in French?"), which the language's acknowledgement answers."""
    asked = asked_for(text)
    if asked is None:
        return None
    rest = [part for sentence in _SENTENCES.split(text.strip())
            if (part := _said_beside_a_request(sentence))]
    said = _LINK.sub("", " ".join(rest))  # "In English please. Also, who runs it?"
    return (asked, said) if set(_words(said)) - _ONLY_WITH_A_REQUEST else None


def _said_beside_a_request(sentence: str) -> str:
    if not sentence.rstrip().endswith("?"):  # a statement: the request, or about it
        return "" if asked_for(sentence) or _LANGUAGE_NAMED.search(sentence) else sentence
    clauses = _CLAUSES.split(sentence)
    asking = [i for i, clause in enumerate(clauses) if asked_for(clause)]
    if not asking:
        return sentence  # "is the Pass open to non-French founders?": a question of its own
    tail = ", ".join(clauses[asking[-1] + 1:])
    return tail if set(_words(tail)) - _ONLY_WITH_A_REQUEST else ""


def is_foreign(text: str) -> bool:
    """True for a sentence clearly written in a language we do not speak."""
    text = _NAMES.sub(" ", _without(text, None))  # "Seine Innopolis vs la MRI ?": names
    non_latin = any(ch.isalpha() and ord(ch) > 0x24F for ch in text)
    if len(text.split()) < FOREIGN_MIN_WORDS and not non_latin:
        return False
    if any(word in _OURS for word in _words(text)) or _OURS_PHRASES.search(text):
        return False
    values = _any_language().compute_language_confidence_values(text)
    best = values[0] if values else None
    return bool(best and best.language not in _CODES and best.value >= FOREIGN_MIN_CONFIDENCE)


def warm_up_language_detection() -> None:
    """Load both detectors' models (about 90 MB, a second) before the first user needs them."""
    detect("bonjour, je voudrais des informations")
    is_foreign("ich möchte bitte mehr darüber wissen")


def choose_language(current: str | None, metadata: dict[str, Any], text: str,
                    entities: list[dict[str, Any]], answering_form: bool = False) -> str:
    """The `language` slot after a message: a language asked for in words (in the message,
    or beside it: `language_asked`) > an explicit choice (/language) > what the user writes >
    the conversation so far > channel > default. Asking in words is the latest choice: it
    wins over /language's, which a channel then replaces with it (`Turn.language`).

    An answer to a form's question (a name, an address, a pitch) is data, not a sign of the
    language the user wants: it never switches the language.
    """
    preferred = metadata.get("language")
    guess = not text.startswith("/") and not (answering_form and current in SUPPORTED)
    # "English please! Is the MRI in Caen?": the runtime reads the question alone and hands
    # the request beside it (`language_asked`)
    asked = (metadata.get("language_asked") or asked_for(text)) if guess else None
    if asked not in SUPPORTED and preferred in SUPPORTED and metadata.get("language_locked"):
        return preferred
    # a chat's language changes on evidence: "deadline ?", "ok merci" are too short for it
    words = re.findall(r"[^\W\d_]{2,}", text.lower())
    settled = current in SUPPORTED and len(words) < SWITCH_MIN_WORDS
    detected = detect(text, entities) if guess and asked is None and not settled else None
    if guess and asked is None and (settled or detected is None):  # "hey", "merci !": a
        # greeting says it
        detected = next((code for code, said in _GREETINGS.items() if set(words) & said),
                        None) or _short_question_in(words)
    for candidate in (asked, detected, current if current in SUPPORTED else None, preferred):
        if candidate in SUPPORTED:
            return candidate
    return default_language()


# "who decides?", "c'est quand ?": a two-word question led by a question word of one language.
_QUESTION_WORDS = {"en": {"who", "what", "where", "when", "how", "why", "which"},
                   "fr": {"qui", "quoi", "où", "quand", "comment", "combien", "pourquoi"}}


def _short_question_in(words: list[str]) -> str | None:
    if len(words) != 2:
        return None
    other = {"en": _FRENCH_WORDS, "fr": _ENGLISH_WORDS}
    return next((code for code, asking in _QUESTION_WORDS.items()
                 if words[0] in asking and words[1] not in other[code]), None)


def switched_language(current: str | None, message: dict[str, Any],
                      answering_form: bool) -> str | None:
    """The language the slot switches to after `message` (a custom action's
    `latest_message`: text, metadata, entities), or None when it stays as it is."""
    language = choose_language(current, message.get("metadata") or {},
                               message.get("text") or "", message.get("entities") or [],
                               answering_form=answering_form)
    return None if language == current else language
