"""The one place that decides what a message at a step of the candidacy form is, when it is
not the answer: whatever the step (the consent included), it is answered or done, then the
form asks the same step again; it is never stored as the answer.

- What the NLU surely reads as a question about the schemes, a request for a person,
  "later", "cancel", a change of an answer or "which scheme is for me?"
  (`actions.candidacy_answers.is_interruption`): left to the interruption rules
  (nlu/rules_candidacy.yml), which answer it or do it.
- A question about the form itself (what is done with the data, how long it takes, whether it
  costs anything) and "what is a SIREN?" (what a field means): answered here from domain.yml.
- A hesitation ("on hésite entre Caen et Rennes", "je sais pas encore", "jsp"): what is
  needed, and a skip where the field allows it.
- Any other question: the knowledge base's answer (`actions.knowledge`), else the team's
  address.
- A correction of an earlier answer with its new value ("en fait mon e-mail c'est …"):
  found here (`correction`), checked and kept by the form's own validator.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.candidacy_answers import (
    FREE_TEXT,
    NAME_SLOTS,
    SURE,
    TALK_WORDS,
    entity_value,
    is_interruption,
    is_yes_no,
    looks_like_question,
    named_field,
    other_field,
    switched_scheme,
)
from actions.candidacy_common import (
    ANSWER_SLOTS,
    DECLINED,
    FORM,
    OPTIONAL,
    SCHEME_SLOTS,
    button,
    candidacy_name,
    load_programme,
    scheme_questions,
)
from actions.candidacy_dates import fold
from actions.common import contact_email, language_of
from actions.knowledge import answer_from_knowledge
from actions.texts import t
from bot.knowledge import form

SOCIAL = ("thank", "greet")
# What a field is: "c'est quoi un SIREN ?", "jsp c quoi un siren", "what's a SIREN?"
WHAT_IS = re.compile(
    r"c ?est quoi|\bc (?:quoi|koi)\b|qu ?est[- ]ce (?:que|qu)|veut dire|signifie|kesako|"
    r"\bwhat(?: s| is| are| does)\b|\bmeaning\b|\bmeans\b|where (?:do|can) i find|"
    r"(?:ou|comment) (?:est[- ]ce que je )?(?:le |la |l )?trouve")
HELP_FIELDS = (
    ("company_siren", r"\bsiren\b|\bsiret\b"),
    ("company_stage", r"\bstade\b|\bstage\b|avancement"),
    ("company_founded_on", r"date de creation|founding date"),
    ("candidacy_pitch", r"\bpitch\b|presentation du projet"),
    ("candidacy_expectations", r"\battentes?\b|\bexpectations?\b"),
)
# "c'est-à-dire ?": what the question asked means.
WHAT_MEANS = re.compile(
    r"^(?:\w+ )?(?:c est a dire|cad|comment ca|ca veut dire quoi|c est quoi|c quoi|"
    r"(?:can you explain )?what (?:do )?you mean|meaning|je comprends pas(?: la question)?|"
    r"i don t understand(?: the question)?|what(?: s| is) (?:that|this|it)|"
    r"where (?:do|can) i find (?:it|that|this)|ou (?:je )?(?:le |la |l )?trouve[rz]?|"
    r"que voulez vous dire|quelle difference|what s the difference|pourquoi|why)\W*$")
# "c'est obligatoire ?", "is it mandatory?"
ABOUT_NEED = re.compile(r"obligatoire|facultati|optionnel|mandatory|required|compulsory|"
                        r"optional|\bneed to answer|\bdois je repondre")
ABOUT_DATA = re.compile(
    r"donnees|\bdata\b|\brgpd\b|\bgdpr\b|privacy|confidenti|vie privee|revend|\bvend|\bsell|"
    r"partag|\bshare|qui (?:va |vont |peut )?(?:lire|voir|lit|voit|avoir acces)|"
    r"who (?:will |can |is going to )?(?:see|read|access)|pour quoi faire|\bpubs?\b|publicit|"
    r"\bspam|pourquoi (?:vous )?(?:voulez|demandez|avez besoin)|why do you (?:need|want|ask)|"
    r"what for|advertis|marketing")
ABOUT_TIME = re.compile(
    r"combien de temps|how long|c est long|ca (?:prend|dure)|prendre du temps|take long|"
    r"how much time|encore long|combien de questions|how many questions|duree")
ABOUT_COST = re.compile(
    r"payant|gratuit|\bfree\b|\bpaid\b|\bpay\b|\bcoute|\bcout\b|\bcost|\bfrais\b|\bfees?\b|"
    r"\bprix\b|\bprice|\btarif|cotisation|adhesion|membership")
# Words that make a question about a scheme, not about this form.
SCHEME_WORDS = re.compile(r"programme|dispositif|accompagnement|incubat|bourse|\bpass\b|"
                          r"ticket|\bhubs?\b|scheme|\bprogram\b|accelerat")
HESITATION = re.compile(
    r"\bh[e]sit|je (?:ne )?sais (?:pas|plus)|\bj ?sais pas|\bjsp\b|\bchais pas|"
    r"\bsais pas encore|pas (?:encore )?(?:sure?|decidee?s?|fixee?s?|tranchee?)\b|on verra|"
    r"\bnot sure\b|don t know|\bdunno\b|\bidk\b|undecided|not decided|haven t decided|"
    r"\bno idea\b|aucune idee|pas d idee|pas (?:encore )?de nom|no name yet|sans nom")
CORRECTION = re.compile(
    r"^(?:\w+ ){0,2}(?:en fait|en realite|correction|pardon|oups|oops|sorry|actually|i meant|"
    r"je voulais dire|je me suis trompee?|erreur|plutot|finalement|wait|attendez|attends)\b")
# "c'est Camille Martin pas Durand": what follows the "not" is the earlier answer, not the new
_NOT_THAT = re.compile(r"\s+(?:pas|not|et non|instead of|au lieu de|plutot que)\s+(?P<old>.+)$",
                       re.IGNORECASE)
NEW_VALUE = re.compile(r"^.*(?:\b(?:c ?['’]?est|est|is|sera|will be)|:|=|->|→)\s+"
                       r"(?P<value>[^:=→]+?)\s*$", re.IGNORECASE)  # the last one said


def fresh(tracker: Tracker) -> bool:
    """The form runs on the user's message itself, not again after a rule answered it."""
    events = tracker.events
    start = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=None)
    if start is None:
        return False
    return all(e.get("name") in ("action_extract_slots", FORM)
               for e in events[start:] if e.get("event") == "action")


