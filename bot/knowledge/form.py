"""The form of a question, read by rules: yes/no, a comparison, a combination, several.

Rules, not a model: each form is marked by a few words in either language, listed here, and
a wrong guess costs little (a yes/no answer only gains "Oui." before the fact when the fact
has a yes/no answer; a comparison needs two schemes named or under discussion).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.assistant.programme_extractor import fold

_WH = re.compile(
    r"^\W*(?:(?:et|and|mais|but|so|alors|donc|ok)\W+)?"
    r"(?:qu|quoi|comment|combien|quand|ou\b|qui\b|quel|lequel|laquelle|lesquel|pourquoi|what|"
    r"how|when|"
    r"where|who|which|why|whose|c\W*est\W+(?:quoi|qui|combien|quand|ou\b)|dis|tell|explain|"
    r"explique|parle)")
_WH_ANYWHERE = re.compile(r"\b(?:c\W*est\W+(?:quoi|qui|combien|quand)|ca\W+dure|pour\W+qui|"
                          r"(?:par|avec|de|a|chez)\W+qui|qui\W*$|ou\W*$|"
                          r"how\W+(?:long|much|many)|what|who|which|when|where|why|how|combien|"
                          r"comment|quand|quel\w*|pourquoi|quoi|lequel|laquelle|lesquel\w*|"
                          # "il est où exactement", "elle se trouve où ça"
                          r"(?:est|sont|trouve\w*|situe\w*)\W+ou(?:\W+(?:exactement|"
                          r"precisement|ca|deja|donc|alors))?\W*$)\b")
_YES_NO = re.compile(r"\b(?:oui\W+ou\W+non|yes\W+or\W+no|y\W*or\W*n)\b")
COMPARISON = re.compile(
    r"\b(?:difference\w*|differen\w+|differ\w*|diff|difer\w*|diffr\w*|compar\w*|versus|vs|"
    r"mieux|meilleur\w*|"
    r"lequel|laquelle|better|best|plutot|rather|choisir|choose|pick|prefer\w*|go\W+for|"
    r"pareil\w*|meme\W+chose|same\W+thing|similar|ressembl\w*|distingu\w*|unlike|"
    r"contrairement|conseill\w*|recommand\w*|recommend\w*|apart|comme\W+(?:le|la|les)|"
    r"c\W?est\W+(?:un\W+peu\W+)?comme(?!\W+(?:ca|cela)\b)|(?:is|isn\W?t)\W+(?:it|that|this)\W+like|"
    r"like\W+the|same\W+as|pareil\W+que|in\W+common|en\W+commun|points?\W+communs?|recoup\w*|"
    r"overlap\w*|chevauch\w*|doublon\w*|memes?\W+(?!temps\b|question|demande|chose\W+pour)\w+)\b")
COMBINATION = re.compile(
    r"\b(?:cumul\w*|combin\w*|en\W+m\w*\W+t\w*ps|at\W+the\W+same\W+time|together|ensemble|"
    r"en\W+plus\W+de|as\W+well\W+as|in\W+addition|on\W+top\W+of|"
    r"(?:avoir|obtenir|prendre|demander|get|have|apply\W+(?:for|to))\W+(?:les\W+(?:deux|2)|both))\b")
# "et l'autre ?", "and the other one?": the scheme of the last two not discussed last.
OTHER = re.compile(r"\b(?:l\W?autre|the\W+other(?:\W+one)?)\b")
# "both", "les deux": two schemes meant without naming them (the conversation's last two).
BOTH = re.compile(r"\b(?:les\W+(?:deux|2)|both|the\W+two|the\W+2|tous\W+les\W+deux)\b")
# "lequel des deux est opéré par Bpi ?": one aspect asked of the two schemes under discussion.
WHICH_OF_TWO = re.compile(r"\b(?:lequel|laquelle)\W+des\W+(?:deux|2)\b|"
                          r"\bwhich\W+(?:one\W+)?of\W+(?:the\W+)?(?:two|2|them|both)\b")
# "which one is run by Bpi?", "quel dispositif donne un titre de séjour ?": one aspect asked
# across the schemes, answered by those whose facts settle it.
WHICH_SCHEME = re.compile(r"\bwhich\W+(?:\w+\W+){0,3}?"
                          r"(?:one|scheme|programme|program)s?\b|"
                          r"\b(?:lequel|laquelle)\b|\bquels?\W+(?:dispositif|programme)s?\b")
GETTING = re.compile(r"\b(?:get|have|obtain|receive|benefit|avoir|obtenir|toucher|beneficier|"
                     r"cumuler|prendre)\b")
# Said with two schemes named, "et aussi", "and also" asks for both at once.
ALSO = re.compile(r"\b(?:et\W+aussi|and\W+also|aussi|also|en\W+plus)\b")
NETWORK = re.compile(r"\b(?:normandy\W+french\W+tech|french\W+tech\W+normand\w*|rejoindre|"
                     r"join\w*|adhe\w+|adhesion|membership|"
                     r"(?:le|du|au|ce|votre|the|your|this)\W+(?:reseau|network))\b")


# SMS and chat spellings, read as the words they stand for before a question is matched.
_SMS = {"c": "c'est", "pr": "pour", "cb": "combien", "cmb": "combien", "ki": "qui", "ke": "que",
        "pq": "pourquoi", "pk": "pourquoi", "qd": "quand", "kan": "quand", "koi": "quoi",
        "kel": "quel", "kelle": "quelle", "bcp": "beaucoup", "ds": "dans", "dc": "donc",
        "tt": "tout", "tjs": "toujours", "qqn": "quelqu'un", "qqch": "quelque chose",
        "jsp": "je sais pas", "mm": "même", "u": "you", "ur": "your", "r": "are",
        "pls": "please", "plz": "please", "whos": "who is", "whats": "what is", "wat": "what",
        "wen": "when", "jle": "je le", "jla": "je la", "jsuis": "je suis", "jpeux": "je peux",
        "jcomprend": "je comprends", "jveux": "je veux", "jveu": "je veux",
        "jvais": "je vais", "jai": "j'ai", "avc": "avec", "jsais": "je sais", "n": "and",
        "wer": "where", "ya": "il y a", "fric": "argent", "thune": "argent", "wats": "what is",
        "wot": "what", "abt": "about", "w/": "with", "b4": "before", "cuz": "because",
        "bc": "because", "ny": "new york", "nyc": "new york"}
_SMS_WORD = re.compile(r"(?<![\w'’])(" + "|".join(map(re.escape, sorted(_SMS, key=len,
                                                                           reverse=True)))
                       + r")(?![\w'’])", re.IGNORECASE)
# Idioms for words the facts use: "un coup de main pour vendre à l'étranger" is help to export.
_IDIOMS = {"coup de main": "aide", "vendre a l etranger": "exporter",
           "vendre a l international": "exporter", "sell abroad": "export"}
_IDIOM = re.compile(r"\bcoup\W+de\W+main\b|\bvendre\W+(?:a|à)\W+l\W?(?:etranger|étranger|"
                    r"international)\b|\bsell\W+abroad\b", re.IGNORECASE)
# "where do i write 2 them", "is it 4 students": digits as words, only where a number can't be.
_TO = re.compile(r"\b(write|talk|speak|go|apply|get|how|want|need|reach|send|come|move)\s+2\b",
                 re.IGNORECASE)
_FOR = re.compile(r"\b4\s+(?=(?:me|you|us|them|the|a|an|startups?|students?|foreign\w*|"
                  r"founders?|french|who)\b)", re.IGNORECASE)
# "non je voulais dire…", "no, I meant…": a correction; what follows is the question.
_CORRECTION = re.compile(
    r"^.{0,60}?\b(?:je\W+(?:voulais|veux)\W+dire|j(?:e\W+|\W?)(?:parlais|parle)\W+(?:de|du|des)|"
    r"je\W+(?:vous\W+|te\W+)?demandais|i\W+mean[t]?|i\W+was\W+asking(?:\W+about)?|i\W+asked(?:\W+about)?|"
    r"what\W+i\W+mean[t]?\W+(?:is|was))\W+(?!pas\b|not\b)"
    # "je demandais pas comment candidater.", "I wasn't asking about X,": what follows
    r"|^.{0,20}?\b(?:j(?:e\W+|\W?)(?:ne\W+)?(?:demandais|parlais|voulais)\W+pas|"
    r"i\W+(?:wasn\W?t|was\W+not|didn\W?t)\W+(?:ask|asking|mean|talking))[^.,;!?]*[.,;!?]+\s*"
    # "oui mais ça a donné quoi ?", "ok but who went?": the question after the "but"
    r"|^\W*(?:oui|ouais|ok|okay|d'accord|yes|yeah|sure|non|no)\W+(?:mais|but)\W+",
    re.IGNORECASE)


# ", pas la durée des contrats", ", not the amount": what a correction says it did not ask
_DENIED_TAIL = re.compile(r",\s*(?:et\s+)?(?:pas|non|not)\s+(?:la|le|les|l'|du|des|de|the|a|"
                          r"an|about)\b[^.?!]*[.?!]?\s*$", re.IGNORECASE)
_ORDINAL_DATE = re.compile(r"\b(january|february|march|april|may|june|july|august|september|"
                           r"october|november|december)\s+(\d{1,2})(?:st|nd|rd|th)\b",
                           re.IGNORECASE)


@lru_cache(maxsize=1024)  # read by every rule of a parse, on the same message
def as_asked(text: str) -> str:
    """The question in plain words: a correction's lead-in dropped, chat spellings read
    ("le ticket c pr qui" → "le ticket c'est pour qui"), idioms said plainly ("un coup de
    main" → "une aide"). Used on the stored questions too."""
    if _CORRECTION.search(text):  # "ce qu'est le Tech 40, pas la durée": what is asked
        text = _DENIED_TAIL.sub("", _CORRECTION.sub("", text))
    text = _FOR.sub("for ", _TO.sub(r"\1 to", text))
    text = _ORDINAL_DATE.sub(r"\2 \1", _SMS_WORD.sub(lambda m: _SMS[m.group(1).lower()], text))
    return _IDIOM.sub(lambda m: _IDIOMS[re.sub(r"\W+", " ", fold(m.group()))], text)


def is_correction(text: str) -> bool:
    return bool(_CORRECTION.search(text))


_AUXILIARY = re.compile(r"^\W*(?:(?:so|and|ok|but|et|alors|donc)\W+)?(?:is|are|was|were|does|"
                        r"do|did|can|could|will|would|should|has|have|est\W+ce\W+qu)\b")
_TAG = re.compile(r"\b(?:right|correct|isn\W?t\W+it|non|hein|n\W?est\W?ce\W?pas|true|vrai|"
                  r"c\W?est\W?(?:bien\W+)?ca)\W*$")
_INDIRECT = re.compile(r"\b(?:know|tell\W+me|sais|savez|dire)\W+(?:\w+\W+)?(?:who|what|when|"
                       r"where|how|which|qui|quoi|quand|ou|comment|quel\w*)\b")
# "A ou B ?", "A or B for me?": one of two, not a yes or a no ("où" unaccented ends a question).
_ALTERNATIVE = re.compile(r"\w\W+(?:ou|or)\W+(?!non\b|no\b|pas\b|not\b)\w+(?:\W+\w+)*\W*\?*\W*$")
_DIFFERENCE = re.compile(r"\b(?:difference\w*|differen\w+|diff|compar\w*|versus|vs)\b")
_DATE = re.compile(r"\b(?:(?:19|20)\d\d|janvier|fevrier|avril|juin|juillet|aout|septembre|"
                   r"octobre|novembre|decembre|january|february|april|june|july|august|"
                   r"september|october|november|december)\b")  # (not "mars", "may", "mai")
_SENTENCE_END = re.compile(r"(?<=[.!])\s+(?=\w)")
_FRAGMENT = re.compile(r"^\W*(?:et|and|what\W+about|how\W+about|pour|for)\b")
# "c'est bien Bpi qui l'opère ?", "so it was lemaire who announced it?": a cleft question puts
# a name forward to be confirmed; its "qui", "who" asks nothing.
_CLEFT = re.compile(r"\b(?:c\W?est|c\W?etait|it\W+(?:was|is)|was\W+it|is\W+it)\W+(?:bien\W+|"
                    r"really\W+)?(?!qui\b|quoi\b|quand\b|ou\b|combien\b|comment\b|quel\w*|who\b|"
                    r"what\b|when\b|where\b|which\b|how\b|pour\W+qui\b|for\W+who)(?:\w+\W+){1,3}?"
                    r"(?<!par\W)(?<!pour\W)(?<!avec\W)(?<!by\W)(?:qui|who|that)\b(?!\W*$)")
# ("c'est géré par qui ?" asks the who: "qui" after a preposition, or ending the question)


def is_yes_no(text: str) -> bool:
    """"le ticket comprend un titre de séjour ?", "visa??", "does it include a visa": a
    question answered by yes or no (no question word, or "oui ou non" said outright)."""
    # "Bonjour, je suis journaliste. Qui pilote le réseau ?": the question is the last sentence
    folded = _SENTENCE_END.split(fold(as_asked(text)).strip())[-1]
    if _YES_NO.search(folded):
        return True
    if _ALTERNATIVE.search(folded) or _DIFFERENCE.search(folded):
        return False  # "seine innopolis ou MRI pour une startup de caen ?": a choice
    if _TAG.search(folded):
        return True  # "seine innopolis, that's rouen right?", "c'est à caen, non ?"
    if _CLEFT.search(folded):
        return True  # "c'est elle qui porte l'axe portuaire ?"
    if _FRAGMENT.search(folded) and len(folded.split()) <= 6 and not _AUXILIARY.search(
            folded) and not _DATE.search(folded):  # ("and was it in July?", "et en 2016 ?")
        return False  # "et rouen ?", "and for the pass?": a follow-up, not a yes/no
    if _INDIRECT.search(folded):
        return False  # "do you know who runs it?": the who, not a yes
    if _AUXILIARY.search(folded):
        return True  # "is it where the minister came?", "does it include a visa?"
    return not _WH.search(folded) and not _WH_ANYWHERE.search(folded)


_ENDS_WHERE = re.compile(r"\bou\W*$")  # "ok jle demande ou": unaccented "où", at the end
# "which one is for me?", "par où commencer ?": a wish for a recommendation, not a question
# about a fact ("how does a startup get paired with one of them?" is the latter).
_RECOMMENDATION = re.compile(
    r"\b(?:for\W+(?:me|us|my|our|someone)|pour\W+(?:moi|nous|ma|mon|notre|mes|nos)\b|"
    r"which|lequel|laquelle|quel\w*|best|any\W+(?:scheme|programme|program)|like\W+(?:mine|ours)|right\W+(?:one|scheme|programme|program)|"
    r"what\W+(?:scheme|programme|program|support|help|aid|options?|do\W+you\W+have)|"
    r"recommend\w*|recommand\w*|conseil\w*|orient\w*|suggest\w*|adapt\w*|fit\w*|suit\w*|"
    r"go\W+for|(?:can|could|should|do)\W+(?:i|we)\b|(?:je|j|on|nous)\W+(?:peux|puis|pourrais|"
    r"pourrait|peut|devrais|dois|cherche|cherchons|veux|voudrais)|(?:puis|peux)\W+je|cherch\w*|"
    r"looking|need\w*|besoin|help|aide\w*|eligible|droit|match\w*|quoi\W+(?:pour|faire)|"
    r"vous\W+avez\W+quoi|commenc\w*|start(?:ing)?\b|financer\W+(?:mon|ma|notre)|options?|"
    r"propos\w*|offr\w*|advisor|conseiller|guide\w*|point\W+me)\b")


# An explicit wish to apply: without one, "le pass je veux dire" completes the question before.
_APPLY_WISH = re.compile(
    r"\b(?:candidat\w*|postul\w*|apply\w*|applic\w*|inscri\w*|sign\w*\W+(?:\w+\W+){0,2}up|"
    r"regist\w*|enrol\w*|dossier|depos\w*|soumet\w*|submit\w*|rejoindre|join\w*|adher\w*|"
    r"go\W+for\W+it|en\W+route|allons\W+y|on\W+y\W+va|let\W*s\W+(?:go|do)|me\W+lance|"
    r"je\W+(?:le\W+|la\W+)?(?:veux|voudrais|prends|demande)(?!\W+dire)|i\W+(?:want|would\W+like|ll\W+take|"
    r"ll\W+go)|i\W*d\W+like|m\W+interesse|interested)\b")
_NOT_APPLYING = re.compile(
    r"\b(?:pas|plus|not|don\W?t|never|jamais|no)\W+(?:\w+\W+){0,2}?(?:candidat\w*|postul\w*|"
    r"apply\w*|inscri\w*|sign\w*\W+up)")


# "c'est bon j'ai trouvé", "plus besoin", "never mind": nothing more needed (a request for a
# person withdrawn, a form left); read by rule, so the classifier's figures stay its own.
_NO_MORE_NEEDED = re.compile(
    r"\b(?:(?:c\W?est\W+bon|ok|laisse\W+tomber)\W+j\W?ai\W+trouv\w*|j\W?ai\W+trouv\w*\W+"
    r"(?:tout\W+seul|ce\W+que\W+je\W+cherchais|finalement)|(?:finalement\W+)?plus\W+besoin(?!\W+(?:d|de|du|des)\b)|"
    r"n\W?ai\W+plus\W+besoin|no\W+need\W+(?:anymore|any\W+more)|not\W+needed\W+any\W*more|"
    r"never\W*mind|figured\W+it\W+out|found\W+it\W+myself)\b")


def no_more_needed(text: str) -> bool:
    return bool(_NO_MORE_NEEDED.search(fold(as_asked(text))))


def wishes_to_apply(text: str) -> bool:
    return bool(_APPLY_WISH.search(fold(as_asked(text))))


def refuses_to_apply(text: str) -> bool:
    """"non non je veux pas candidater", "I don't want to apply"."""
    return bool(_NOT_APPLYING.search(fold(as_asked(text))))


def is_question(text: str) -> bool:
    """A question mark, or a question's word anywhere ("n wen was she here", "ok jle demande
    ou"): chat spellings read first."""
    folded = fold(as_asked(text))
    return "?" in text or bool(_WH.search(folded) or _WH_ANYWHERE.search(folded)
                               or _ENDS_WHERE.search(folded))


def asks_recommendation(text: str) -> bool:
    return bool(_RECOMMENDATION.search(fold(as_asked(text))))


# "lequel rapporte le plus ?", "which one gives the most money?": amounts compared.
_MONEY = re.compile(r"\b(?:argent|sous|fric|thune|money|cash|funding|financ\w*|montant\w*|"
                    r"amount\w*|euros?|rapport\w*|"
                    r"grant|bourse)\b")
_MOST = re.compile(r"\b(?:le|la|the)\W+(?:plus|most|biggest|largest)\b|"
                   r"\bmore\W+(?:money|cash|funding)|\bplus\W+(?:d\W?argent|de\W+sous)|"
                   r"\bdavantage\b|\b(?:bigger|larger)\W+(?:grant|amount|sum)")


_SCHEME_BOURSE = re.compile(r"\b(?:la|une|the|a)\W+bourse\b(?=\W+(?:ou|or|et|and|french|ft|,|\?))",
                            re.IGNORECASE)


def asks_most_money(text: str) -> bool:
    folded = fold(as_asked(_SCHEME_BOURSE.sub(" ", text)))  # "la bourse ou le pass": names
    return bool(_MONEY.search(folded) and _MOST.search(folded))


def is_alternative(text: str) -> bool:
    """"Bourse ou Pass ?": one of two, to be told apart."""
    return bool(_ALTERNATIVE.search(fold(as_asked(text))))


def asks_comparison(text: str) -> bool:
    return bool(COMPARISON.search(fold(text)))


def asks_combination(text: str, schemes_named: int = 0) -> bool:
    """"je peux avoir les deux ?", "can I get the pass and the bourse?" (two schemes named
    with a verb of getting), "et aussi le pass ?" after another."""
    folded = fold(text)
    return bool(COMBINATION.search(folded)) or (schemes_named >= 2 and bool(
        ALSO.search(folded) or GETTING.search(folded)))


def means_both(text: str) -> bool:
    folded = fold(text)
    return bool(BOTH.search(folded) or WHICH_OF_TWO.search(folded))


def the_other(text: str) -> bool:
    return bool(OTHER.search(fold(text)))


def which_scheme(text: str) -> bool:
    return bool(WHICH_SCHEME.search(fold(text)))


def which_does(text: str) -> bool:
    """"et lequel donne une place en incubateur ?", "which one is open now?": which scheme
    does something, a question of fact; not a wish for advice ("lequel est fait pour moi ?")
    nor "the incubator, which one?", whose "which" asks of the thing named before it."""
    folded = fold(as_asked(text))
    found = WHICH_SCHEME.search(folded)
    return bool(found and re.search(r"[a-z]{3,}", folded[found.end():])
                and not asks_recommendation(WHICH_SCHEME.sub(" ", folded)))


def which_of_two(text: str) -> bool:
    return bool(WHICH_OF_TWO.search(fold(text)))


def about_network(text: str) -> bool:
    """"rejoindre le réseau", "join the Normandy French Tech": the network, not a scheme."""
    return bool(NETWORK.search(fold(text)))


_SPLIT = re.compile(
    r"(?<=\?)\s+|\?{2,}\s*|,\s*(?:et|and)\s+(?=(?:est[- ]ce|qui|quand|o[uù]|comment|combien|"
    r"quel\w*|when|what|where|who|how|is|are|does|do|can|c'est)\b)"
    # "la bourse c'est pour qui, ca dure combien de temps et c'est qui qui gere ?"
    r"|,\s*(?=(?:[cç]a\W+(?:dure|coute|co[uû]te|se\W+passe)|c'est\W+(?:qui|quoi|combien|quand|"
    r"o[uù])|combien|quand|comment|how\W+(?:long|much)|who|when|where)\b)"
    r"|\s+et\s+(?=c'est\W+(?:qui|quoi|combien|quand|o[uù])\b)", re.IGNORECASE)


def questions_in(text: str) -> list[str]:
    """A message split into its questions: "c'est quoi le ticket ? et ça dure combien de
    temps ?" is two. A single question comes back whole."""
    parts = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    return parts if len(parts) > 1 else [text]
