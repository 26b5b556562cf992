"""Every text a person reads, from one loader: one catalogue per audience, one lookup rule.

- `conversation`: domain.yml's responses, what the assistant says in a chat. Rasa utters most
  of them whole; the fragments an action assembles into one answer (a summary's labels, a
  button's title) are the responses `utter_part_<key>`, read here with `fragment`. A response
  is written in `DOMAIN_LANGUAGE` in its variant without condition, and in each other language
  in a variant under the condition `language == <code>` (the slot Rasa chooses by).
- `messages`: bot/messages.yml (key -> {language: text}), what the runtime writes itself, the
  staff chat reads and the back-office shows, read with `t`.

One rule for both: the text in the language asked for, else in the configured default
language (DEFAULT_LANGUAGE), else in `DOMAIN_LANGUAGE` — never a literal. `missing_texts` says
which text lacks which language: the procedure for adding one (docs/architecture.md, "Adding
a language") starts there. Which language a person is spoken to in is one rule too:
bot.config.language_for.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import yaml

from bot import config
from bot.config import LANGUAGES, PROJECT_ROOT, default_language

MESSAGES = "messages"
CONVERSATION = "conversation"
CATALOGUES = (CONVERSATION, MESSAGES)
MESSAGES_FILE = PROJECT_ROOT / "bot" / "messages.yml"
DOMAIN_FILE = PROJECT_ROOT / "domain.yml"
# The language of a domain response's variant without condition: Rasa serves it whenever the
# `language` slot matches no condition, so it is the domain's own language, written first.
DOMAIN_LANGUAGE = LANGUAGES[0]
FRAGMENT = "utter_part_"


def _condition_language(variant: dict) -> str:
    for condition in variant.get("condition") or []:
        if condition.get("name") == "language":
            return str(condition.get("value"))
    return DOMAIN_LANGUAGE


def _load(name: str) -> dict[str, dict[str, str]]:
    if name == MESSAGES:
        with MESSAGES_FILE.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    with DOMAIN_FILE.open(encoding="utf-8") as handle:
        responses = yaml.safe_load(handle)["responses"]
    return {key: {_condition_language(v): v.get("text", "") for v in variants}
            for key, variants in responses.items()}


@cache
def catalogue(name: str = MESSAGES) -> dict[str, dict[str, str]]:
    """A catalogue as key -> {language: text}, read once per process."""
    if name not in CATALOGUES:
        raise ValueError(f"unknown catalogue {name!r}")
    return _load(name)


def text(name: str, key: str, language: str, /, **values: object) -> str:
    """The text `key` of catalogue `name` in `language` (else the default language), filled in."""
    texts = catalogue(name)[key]
    for candidate in (language, default_language(), DOMAIN_LANGUAGE):
        if candidate in texts:
            return texts[candidate].format(**values)
    raise KeyError(f"{name} text {key!r} has no {language!r} nor default language")


def t(key: str, language: str, /, **values: object) -> str:
    """A text of bot/messages.yml: the runtime's, the staff chat's, the back-office's."""
    return text(MESSAGES, key, language, **values)


def fragment(key: str, language: str, /, **values: object) -> str:
    """The conversation's fragment `utter_part_<key>` (domain.yml), for an action to assemble."""
    return text(CONVERSATION, f"{FRAGMENT}{key}", language, **values)


def join_words(items: Iterable[str], language: str, /, name: str = MESSAGES) -> str:
    """"a, b et c" / "a, b and c": a list as a sentence says it, by the words of catalogue
    `name` (`list_more` adds an item, `list_last` the last one; in the conversation's,
    `utter_part_list_more` and `utter_part_list_last`), so that each audience's list reads in
    its own catalogue's words."""
    words = list(items)
    prefix = FRAGMENT if name == CONVERSATION else ""
    joined = words[0] if words else ""
    for word in words[1:-1]:
        joined = text(name, f"{prefix}list_more", language, head=joined, item=word)
    if len(words) > 1:
        joined = text(name, f"{prefix}list_last", language, head=joined, item=words[-1])
    return joined


class Refusal(ValueError):
    """Why something a person asked for is refused, said when shown, in the reader's language:
    a key of bot/messages.yml and its values (`text`). Its str() is the key, never a text."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values

    def text(self, language: str) -> str:
        return t(self.key, language, **self.values)


def missing_texts(languages: Iterable[str] | None = None) -> dict[str, dict[str, list[str]]]:
    """For each catalogue, every key lacking one of `languages`, with the languages it lacks.

    By default `bot.config.LANGUAGES` read at call time, so a language added there (or patched
    in by a test) is looked for in every catalogue at once.
    """
    wanted = list(config.LANGUAGES if languages is None else languages)
    report: dict[str, dict[str, list[str]]] = {}
    for name in CATALOGUES:
        lacking = {key: [language for language in wanted if language not in texts]
                   for key, texts in catalogue(name).items()}
        report[name] = {key: gaps for key, gaps in lacking.items() if gaps}
    return report
