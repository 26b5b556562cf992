"""The one text loader's helpers (bot/i18n.py): a list joined by a catalogue's words."""

from __future__ import annotations

import pytest

from bot.i18n import CONVERSATION, MESSAGES, join_words


@pytest.mark.parametrize(("items", "french", "english"), [
    ([], "", ""),
    (["Pass"], "Pass", "Pass"),
    (["Pass", "Bourse"], "Pass et Bourse", "Pass and Bourse"),
    (["Pass", "Bourse", "Tremplin"], "Pass, Bourse et Tremplin", "Pass, Bourse and Tremplin"),
    (["{a}", "b}", "{c"], "{a}, b} et {c", "{a}, b} and {c"),  # items are never templates
])
@pytest.mark.parametrize("catalogue", [MESSAGES, CONVERSATION])
def test_a_list_is_joined_by_its_catalogues_words(catalogue, items, french, english):
    assert join_words(items, "fr", catalogue) == french
    assert join_words(iter(items), "en", catalogue) == english
