"""What a message asks for beyond a stored fact, read by rule before retrieval: advice for
the person ("ya quoi pr moi ?"), one of the schemes just discussed ("which one can I go
for?"), who can answer ("ok who can tell me?"), the network's events ("events au Havre ?"),
a deadline or an aspect no intent has ("how long does it take?", "c'est payant ?").

Read by the knowledge router (bot/assistant/knowledge_router.py); rules, not a model, so the
classifier's figures stay its own.
"""

from __future__ import annotations

import re
from typing import Any

from bot.knowledge.form import as_asked, asks_most_money, fold, is_yes_no

# "ya quoi pr moi ?", "what do you have for us?": what there is for the person (the advisor).
_ADVICE = re.compile(r"\b(?:quoi|what)\b.*\b(?:pour|for)\W+(?:moi|nous|me|us)\b")
# One of those discussed ("which one", "lequel"), not any scheme ("quel dispositif pour moi ?":
# the advisor).
_OF_THEM = re.compile(r"\b(?:which\W+one|which\W+of|lequel|laquelle|les\W+deux|both|"
                      r"the\W+two|l\W?un\W+ou\W+l\W?autre|either)\b")
# "which one was first?" asks a fact; "which one can I go for?" a choice for the person.
_PERSONAL = re.compile(r"\b(?:for\W+(?:me|us)|pour\W+(?:moi|nous)|(?:can|could|should)\W+"
                       r"(?:i|we)|go\W+for|mieux|best|better|choisir|choose|pick|"
                       r"(?:je|j|on)\W+(?:peux|dois|prends|prend|peut|choisis)|conseill\w*|"
                       r"recommand\w*|recommend\w*)\b")
_EVENTS = re.compile(r"\b(?:events?|evenements?|meetups?|afterworks?|ateliers?|workshops?|"
                     r"conferences?|webinaires?|webinars?)\b")
_BUDGET = re.compile(r"\b(?:budget|enveloppe|dotation|dote|endowment)\b")
_DEADLINE = re.compile(r"\b(?:delai|date\W+limite|deadline|jusqu\W+a\W+quand|until\W+when)\b")
_WHO_KNOWS = re.compile(r"\b(?:who|qui)\W+(?:can|could|peut|pourrait|pourra)\W+(?:me\W+)?"
                        r"(?:le\W+|l\W)?(?:tell|say|answer|confirm|help|dire|confirmer|"
                        r"renseigner|repondre|aider)\b|"
                        r"\bwho\W+(?:should|do)\W+i\W+(?:ask|contact|write)\b")
_PLACE = re.compile(r"\b(?:caen|rouen|havre|cherbourg|evreux|new\W+york|las\W+vegas|paris|"
                    r"seine\W+innopolis|mri)\b")


def _plain(text: str) -> str:
    return fold(as_asked(text))


def asks_advice(text: str) -> bool:
    return bool(_ADVICE.search(_plain(text)))


def which_of_them(text: str) -> bool:
    """"which one can I go for?", "lequel est le mieux pour moi ?": one of the schemes just
    discussed, if two were (the answer reads the conversation; else the advisor)."""
    folded = fold(text)
    return bool(_OF_THEM.search(folded) and _PERSONAL.search(folded))


def asks_who_knows(text: str) -> bool:
    return bool(_WHO_KNOWS.search(_plain(text)))


def names_events(text: str) -> bool:
    return bool(_EVENTS.search(fold(text)))


def names_place(text: str) -> bool:
    return bool(_PLACE.search(_plain(text)))


def cued(text: str) -> dict[str, Any] | None:
    """A scheme's question whose words name an aspect the intents do not have (how long it
    lasts, what it costs): that aspect, whatever the classifier's nearest intent; a deadline
    ("c'est quoi le délai pour la bourse ?"): the deadlines' intent."""
    if _DEADLINE.search(fold(text)):
        return {"form": "cued", "aspect": None, "score": 1.0, "to": "ask_deadline"}
    if _BUDGET.search(fold(text)):  # "quel est le budget de l'accélérateur ?": its funding
        return {"form": "cued", "aspect": None, "score": 1.0, "to": "ask_funding"}
    aspect = aspect_cued(text)
    return None if aspect is None else {
        "form": "yes_no" if is_yes_no(text) else "open", "aspect": aspect, "score": 1.0}


# "lequel est le plus rapide ?", "which one is easier?": a ranking on a quality the source
# does not compare (not money, asked by `asks_most_money`; not a recommendation, "le mieux
# pour moi").
_RANKS = re.compile(r"\b(?:lequel|laquelle|which(?:\W+one)?)\b.*\b(?:(?:le|la|the)\W+(?:plus|moins|"
                    r"most|least)|faster|quicker|easier|simpler|harder|longer|shorter|cheaper|"
                    r"\w+iest|plus\W+(?:rapide|simple|facile|long|court|dur|difficile|"
                    r"selectif|connu))\b")