def steps_left(tracker: Tracker) -> int:
    """The questions still to answer, the scheme's own included."""
    asked = len(scheme_questions(load_programme(tracker.get_slot("candidacy_programme"))))
    slots = ["candidacy_consent", *ANSWER_SLOTS]
    return sum(1 for slot in slots if tracker.get_slot(slot) is None
               and (slot not in SCHEME_SLOTS or SCHEME_SLOTS.index(slot) < asked))


def _exists(key: str) -> bool:
    try:
        t(key, "fr")
    except KeyError:
        return False
    return True


def _expected_key(slot: str, programme_key: str | None) -> str:
    if is_yes_no(slot, programme_key):
        return "expected_yes_no"
    return f"expected_{slot}" if _exists(f"expected_{slot}") else "expected_text"


def _help_key(slot: str, programme_key: str | None = None) -> str:
    """The field's explanation, else what the step expects."""
    return f"help_{slot}" if _exists(f"help_{slot}") else _expected_key(slot, programme_key)


def _about_form(text: str, message: dict[str, Any], requested: str) -> str | None:
    """Which question about the form or a field the message asks, if it asks one."""
    if WHAT_MEANS.match(text):
        return "form_data" if requested == "candidacy_consent" else _help_key(requested)
    if WHAT_IS.search(text):
        for slot, words in HELP_FIELDS:
            if re.search(words, text):
                return _help_key(slot)
    asking = looks_like_question(text) or requested == "candidacy_consent"
    if not asking or entity_value(message, "programme") or SCHEME_WORDS.search(text):
        return None
    if ABOUT_NEED.search(text) and len(text.split()) <= 8:
        return ("need_consent" if requested == "candidacy_consent" else
                "hesitation_optional" if requested in OPTIONAL else "need_required")
    if ABOUT_DATA.search(text):
        return "form_data"
    if ABOUT_TIME.search(text):
        return "form_time"
    if ABOUT_COST.search(text):
        return "form_cost"
    return None


