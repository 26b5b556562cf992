"""The top unanswered questions, grouped by similarity, and as a YAML snippet for `nlu/`.

Similar questions ("c'est quoi le taux de l'IS", "quel est le taux de l'impôt sur les
sociétés ?") are one group: rapidfuzz's token-set ratio on lower-case, accent-free text.
Before a text leaves the database, what is data rather than words (e-mail addresses, URLs,
numbers, handles) is replaced, so neither the listing nor the snippet carries personal data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.candidacy.validation import plain
from bot.db.insights import Unanswered

ANNOTATION = re.compile(r"[\[\]{}]")
SIMILAR = 75  # token-set ratio from which two questions are one
PERSONAL = re.compile(
    r"\S+@\S+|(?:https?://|www\.)\S+|[@#]\w+|\+?\d[\d\s.()/-]{5,}\d|\d+", re.IGNORECASE)


def redact(text: str) -> str:
    """E-mail addresses, URLs, handles, phone numbers and numbers replaced by "…"."""
    return " ".join(PERSONAL.sub("…", text).split())


@dataclass
class Group:
    example: str  # the most frequent wording
    language: str | None = None  # the example's, when known
    texts: list[str] = field(default_factory=list)
    intents: set[str] = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.texts)


def group(messages: list[Unanswered], similar: int = SIMILAR) -> list[Group]:
    """Groups of similar questions, the largest first (then the most recent)."""
    groups: list[Group] = []
    for message in reversed(messages):  # the most recent first
        text = redact(message.text)
        key = plain(text)
        home = next((g for g in groups if fuzz.token_set_ratio(key, plain(g.example)) >= similar),
                    None)
        if home is None:
            home = Group(text, message.language)
            groups.append(home)
        home.texts.append(text)
        home.intents.add(message.intent)
    return sorted(groups, key=lambda g: -g.count)


def as_nlu_yaml(groups: list[Group]) -> str:
    """A snippet for `nlu/`: one block per group, its intent to be chosen by a person."""
    lines = ['version: "3.1"',
             "# Unanswered questions (ftbot insights unanswered --format yaml): choose each",
             "# block's intent (an existing one, or out_of_scope), then move it to nlu/intents/.",
             "nlu:"]
    for g in groups:
        lines.append(f"# {g.count} message(s), read as {', '.join(sorted(g.intents))}")
        lines.append("- intent: CHOOSE_AN_INTENT")
        lines.append("  examples: |")
        for text in dict.fromkeys(g.texts):  # each wording once; [ ] { } would be entities
            lines.append(f"    - {ANNOTATION.sub('', text)}")
    return "\n".join(lines) + "\n"
