"""The runtime's own texts (bot/messages.yml), looked up by key and language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

_CATALOGUE = Path(__file__).with_name("messages.yml")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    with _CATALOGUE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def t(key: str, language: str, /, **values: object) -> str:
    texts = catalogue()[key]
    return texts.get(language, texts["fr"]).format(**values)
