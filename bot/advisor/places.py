"""Where a founder's company is (or will be): Normandy, elsewhere in France, or abroad.

Read from a postcode (its department), a department or region, or a town among the region's
towns and France's large cities; a town we do not know is not guessed (the advisor then asks,
with buttons). Country names come from babel's CLDR data, in French and English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale

from bot.candidacy.validation import NORMANDY_DEPARTMENTS, plain
from bot.config import LANGUAGES

NORMANDIE, FRANCE, ABROAD = "normandie", "france", "abroad"

NORMANDY_AREAS = (
    "normandie", "normandy", "basse normandie", "haute normandie", "calvados", "manche", "orne",
    "eure", "seine maritime", "pays de caux", "cotentin", "pays d auge", "perche",
)
NORMANDY_TOWNS = (
    "Rouen", "Caen", "Le Havre", "Cherbourg-en-Cotentin", "Cherbourg", "Évreux", "Alençon",
    "Lisieux", "Dieppe", "Saint-Lô", "Bayeux", "Vernon", "Fécamp", "Granville", "Argentan",
    "Flers", "Louviers", "Elbeuf", "Honfleur", "Deauville", "Trouville-sur-Mer", "Coutances",
    "Avranches", "Falaise", "Vire", "Bernay", "Yvetot", "Sotteville-lès-Rouen",
    "Saint-Étienne-du-Rouvray", "Le Grand-Quevilly", "Le Petit-Quevilly", "Mont-Saint-Aignan",
    "Bois-Guillaume", "Hérouville-Saint-Clair", "Bolbec", "Lillebonne", "Montivilliers",
    "Harfleur", "Val-de-Reuil", "Les Andelys", "Gisors", "Pont-Audemer", "Valognes",
    "Carentan", "L'Aigle", "Mortagne-au-Perche", "Mondeville", "Colombelles", "Ouistreham",
    "Barentin", "Le Tréport", "Étretat", "Saint-Valery-en-Caux", "Forges-les-Eaux",
    "Gournay-en-Bray", "Pont-l'Évêque", "Cabourg", "Dives-sur-Mer", "Conches-en-Ouche",
    "Verneuil-sur-Avre", "Caen-la-Mer", "Seine Innopolis",
)
FRANCE_TOWNS = (
    "Paris", "Lyon", "Marseille", "Toulouse", "Nice", "Nantes", "Strasbourg", "Montpellier",
    "Bordeaux", "Lille", "Rennes", "Reims", "Toulon", "Grenoble", "Dijon", "Angers", "Nîmes",
    "Brest", "Tours", "Amiens", "Limoges", "Clermont-Ferrand", "Metz", "Besançon", "Orléans",
    "Mulhouse", "Perpignan", "Nancy", "Poitiers", "Le Mans", "La Rochelle", "Saint-Malo",
    "Laval", "Chartres", "Beauvais", "Versailles", "Saint-Étienne", "Aix-en-Provence",
    "Annecy", "Avignon", "Pau", "Bayonne", "Biarritz", "La Défense", "Sophia Antipolis",
)
FRANCE_AREAS = (
    "Île-de-France", "Bretagne", "Brittany", "Occitanie", "Provence", "Auvergne",
    "Rhône-Alpes", "Nouvelle-Aquitaine", "Hauts-de-France", "Grand Est", "Pays de la Loire",
    "Centre-Val de Loire", "Bourgogne", "Franche-Comté", "Corse", "Alsace", "Lorraine",
    "Martinique", "Guadeloupe", "Guyane", "Mayotte",
)
# Towns that are also words ("nice", "tours", "vire"): read only after "à", "in", "near"...
AMBIGUOUS = {"Nice", "Tours", "Vire", "Falaise", "Flers", "Pau", "Laval", "Nancy", "Vernon",
             "Bernay", "Barentin"}
PLACE_WORDS = ("a", "in", "at", "near", "de", "from", "en", "au", "sur", "pres de", "dans l",
               "dans la", "dans le", "the", "la", "le", "l", "based in", "vers", "to")
ALIASES = {"havre": "Le Havre", "st lo": "Saint-Lô", "st malo": "Saint-Malo",
           "grand quevilly": "Le Grand-Quevilly", "petit quevilly": "Le Petit-Quevilly",
           "trouville": "Trouville-sur-Mer", "st etienne du rouvray": "Saint-Étienne-du-Rouvray",
           # "une jeune pousse caennaise": the town its people are named after
           "caennais": "Caen", "caennaise": "Caen", "rouennais": "Rouen", "rouennaise": "Rouen",
           "havrais": "Le Havre", "havraise": "Le Havre", "ebroicien": "Évreux",
           "ebroicienne": "Évreux", "cherbourgeois": "Cherbourg", "cherbourgeoise": "Cherbourg",
           "alenconnais": "Alençon", "alenconnaise": "Alençon", "parisien": "Paris",
           "parisienne": "Paris", "lyonnais": "Lyon", "lyonnaise": "Lyon"}
# CLDR names that are also common words or first names here: never read as a country.
NOT_COUNTRIES = {"france", "reunion", "maurice", "jersey", "guernesey", "guernsey", "chad",
                 "jordan", "turkey", "georgia", "niger", "man", "sao", "inde"}
DEMONYMS = (  # read only in "je suis X", "I'm X", "X founder": many are languages too
    "etranger", "etrangere", "foreign", "foreigner", "expatrie", "expatriee", "americain",
    "americaine", "american", "bresilien", "bresilienne", "brazilian",
    "indien", "indienne", "indian", "chinois", "chinoise", "chinese", "japonais", "japanese",
    "allemand", "allemande", "german", "espagnol", "espagnole", "spanish", "italien",
    "italienne", "italian", "anglais", "anglaise", "british", "english", "canadien",
    "canadienne", "canadian", "marocain", "marocaine", "moroccan", "algerien", "algerienne",
    "algerian", "tunisien", "tunisienne", "tunisian", "senegalais", "senegalaise",
    "senegalese", "ivoirien", "ivoirienne", "libanais", "libanaise", "lebanese", "russe",
    "russian", "ukrainien", "ukrainienne", "ukrainian", "mexicain", "mexicaine", "mexican",
    "colombien", "colombienne", "colombian", "nigerian", "nigeriane", "coreen", "coreenne",
    "korean", "vietnamien", "vietnamienne", "vietnamese", "portugais", "portugaise",
    "portuguese", "belge", "belgian", "suisse", "swiss", "polonais", "polonaise", "polish",
)


@dataclass(frozen=True)
class Place:
    region: str  # normandie | france | abroad
    town: str | None = None  # as a person would write it, for the candidacy form
    postcode: str | None = None


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces (hyphens and apostrophes too)."""
    return " " + " ".join(re.sub(r"[^\w]+", " ", plain(text)).split()) + " "


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Folded country name (French and English) -> its English name."""
    names: dict[str, str] = {}
    english = Locale("en").territories
    for language in LANGUAGES:
        for code, name in Locale(language).territories.items():
            folded = fold(name).strip()
            if len(code) == 2 and code != "FR" and folded not in NOT_COUNTRIES:
                names[folded] = english[code]
    return names


@lru_cache(maxsize=4096)
def _folded_name(name: str) -> str:
    """A place's name folded, once: the same few hundred names are looked for in every text."""
    return fold(name)


