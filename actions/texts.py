"""The conversation's fragments (field checks, labels, button titles), as the actions call them.

Every text of the conversation lives in domain.yml, each with its variant per language under
the `language` slot's condition. Most are uttered whole by Rasa (`utter_message(response=...)`);
the fragments an action assembles into one answer are the responses `utter_part_<key>`, read by
the one text loader (`bot.i18n.fragment`), so that no answer mixes two catalogues and every
text falls back to the configured default language by the same rule. A list is joined by the
conversation's words (`join_words`); a helper shared with the runtime's texts is handed
`CONVERSATION`, the catalogue to take its words from (bot.reminders.plan.describe_offsets).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.i18n import CONVERSATION, fragment
from bot.i18n import join_words as _join_words


def t(key: str, language: str, /, **values: object) -> str:
    """The fragment `utter_part_<key>` in `language` (else the default language), filled in."""
    return fragment(key, language, **values)


def join_words(items: Iterable[str], language: str) -> str:
    """"a, b et c" / "a, b and c", by the conversation's words (bot.i18n.join_words)."""
    return _join_words(items, language, CONVERSATION)
