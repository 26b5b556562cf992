"""Adding a language (issue 34, point 4): `LANGUAGES` is the one list, and a language added
there is looked for in every text a person reads — the conversation (domain.yml), the
runtime's, the staff chat's and the back-office's (bot/messages.yml) — by one function,
`bot.i18n.missing_texts`. The procedure: docs/architecture.md, "Adding a language"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot import config
from bot.config import LANGUAGES, PROJECT_ROOT, language_for
from bot.i18n import CONVERSATION, DOMAIN_LANGUAGE, MESSAGES, catalogue, fragment, missing_texts, t

BOT = PROJECT_ROOT / "bot"
TEMPLATES = BOT / "office" / "templates"

# Who reads which texts of bot/messages.yml, by the code that sends them.
AUDIENCES = {
    "runtime": [BOT / "console.py", *(BOT / "assistant").glob("*.py"),
                *(BOT / "telegram").glob("*.py"), *(BOT / "reminders").glob("*.py")],
    "staff": [*(BOT / "staff").glob("*.py"), *(BOT / "telegram" / "desk").glob("*.py")],
    "back-office": [*(BOT / "office").glob("*.py"), *TEMPLATES.glob("*.html")],
}
# What a template may show outside t(...): names that are not words of a language.
NOT_A_TEXT = {"Europe", "Paris"}


def refusals() -> set[str]:
    """bot.i18n.Refusal and every class of bot/ made from it (FormError, EventError…)."""
    bases = dict(re.findall(r"^class (\w+)\((\w+)\)", "\n".join(
        path.read_text(encoding="utf-8") for path in BOT.rglob("*.py")), flags=re.MULTILINE))
    found = {"Refusal"}
    while grown := {name for name, base in bases.items() if base in found} - found:
        found |= grown
    return found


# A literal key handed to one of the loader's lookups: t("key", ...), desk.t("key"), self.t(...),
# or to a refusal, said when shown: FormError("key", ...), EventError(...).
_KEY = re.compile(rf"""\b(?:t|{"|".join(sorted(refusals()))})\(\s*["']([a-z0-9_]+)["']\s*[,)]""")


def keys_called(paths: list[Path]) -> set[str]:
    return {key for path in paths for key in _KEY.findall(path.read_text(encoding="utf-8"))}


def test_with_the_real_languages_no_text_is_missing():
    assert missing_texts() == {CONVERSATION: {}, MESSAGES: {}}


def test_a_third_language_is_found_missing_in_every_text(monkeypatch):
    monkeypatch.setattr(config, "LANGUAGES", (*LANGUAGES, "xx"))
    missing = missing_texts()
    for name in (CONVERSATION, MESSAGES):
        assert missing[name] == {key: ["xx"] for key in catalogue(name)}, name
    for audience, paths in AUDIENCES.items():
        called = keys_called(paths)
        assert called, audience
        assert called <= set(missing[MESSAGES]), audience
    refusals = keys_called(AUDIENCES["back-office"]) | keys_called(AUDIENCES["runtime"])
    assert {"office_programme_not_yaml", "office_event_bad_when", "event_date_past"} <= refusals
    assert {key for key in missing[CONVERSATION] if key.startswith("utter_part_")}


def test_every_key_the_code_calls_is_written_in_every_language():
    for audience, paths in AUDIENCES.items():
        absent = {key for key in keys_called(paths) if key not in catalogue(MESSAGES)}
        assert absent == set(), audience


def test_the_conversation_chooses_by_a_slot_holding_every_language():
    """Rasa serves a response's variant by the `language` slot: a language it cannot hold
    would never be served, whatever domain.yml's texts say."""
    with (PROJECT_ROOT / "domain.yml").open(encoding="utf-8") as handle:
        slot = yaml.safe_load(handle)["slots"]["language"]
    assert list(slot["values"]) == list(LANGUAGES)
    assert LANGUAGES[0] == DOMAIN_LANGUAGE


def test_the_back_office_templates_show_no_text_of_their_own():
    """Every word a template shows comes from t(...), so that the catalogue check covers it."""
    found = {}
    for path in sorted(TEMPLATES.glob("*.html")):
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", path.read_text(encoding="utf-8"),
                      flags=re.DOTALL)
        text = re.sub(r"<[^>]*>|&\w+;|&#\d+;", " ", text)
        words = set(re.findall(r"[^\W\d_]{2,}", text)) - NOT_A_TEXT
        if words:
            found[path.name] = words
    assert found == {}


@pytest.mark.parametrize("language", [*LANGUAGES, "xx"])
def test_a_text_lacking_a_language_falls_back_to_the_default(monkeypatch, language):
    monkeypatch.setenv("DEFAULT_LANGUAGE", LANGUAGES[-1])
    expected = language if language in LANGUAGES else LANGUAGES[-1]
    assert t("error", language) == catalogue(MESSAGES)["error"][expected]
    key = next(k for k, texts in catalogue(CONVERSATION).items()
               if k.startswith("utter_part_") and "{" not in "".join(texts.values()))
    assert (fragment(key.removeprefix("utter_part_"), language)
            == catalogue(CONVERSATION)[key][expected])


# Which language, by whom (docs/architecture.md): one rule, `bot.config.language_for`; each
# place hands it what it sees (a stored choice, the slot, a Telegram client, a default).
@pytest.mark.parametrize(("seen", "expected"), [
    ({}, "fr"),  # nothing known: DEFAULT_LANGUAGE (fr here)
    ({"chosen": "en", "locked": True, "slot": "fr", "client_code": "fr"}, "en"),  # /language
    ({"chosen": "en", "slot": "fr"}, "fr"),  # the conversation's slot beats a stored language
    ({"chosen": "en", "client_code": "fr"}, "en"),  # a stored language beats the client's
    ({"slot": "en", "client_code": "fr-FR"}, "en"),
    ({"client_code": "fr-FR"}, "fr"),  # a French client: French
    ({"client_code": "FR"}, "fr"),
    ({"client_code": "de"}, "en"),  # any other client: English, not DEFAULT_LANGUAGE
    ({"client_code": ""}, "en"),  # a client that gives none
    ({"client_code": "pt-BR", "default": "fr"}, "en"),
    ({"default": "en"}, "en"),  # an audience's own default (STAFF_LANGUAGE)
    ({"chosen": "en", "locked": True, "default": "fr"}, "en"),  # the office's ?lang=en
    ({"chosen": None, "locked": True, "default": "en"}, "en"),
    ({"chosen": "xx", "locked": True, "slot": "yy", "client_code": None, "default": "zz"},
     "fr"),  # nothing outside LANGUAGES, ever
    ({"chosen": "xx", "locked": True, "slot": "en"}, "en"),
])
def test_one_rule_says_which_language_a_person_is_spoken_to_in(monkeypatch, seen, expected):
    monkeypatch.setenv("DEFAULT_LANGUAGE", "fr")
    assert language_for(**seen) == expected


def test_the_rule_follows_the_configured_default_and_a_language_added(monkeypatch):
    monkeypatch.setenv("DEFAULT_LANGUAGE", "en")
    assert language_for() == "en" and language_for(slot="fr") == "fr"
    monkeypatch.setattr(config, "LANGUAGES", (*LANGUAGES, "de"))
    assert language_for(client_code="de-AT") == "de"  # a German client, once German is spoken
    assert language_for(client_code="it") == "en"