def _named(text: str, names: tuple[str, ...]) -> str | None:
    """The longest of `names` (or of their aliases) in the folded text, as whole words."""
    found = [name for name in names if _folded_name(name) in text and (
        name not in AMBIGUOUS or any(f" {word}{_folded_name(name)}" in text
                                     for word in PLACE_WORDS))]
    found += [name for alias, name in ALIASES.items() if name in names and f" {alias} " in text]
    return max(found, key=lambda name: len(_folded_name(name))) if found else None


POSTCODE = re.compile(r"(?<![\d,.])(\d{2}) ?(\d{3})(?![\d,.]| ?(?:€|k|eur|euros?|\$|m€))",
                      re.IGNORECASE)
DEPARTMENT = re.compile(r"\b(?:dans le|departement|dept\.?|the)\s+(\d{2})\b", re.IGNORECASE)


def find_place(text: str) -> Place | None:
    """The place the text names for the company, or None when it names none we know."""
    folded = fold(text)
    postcode = next((a + b for a, b in POSTCODE.findall(text) if a not in ("00", "20")), None)
    town = _named(folded, NORMANDY_TOWNS)
    in_department = postcode is not None and postcode[:2] in NORMANDY_DEPARTMENTS
    if town or _named(folded, NORMANDY_AREAS) or in_department:
        return Place(NORMANDIE, town, postcode)
    department = DEPARTMENT.search(text)
    if department and department.group(1) in NORMANDY_DEPARTMENTS:
        return Place(NORMANDIE)
    town = _named(folded, FRANCE_TOWNS)
    if town or _named(folded, FRANCE_AREAS) or postcode:
        return Place(FRANCE, town, postcode)
    for located in re.finditer(r" (?=(?:en|au|aux|in|a|at) ((?:\w+ ){1,3}))", folded):
        if any(f" {name} " in f" {located.group(1)}" for name in countries()):
            return Place(ABROAD)
    based = BASED_IN.search(folded)  # "we're based in London", "on est basés à Dakar"
    if based and any(f" {city} " in f" {based.group(1)}" for city in FOREIGN_CITIES):
        return Place(ABROAD)
    return None


