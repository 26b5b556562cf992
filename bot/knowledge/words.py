"""The words of a question: which carry its substance, which name a body or a place, and the
question with scheme names masked.

A light, dictionary-free reading for French and English: stop words (the question's shape,
common verb forms, chat fillers) left out, words cut to five letters. Used by the retrieval
index (`retrieval`) on the stored questions and on messages alike.
"""

from __future__ import annotations

import re

from bot.assistant.programme_extractor import find, fold
from bot.knowledge.form import as_asked

PLACEHOLDER = " xschemex "
_WORD = re.compile(r"[a-z0-9]+")

# Words naming a body or a place: a yes/no question naming one its fact does not is not
# settled by that fact's yes or no. The stored answers' capitalised words are added.
INSTITUTIONS = ("region", "région", "etat", "state", "government", "gouvernement", "ministere",
                "ministry", "departement", "department", "mairie", "europe", "bank", "banque",
                "bpifrance", "bpi", "caen", "rouen", "havre", "cherbourg", "evreux", "alencon",
                "dieppe", "lisieux", "paris", "lyon", "bordeaux", "nantes", "rennes", "lille")
NOT_NAMES = frozenset({"norma", "frenc", "tech", "janvi", "fevri", "mars", "avril", "mai",
                       "juin", "juill", "aout", "septe", "octob", "novem", "decem", "janua",
                       "febru", "march", "april", "may", "june", "july", "augus", "thurs",
                       "jeudi"})  # capitalised, yet naming no body or place
CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÉÈ][\w'-]+")

# The places a follow-up may name instead of the previous question's ("and Caen?").
PLACES = re.compile(r"\b(?:caen|rouen|le\W+havre|havre|cherbourg|evreux|alencon|dieppe|"
                    r"lisieux|saint\W+lo|petit\W+quevilly|normandie|normandy)\b")

STOPWORDS = frozenset("""
a au aux avec c ca ce ces cet cette d de des du elle en est et etre il ils j je l la le
les leur lui m ma mais me mes moi mon n ne nous on ou par pas pour qu que qui quoi s sa se
ses si son sur t ta te tes toi ton tu un une vos votre vous y est-ce ya fait faire peut
peux combien comment quand quel quelle quels quelles pourquoi ok svp stp merci bonjour
lequel laquelle lesquels lesquelles he she him her his hers tout toute tous toutes all dans
salut dit the a an and are be can could did do does for from how i if in is it its me my
of on or our please so that the their them there this to us was we what when where which
who why will with would you your about tell know there's whats hi hello thanks xschemex
oui non yes no alors donc bon bah ben hein connais connait connaissez connaitre
boite boites filer file given between entre
bien vraiment really actually exactement exactly dedans inside avec with aussi also encore
come comes coming give gives go goes
yo lol mdr btw again encore autre other svp ai as avons avez ont suis es sommes etes elles
right thats got get getting here there ici one ones those these kind sort genre thing things
truc trucs chose choses bit lot
loin pres proche bientot souvent toujours jamais vite far near close soon often always never
nearby around mal beaucoup peu trop tres much many very too little
aura auront aurait auraient sera seront serait seraient sont etait etaient ete va vont ira
iront irait pourra pourront pourrait pourraient puis peuvent doit doivent devra devront devrait
fera feront ferait veut veulent voudrait faut faudra faudrait will would shall should must
might may
comprend comprennent comprendre inclut incluent inclus include includes including contient
contain contains offre offrent offer offers propose proposes avoir has have get gets
""".split())  # noqa: SIM905 (a word list reads better as text)


# "le CES", "c quand le ces ?": the show, not the French "ces" (these), a stop word.
_SHOW = re.compile(r"\bCES\b|(?i:\b(?:le|au|du|the|at|to|of)\s+ces\b)")


def masked(text: str, forms: dict[str, str]) -> str:
    """`text` as asked (`form.as_asked`), every scheme name replaced by the placeholder, the
    CES named in full."""
    text = _SHOW.sub(" consumer electronics show ", as_asked(text))
    for match in reversed(find(text, forms)):
        text = text[:match.start] + PLACEHOLDER + text[match.end:]
    return text


def stems(text: str) -> set[str]:
    """Words of substance (not a question's shape: "comprend", "include"), cut to five
    letters (a light stemmer for French and English)."""
    return {"startu" if word.startswith("startup") else word[:5]  # not "start" (commencer)
            for word in _WORD.findall(fold(text)) if word not in STOPWORDS and len(word) > 1}


def family(label: str) -> str:
    """"axis_le_havre" → "axis": facts named alike are about one thing."""
    return label.split("_")[0]


def places_in(text: str) -> set[str]:
    """The Normandy places a text names (Normandy itself aside), as `stems` cuts them."""
    return stems(" ".join(PLACES.findall(fold(text)))) - {"norma"}


def swapped_place(before: str, text: str) -> str:
    """The previous question about the place the follow-up names: "is Le Havre a good place
    for a logistics startup?" + "and Caen?" → "is Caen a good place for…"."""
    folded_text, folded_before = fold(text), fold(before)
    new, old = PLACES.search(folded_text), PLACES.search(folded_before)
    if new is None or old is None or new.group() == old.group():
        return before
    return before[:old.start()] + text[new.start():new.end()] + before[old.end():]


# "c'est elle qui…", "is it the one…": a pronoun standing for what the previous question named
# (not the impersonal "il y a", "il faut").
_PRONOUN = re.compile(r"\b(?:elle|lui|il(?!\W+(?:y|faut|fallait|faudra)\b)|she|he|it|"
                      r"cette\W+ville|this\W+city|that\W+city)\b")


def with_referent(before: str | None, text: str) -> str:
    """The follow-up with the town its pronoun stands for: "C'est elle qui porte l'axe
    portuaire ?" after "Caen fait partie du réseau ?" asks it of Caen (a "no": Le Havre
    carries it). Unchanged when it names a place itself, or the previous question named none
    or several."""
    folded = fold(text)
    if not before or PLACES.search(folded) or not _PRONOUN.search(folded):
        return text
    places = set(PLACES.findall(fold(before))) - {"normandie", "normandy"}
    if len(places) != 1:
        return text
    place = places.pop()  # the previous question's subject, not a complement: "la ministre
    lead = fold(before)[:fold(before).find(place)]  # est passée par Caen ?" + "elle…" is her
    return f"{text} ({place})" if len(lead.split()) <= 2 else text