def _say(dispatcher: CollectingDispatcher, tracker: Tracker, key: str) -> list:
    language = language_of(tracker)
    dispatcher.utter_message(text=t(key, language, count=steps_left(tracker),
                                    email=contact_email()))
    if key != "form_cost":
        return []
    before = len(dispatcher.messages)
    said = answer_from_knowledge(dispatcher, tracker)  # what the scheme itself costs
    if len(dispatcher.messages) == before:
        dispatcher.utter_message(text=t("form_cost_contact", language, email=contact_email()))
    return said or []


def _hesitation(dispatcher: CollectingDispatcher, tracker: Tracker, requested: str) -> list:
    language = language_of(tracker)
    expected = t(_expected_key(requested, tracker.get_slot("candidacy_programme")), language)
    optional = requested in OPTIONAL
    then = ("hesitation_consent" if requested == "candidacy_consent" else
            "hesitation_optional" if optional else "hesitation_required")
    text = "\n".join([t("hesitation", language, expected=expected),
                      t(then, language, email=contact_email())])
    buttons = [button(t("button_skip", language), "/skip")] if optional else []
    buttons.append(button(t("button_later", language), "/continue_later"))
    dispatcher.utter_message(text=text, buttons=buttons)
    return []


def _question(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    message, language = tracker.latest_message or {}, language_of(tracker)
    named, current = entity_value(message, "programme"), tracker.get_slot("candidacy_programme")
    if named and current and form.is_yes_no(message.get("text") or ""):
        # "c'est bien pour le pass là ?": which scheme this candidacy is for
        dispatcher.utter_message(text=" ".join((t("verdict_yes" if named == current else
                                                  "verdict_no", language), t(
            "form_for_scheme", language, name=candidacy_name(current, language)))))
        return []
    before = len(dispatcher.messages)
    said = answer_from_knowledge(dispatcher, tracker)
    if len(dispatcher.messages) == before:  # the knowledge base had nothing to say
        dispatcher.utter_message(text=t("not_answered_here", language_of(tracker),
                                        email=contact_email()))
    return said or []


def _intent(message: dict[str, Any]) -> str | None:
    return (message.get("intent") or {}).get("name")


def _social(message: dict[str, Any], requested: str, text: str, tracker: Tracker) -> bool:
    """A thank-you, a greeting or an "ok" the NLU is sure of, in a few words; an "ok" answers
    a yes/no step (a date read to confirm included), so there it is the answer; and where a
    name is asked, a lone "oui" is refused as a name, not thanked."""
    confidence = (message.get("intent") or {}).get("confidence") or 0.0
    intent = _intent(message)
    proposed = tracker.get_slot("candidacy_proposed") not in (None, DECLINED)  # "Pour : X ?"
    yes_no = (requested in NAME_SLOTS or (requested == "candidacy_programme" and proposed)
              or tracker.get_slot("candidacy_pending")
              or is_yes_no(requested, tracker.get_slot("candidacy_programme")))
    social = intent in SOCIAL or (intent == "affirm" and not yes_no)
    sure = confidence >= (SURE if requested in NAME_SLOTS else 0.8) or (
        requested not in NAME_SLOTS and set(re.findall(r"\w+", text)) <= TALK_WORDS)
    return social and len(text.split()) <= 4 and sure


def _is_question(text: str, requested: str) -> bool:
    if requested in FREE_TEXT:  # a pitch may hold a question: only a short one that ends so
        return text.rstrip().endswith("?") and len(text.split()) <= 15
    if requested in NAME_SLOTS:  # "Qui Mange Quoi" is a company's name: only a "?" asks
        return "?" in text
    return looks_like_question(text)


def hear(dispatcher: CollectingDispatcher, tracker: Tracker, requested: str,
         validate: Callable[[str, Any], dict[str, Any]]) -> list | None:
    """The events of a message answered here (the same step is then asked again); None for
    an answer, and for what the interruption rules do. `validate(slot, value)`: the form's
    check of an answer, for a correction."""
    message = tracker.latest_message or {}
    raw = message.get("text") or ""
    if raw.startswith("/") or not raw.strip():  # a button: an answer or a rule's
        return None
    text = " ".join(re.sub(r"[-']", " ", fold(raw)).split())
    about = _about_form(text, message, requested)
    fixed = correction(tracker, requested)
    other = other_field(raw, requested)  # a free-text step's message about an earlier answer
    if fixed is not None:  # an earlier answer corrected: kept, the same step asked again
        events = keep_correction(dispatcher, tracker, fixed, validate)
    elif about is not None:
        events = _say(dispatcher, tracker, about)
    elif (scheme := switched_scheme(message, tracker.get_slot("candidacy_programme"),
                                    requested)) is not None:  # its own questions asked anew
        events = [SlotSet("candidacy_programme", scheme), *(SlotSet(s, None) for s in SCHEME_SLOTS)]
        dispatcher.utter_message(text=t("scheme_switched", language_of(tracker), name=(
            candidacy_name(scheme, language_of(tracker), load_programme(scheme)))))
    elif is_interruption(message, requested):
        return None
    elif _social(message, requested, text, tracker):  # "merci !": not a scheme, nor a name
        events = []
        dispatcher.utter_message(text=t(f"social_{_intent(message)}", language_of(tracker)))
    elif HESITATION.search(text) and (requested not in FREE_TEXT or len(text.split()) <= 8
                                      or other is not None):  # "pr la ville on hésite"
        events = _hesitation(dispatcher, tracker, other or requested)
    elif _is_question(raw, requested):
        events = _question(dispatcher, tracker)
    else:
        return None
    # A slot of the form's own is set, so that Rasa takes it as the form's turn and asks the
    # same step again (`requested_slot` unchanged), instead of rejecting the form.
    return [*events, SlotSet("candidacy_pending", tracker.get_slot("candidacy_pending")),
            SlotSet("requested_slot", requested)]


def keep_correction(dispatcher: CollectingDispatcher, tracker: Tracker, fixed: tuple[str, str],
                    validate: Callable[[str, Any], dict[str, Any]]) -> list:
    """An earlier answer corrected (`correction`), checked by the form's validator: its events,
    said back; none when refused (the validator said why, the earlier answer stays)."""
    field, value = fixed
    result = validate(field, value)
    if result.get(field) is None:
        return []
    language = language_of(tracker)
    dispatcher.utter_message(text=t("corrected", language, value=value,
                                    label=t(f"label_{field}", language)))
    return [SlotSet(k, v) for k, v in result.items()]


def correction(tracker: Tracker, requested: str) -> tuple[str, str] | None:
    """An earlier answer (not the one asked) and its new value, when the message corrects
    one: "en fait mon email c'est marie@exemple.fr", "sorry, my phone is 06 12 34 56 78"."""
    raw = (tracker.latest_message or {}).get("text") or ""
    text = " ".join(re.sub(r"[-']", " ", fold(raw)).split())
    if raw.startswith("/") or not CORRECTION.match(text):
        return None
    found = NEW_VALUE.search(raw)
    value = found.group("value").strip(" .!") if found else None
    old = _NOT_THAT.search(value or "")
    if old is not None:
        value = value[:old.start()].strip(" .!,")
    field = (_answer_holding(tracker, old.group("old")) if old else None) or named_field(raw)
    if field in (None, requested, "candidacy_programme") or tracker.get_slot(field) is None:
        return None
    return (field, value) if value else None


def _answer_holding(tracker: Tracker, words: str) -> str | None:
    """The earlier answer a "not …" names: "pas Durand" is the name given as Camille Durand."""
    said = fold(words).strip(" .!,")
    return next((slot for slot in ANSWER_SLOTS if isinstance(tracker.get_slot(slot), str)
                 and said and said in fold(tracker.get_slot(slot))), None)
