"""A reference to an item of a numbered list the assistant has just given: "le point 3 c'est
quoi ?", "et le dernier ?", "what's point 4?", "tell me more about the second one".

The action plan's five points and the three axes are facts written as "1) … ; 2) …"; a
follow-up pointing at one item is that item's question. The message is read as the item's own
words (what the retrieval index then answers: "3) développer … les bâtiments totems" finds the
totem places), so no fact has to list what each item means. Rules, not a model; only the
latest few turns are looked at, never inside a form.
"""

from __future__ import annotations

import itertools
import re

from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.assistant.programme_extractor import fold

LOOK_BACK = 3  # the latest turns a list is looked for in ("back to the plan, the last point?")
MAX_WORDS = 10  # a longer message is a question of its own
ITEM = re.compile(r"(?:(?<=\s)|^)(\d)\)\s")

ORDINALS = {"premier": 1, "premiere": 1, "first": 1, "1er": 1, "1ere": 1,
            "deuxieme": 2, "second": 2, "seconde": 2, "2e": 2, "2eme": 2, "2nd": 2,
            "troisieme": 3, "third": 3, "3e": 3, "3eme": 3, "3rd": 3,
            "quatrieme": 4, "fourth": 4, "4e": 4, "4eme": 4, "4th": 4,
            "cinquieme": 5, "fifth": 5, "5e": 5, "5eme": 5, "5th": 5,
            "sixieme": 6, "sixth": 6, "6e": 6, "6eme": 6, "6th": 6,
            "dernier": -1, "derniere": -1, "last": -1}
_NUMBERED = re.compile(r"\b(?:point|points|item|axe|axis|numero|number|no|n)\W{0,2}(\d)\b")
_ORDINAL = re.compile(r"\b(" + "|".join(ORDINALS) + r")\b")


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def position_asked(text: str) -> int | None:
    """The item a short message points at: 1-based, -1 for the last; None when it points at none."""
    folded = _fold(text)
    if len(folded.split()) > MAX_WORDS:
        return None
    numbered = _NUMBERED.search(folded)
    if numbered:
        return int(numbered.group(1))
    ordinal = _ORDINAL.search(folded)
    return ORDINALS[ordinal.group(1)] if ordinal else None


def items_of(text: str) -> list[str]:
    """The items of a "1) … ; 2) …" list in a reply, in order (empty: no such list)."""
    marks = list(ITEM.finditer(text))
    if len(marks) < 2 or [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)):
        return []
    items = []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        item = text[mark.end():following.start() if following else len(text)]
        item = re.split(r"\.\s|\n", item)[0] if following is None else item
        items.append(item.strip(" ;,.\n"))
    return items


def referred_item(tracker: DialogueStateTracker | None, text: str) -> str | None:
    """The words of the item `text` points at in a list the assistant gave in the latest
    turns, as a question; None when it points at none, or during a form."""
    if tracker is None or tracker.active_loop_name:
        return None
    position = position_asked(text)
    if position is None:
        return None
    turns = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            turns += 1
            if turns >= LOOK_BACK:
                return None
        elif isinstance(event, BotUttered) and event.text:
            items = items_of(event.text)
            if items and -len(items) <= (position if position < 0 else position - 1) < len(items):
                return items[position if position < 0 else position - 1] + " ?"
    return None


def _latest_said(tracker: DialogueStateTracker) -> list[UserUttered]:
    """The person's messages of the latest turns, the newest first."""
    said = (event for event in reversed(tracker.events) if isinstance(event, UserUttered))
    return list(itertools.islice(said, LOOK_BACK))


# "et l'autre ?", "and the other one?": the other of two schemes the person just named.
_OTHER = re.compile(r"\b(?:l\W?autre|the\W+other(?:\W+one)?)\b(?!\W+(?:dispositif|scheme|"
                    r"programme|program)s?\b)", re.IGNORECASE)


