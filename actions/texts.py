"""Fragments of the conversation's texts (field checks, labels, button titles) from domain.yml.

Every text of the conversation lives in domain.yml, each with its English variant under the
`language` slot's condition. Most are uttered whole by Rasa (`utter_message(response=...)`);
the fragments an action assembles into one answer (a summary's labels, a button's title) are
responses named `utter_part_<key>`, read here so that no answer mixes two catalogues.
"""

from __future__ import annotations

from functools import lru_cache

import yaml

from bot.config import LANGUAGES, PROJECT_ROOT, default_language

DOMAIN = PROJECT_ROOT / "domain.yml"


@lru_cache(maxsize=1)
def _responses() -> dict[str, list[dict]]:
    with DOMAIN.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["responses"]


def _language_of(variant: dict) -> str | None:
    for condition in variant.get("condition") or []:
        if condition.get("name") == "language":
            return condition.get("value")
    return None


def t(key: str, language: str, /, **values: object) -> str:
    """The fragment `utter_part_<key>` in `language` (else the default variant), filled in."""
    variants = _responses()[f"utter_part_{key}"]
    by_language = {_language_of(v): v["text"] for v in variants}
    wanted = language if language in LANGUAGES else default_language()
    return by_language.get(wanted, by_language[None]).format(**values)