_BEST_FOR = re.compile(r"\b(?:mieux|meilleur\w*|best|better|pour\W+(?:moi|nous)|for\W+(?:me|us)|"
                       r"adapte\w*|suited|suitable|appropri\w*|convien\w*)\b")


def asks_ranking(text: str) -> bool:
    folded = _plain(text)
    return bool(_RANKS.search(folded)) and not _BEST_FOR.search(folded) \
        and not asks_most_money(text)


# "ça marche pour nous ?", "does it fit us?", "c'est pour moi ?": whether one may apply.
_FIT = re.compile(r"\b(?:marche|colle|convient|correspond|works?|fits?|suits?|eligible\w*|"
                  r"qualif\w*)\b.*\b(?:nous|moi|us|me|we|i)\b|\b(?:pour|for)\W+(?:nous|moi|us|me)\b")


def asks_fit(text: str) -> bool:
    return bool(_FIT.search(_plain(text)))


# "et y a un accélérateur aussi ?", "is there an accelerator too?": whether it exists.
_EXISTS = re.compile(r"\b(?:y\W*a(?:\W*t\W*il)?|il\W+y\W+a|existe\w*|is\W+there|are\W+there|"
                     r"there\W+is|there\W*s|got)\b")


def asks_existence(text: str) -> bool:
    return bool(_EXISTS.search(_plain(text)))


# Words that name an aspect no intent covers (how long it lasts, what it costs).
_CUES = {"operator": re.compile(r"\bqui\W+(?:qui\W+)?(?:le\W+|la\W+|les\W+|l\W)?(?:donne|gere|"
                                r"opere|finance|verse|attribue|pilote|distribue)\w*|\b(?:gere|opere|"
                                r"finance)e?s?\W+par\b|\bwho\W+(?:gives|runs|operates|funds|"
                                r"manages|pays|awards|hands\W+out)\b|\b(?:run|operated|managed|"
                                r"funded)\W+by\b"),
         "selection": re.compile(r"\bselection\w*|\bselectionn\w*|\bselected\b|\bjury\b|"
                                 r"\blaureat\w*"),
         "duration": re.compile(r"\bhow\W+long\b|\bcombien\W+de\W+temps\b|\bca\W+dure\b|"
                                r"\bduree\b|\bduration\b"),
         "cost": re.compile(r"\bgratuit\w*|\bpayant\w*|\bco[uû]te?\b|\bco[uû]tent\b|\bcosts?\b|"
                            r"\bfees?\b|\bfrais\b|\bfor\W+free\b|\bis\W+it\W+free\b|"
                            r"\b(?:faut|have\W+to|need\W+to)\W+pay(?:er)?\b")}


def without_cues(text: str) -> str:
    """The question without its words of an aspect ("how much does it cost?": "how much does
    it"): what it says of a subject."""
    folded = _plain(text)
    for cue in (*_CUES.values(), _STARTS_OR_ENDS):
        folded = cue.sub(" ", folded)
    return folded


# When a thing starts or ends ("when does it start?"): asked of any subject, naming none.
_STARTS_OR_ENDS = re.compile(r"\b(?:start|starts|started|starting|begin\w*|began|opens?|"
                             r"opening|commenc\w*|debut\w*|ouvr\w*|ouvert\w*|finish\w*|ends?|"
                             r"termin\w*|fini\w*)\b")


def aspect_cued(text: str) -> str | None:
    """The one aspect the question's words name outright, if one does."""
    folded = _plain(text)
    cued = [aspect for aspect, cue in _CUES.items() if cue.search(folded)]
    return cued[0] if len(cued) == 1 else None


# "… 12 employees, profitable. Any program?", "Que nous conseillez-vous ?": schemes asked for.
_FOR_SCHEMES = re.compile(r"\b(?:any\W+(?:scheme|program\w*)|quel\w*\W+(?:dispositif|programme|"
                          r"aide)s?|which\W+(?:scheme|program\w*)|what\W+fits|conseill\w*|"
                          r"recommand\w*|recommend\w*|orient\w*|vous\W+avez\W+quoi|"
                          r"what\W+(?:do\W+you\W+have|can\W+(?:you|the\W+network)\W+do))\b")


def asks_for_schemes(text: str) -> bool:
    return bool(_FOR_SCHEMES.search(_plain(text)))


# "I'd like to launch a startup in France", "je voudrais créer ma boîte": a founder's wish.
_WISH_TO_FOUND = re.compile(r"\b(?:want|like|love|planning|plan|veux|voudrais|aimerais|souhaite|"
                            r"compte)\W+(?:to\W+)?(?:launch|start|create|found|set\W+up|cr[ée]er|"
                            r"lancer|monter|fonder)\W+(?:a|my|our|une?|ma|mon|notre)\W+(?:startup|"
                            r"company|business|boite|boîte|entreprise|soci[ée]t[ée])")


def wishes_to_found(text: str) -> bool:
    return bool(_WISH_TO_FOUND.search(text.lower()))