def referred_other(tracker: DialogueStateTracker | None, text: str) -> str | None:
    """`text` with "l'autre"/"the other one" replaced by the words the person used for the
    other of the two schemes they named in the latest turns (the one not being talked about
    now); None when it points at none, or during a form."""
    found = _OTHER.search(text)
    if tracker is None or tracker.active_loop_name or found is None or len(
            text.split()) > MAX_WORDS:
        return None
    current = tracker.get_slot("programme")
    for event in _latest_said(tracker):
        named = sorted((e for e in event.entities if e.get("entity") == "programme"
                        and isinstance(e.get("value"), str) and isinstance(e.get("start"), int)),
                       key=lambda e: e["start"])
        if len({e["value"] for e in named}) < 2:
            continue
        other = next((e for e in named if e["value"] != current), None)
        if other is None or current not in {e["value"] for e in named}:
            other = named[-1] if current is None else None
        if other is None:
            return None
        words = (event.text or "")[other["start"]:other["end"]]
        return text[:found.start()] + words + text[found.end():] if words else None
    return None


# "the first one", "la seconde", "the latter": one of two things the person just set side by
# side ("le premier comité" names a kind of its own).
_ORDINAL_ONE = re.compile(r"\b(?:(?:the\W+)?(first|second)\W+one|the\W+(former|latter)|"
                          r"(?:le|la)\W+(premier|premiere|second|seconde|deuxieme)\b"
                          r"(?!\W+(?:hub|axe|point|comite|batiment|totem|groupe)))")


def referred_side(tracker: DialogueStateTracker | None, text: str) -> str | None:
    """`text` with "the first one", "le second" replaced by the words the person used for that
    one of the two things (schemes, committees, places…) a message of the latest turns set
    side by side: "who sits on the first one?" after "the strategic committee vs the
    operational one?" asks it of the strategic committee. None when it points at none, when
    the message names things itself, or during a form."""
    from bot.knowledge import form
    from bot.knowledge.compared import sides

    found = _ORDINAL_ONE.search(fold(text))
    if tracker is None or tracker.active_loop_name or found is None or len(
            text.split()) > MAX_WORDS or sides(text):
        return None
    index = 0 if found.group(found.lastindex) in ("first", "former", "premier", "premiere") \
        else 1
    for event in _latest_said(tracker):
        said = event.text or ""
        named = sorted((e for e in event.entities if e.get("entity") == "programme"
                        and isinstance(e.get("start"), int)), key=lambda e: e["start"])
        both = [said[e["start"]:e["end"]] for e in named] if len(
            {e.get("value") for e in named}) == 2 else (form.asks_comparison(said) or (
                form.is_alternative(said)) or None) and sides(said)  # (not "a and b")
        if both:
            return text[:found.start()] + both[index] + text[found.end():]
    return None


# "non PROGENN pas seine innopolis lol", "no, the pass not the bourse": the thing meant, once
# more, instead of the one just answered.
_NOT_THAT = re.compile(r"^\W*(?:mais\W+)?(?:non|no|nope|nan)\W+(?:je\W+parlais\W+(?:de\W+|du\W+)?|"
                       r"i\W+meant\W+)?(?P<meant>[^\W\d][\w' -]{1,40}?)\W+(?:pas|not)\W+\w.*$",
                       re.IGNORECASE)


def corrected_subject(tracker: DialogueStateTracker | None, text: str) -> str | None:
    """"non PROGENN pas seine innopolis lol": "PROGENN ?", asked again of the thing meant;
    None for any other message, or during a form (where "non" answers its question)."""
    if tracker is not None and tracker.active_loop_name or len(text.split()) > MAX_WORDS:
        return None
    found = _NOT_THAT.match(text)
    meant = found.group("meant").strip() if found else ""
    if not meant or _fold(meant).split()[0] in _NOT_A_THING:
        return None  # "non merci pas maintenant": a refusal, not a thing meant
    return f"{meant} ?"


_NOT_A_THING = frozenset("""merci thanks thank ok okay d accord je j tu vous on il elle c ca it i
you we that this vraiment really pas du tout surtout plus encore toujours jamais""".split())  # noqa: SIM905
