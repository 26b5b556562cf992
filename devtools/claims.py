"""No invented fact: the amounts, dates and names a reply states must be in what we store.

A check over the conversation suite's replies (tests/test_conversations.py): the corpus is
everything stored (seed, knowledge, events) and what the person said, normalized as the suite
normalizes (`devtools.conversations.normalized`). May import devtools.conversations and the
standard library.
"""

from __future__ import annotations

import re

from devtools.conversations import normalized

_MONTHS = ("janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|"
           "decembre|january|february|march|april|may|june|july|august|september|october|"
           "november|december")
_AMOUNT = re.compile(r"\d[\d\s.,]*\s*(?:m\s?€|k\s?€|€|millions?|milliards?|euros?|eur\b|%)"
                     r"|[€$]\s?\d[\d.,]*\s*[mk]?")
_DATE = re.compile(rf"\b(?:\d{{1,2}}(?:er)?\s+(?:{_MONTHS})(?:\s+\d{{4}})?|(?:{_MONTHS})\s+\d{{4}}"
                   rf"|(?:19|20)\d{{2}})\b")
_UPPER, _LOWER = "A-ZÉÈ", "a-zéèêëàâîïôöûüç"
_NAME = re.compile(rf"\b[{_UPPER}][{_LOWER}]+(?:[ \t-][{_UPPER}][{_LOWER}]+)+")  # within a line
_LEADING = re.compile(r"^(?:le|la|les|l|the|a|an|un|une|et|and|oui|yes|non|no|pour|for)\s+")


def claims(reply: str) -> list[str]:
    """The amounts, dates and multi-word proper names a reply states."""
    plain = normalized(reply)
    found = [m.group().strip() for m in _AMOUNT.finditer(plain)]
    found += [m.group().strip() for m in _DATE.finditer(plain)]
    found += [_LEADING.sub("", normalized(m.group())) for m in _NAME.finditer(reply)]
    return found


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def invented(reply: str, corpus: str) -> list[str]:
    """Claims of `reply` that `corpus` (everything stored, normalized) does not hold; an
    amount is compared by its digits, a date or a name by its words."""
    digits = {_digits(m.group()) for m in re.finditer(r"\d[\d\s.,]*", corpus)}
    missing = []
    for claim in claims(reply):
        if _AMOUNT.fullmatch(claim) and _digits(claim):
            if _digits(claim) not in digits:
                missing.append(claim)
        elif claim not in corpus:
            missing.append(claim)
    return missing