# Where the company or the founder is now, said with a verb of being there (not "an office in
# New York" wished for).
BASED_IN = re.compile(r" (?:basee?s?|based|located|situee?s?|installee?s?|implantee?s?|on est|"
                      r"nous sommes|we re|we are|i m|je suis|je vis|j habite|i live|living|"
                      r"je vis|on vit|nous vivons) (?:(?:actuellement|currently|now|today) )?"
                      r"(?:a|in|en|au) ((?:\w+ ){1,3})")


_DEMONYMS = "|".join(DEMONYMS)
NATIONALITY = re.compile(
    rf" (je suis|suis|i m|i am|we are|nous sommes|est|is|he s|she s|il est|elle est|they re|"
    rf"sont) (un |une |an |a )?(?:(?:etudiante?|entrepreneur|entrepreneuse|ingenieure?|"
    rf"developpeur|developpeuse|fondateur|fondatrice|chercheuse|chercheur|student|engineer|"
    rf"developer|founder|researcher) )?({_DEMONYMS}) |"
    rf" ({_DEMONYMS}) (founder|entrepreneur|fondateur|fondatrice|startuper) ")
# Where the founder comes from, said of themselves ("je viens du Brésil", "I'm from India");
# "des clients du Canada" or "exporter de Chine" says nothing about the founder.
ORIGIN = re.compile(r" (?=(?:(?:viens|venu|venue|venant|originaire|arrive|arrivee|arrivant) "
                    r"(?:de|du|des|d)|(?:i m|i am|we are|we re|coming|moving|relocating|"
                    r"originally|founder|entrepreneur|engineer|developer|designer|student|"
                    r"researcher) from) ((?:\w+ ){1,3}))")
# Cities abroad people say they come from instead of their country ("from Bangalore").
FOREIGN_CITIES = ("bangalore", "bengaluru", "mumbai", "delhi", "sao paulo", "rio", "casablanca",
                  "rabat", "marrakech", "tunis", "alger", "algiers", "dakar", "abidjan", "lagos",
                  "nairobi", "le caire", "cairo", "beyrouth", "beirut", "istanbul", "montreal",
                  "quebec", "new york", "san francisco", "boston", "londres", "london", "berlin",
                  "madrid", "barcelone", "barcelona", "lisbonne", "lisbon", "milan", "rome",
                  "tokyo", "seoul", "shanghai", "pekin", "beijing", "singapour", "singapore",
                  "sydney", "toronto", "mexico", "buenos aires", "bogota", "kyiv", "kiev",
                  "moscou", "moscow", "tel aviv", "dubai")


def foreign_founder(text: str) -> bool | None:
    """Whether the founder says they come from abroad (True), are French (False), or neither."""
    folded = fold(text)
    if re.search(r" (je suis|jsuis|chui|i m|im|i am|founder|fondateur|fondatrice|il est|"
                 r"elle est|he s|she s|he is|she is) (?:(?:actually|really|en fait|bien|"
                 r"vraiment) )?(?:(?:un|une|a) )?(?:(?:etudiante?|entrepreneur|fondateur|"
                 r"fondatrice|student|founder) )?(francais|francaise|french) ", folded):
        return False
    if re.search(r" (entrepreneur|founder|fondateur|fondatrice|startuper) (etranger|etrangere|"
                 r"foreign) | foreign (founder|entrepreneur|startup founder) ", folded):
        return True
    if re.search(r" (from|de|venu|venue|viens|vient) (l )?(abroad|etranger) | visa |"
                 r" titre de sejour | residence permit | expat| (relocat|moving to france|"
                 r"move to france|come to france|venir en france|m installer en france|"
                 r"s installer en france|arriver en france|coming to france)", folded):
        return True
    if NATIONALITY.search(folded):
        return True
    for origin in re.finditer(ORIGIN, folded):
        if any(f" {name} " in f" {origin.group(1)}" for name in (*countries(),
                                                                  *FOREIGN_CITIES)):
            return True
    return None


_COMPANY = r"(?:startup|start up|company|business|firm|scale up|scaleup|boite|entreprise|societe)"
# A company of another country: "a German startup", "une boîte marocaine", "a foreign company",
# or one registered abroad ("already incorporated in Berlin", "immatriculée au Maroc").
FOREIGN_COMPANY = re.compile(rf" (?:{_DEMONYMS}) {_COMPANY} | {_COMPANY} (?:{_DEMONYMS}) ")
REGISTERED = re.compile(r" (?:incorporated|registered|immatriculee?s?|enregistree?s?|domiciliee?s?)"
                        r" (?:\w+ )?(?:in|en|au|aux|a) ((?:\w+ ){1,3})")


def foreign_company(text: str) -> bool:
    """Whether the company itself is said to be of another country (a founder may be foreign
    with a French company; a French founder may run a company abroad)."""
    folded = fold(text)
    if FOREIGN_COMPANY.search(folded):
        return True
    return any(any(f" {name} " in f" {where.group(1)}" for name in (*countries(), *FOREIGN_CITIES))
               for where in REGISTERED.finditer(folded))
