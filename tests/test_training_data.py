"""The training data is valid for Rasa and kept apart from the held-out test set."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT

ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]+\)|\{[^}]+\})")


def as_read(text: str) -> str:
    """The sentence as the classifier sees it: no accents, case, punctuation or extra spaces
    ("Merci à vous !" and "merci a vous" are one sentence to it)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9@+]+", text))


def examples(*paths: Path) -> set[str]:
    found = set()
    for path in paths:
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in block.get("examples", "").splitlines():
                found.add(as_read(ANNOTATION.sub(r"\1", line.strip().removeprefix("- "))))
    return found - {""}


# Set by the knowledge router (bot/assistant/knowledge_router.py) from the knowledge base,
# never by the classifier: it has no training examples, by design.
ROUTED_ONLY = "ask_knowledge"


def test_rasa_data_validate_is_clean():
    rasa = Path(sys.executable).with_name("rasa")
    result = subprocess.run(
        [str(rasa), "data", "validate", "--data", "nlu", "--domain", "domain.yml",
         "--config", "config.yml"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    # The only warnings allowed: responses that actions fill with database facts, the
    # questions forms ask for their slots, and the fragments actions assemble (utter_part_*).
    unused = set(re.findall(r"The utterance '(\w+)' is not used in any story or rule", output))
    actions_source = "".join(p.read_text() for p in (PROJECT_ROOT / "actions").glob("*.py"))
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    questions = {f"utter_ask_{slot}" for form in domain["forms"].values()
                 for slot in form["required_slots"]}
    filled = {name for name in unused - questions if not name.startswith("utter_part_")}
    assert filled and all(f'"{name}"' in actions_source for name in filled), filled
    for line in output.splitlines():
        if "UserWarning" in line and "is not used in any story or rule" not in line:
            assert "Slot auto-fill has been removed" in line or ROUTED_ONLY in line, line


def test_the_held_out_set_shares_no_example_with_training():
    training = examples(*(PROJECT_ROOT / "nlu").rglob("*.yml"))
    held_out = examples(*(PROJECT_ROOT / "tests" / "nlu").glob("*.yml"))
    assert len(held_out) > 380
    assert training.isdisjoint(held_out), training & held_out


def test_sentences_that_differ_only_in_accents_or_punctuation_count_as_one():
    assert as_read("Merci à vous !") == as_read("merci a vous") == "merci a vous"
    assert as_read("C'est quand ?") != as_read("c'est qui ?")


def test_every_contract_intent_has_training_and_test_examples():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert ROUTED_ONLY in domain["intents"]
    def intents(path: Path) -> set[str]:
        return {b["intent"] for b in yaml.safe_load(path.read_text()).get("nlu", [])
                if "intent" in b}
    trained = set().union(*(intents(p) for p in (PROJECT_ROOT / "nlu").rglob("*.yml")))
    assert set(domain["intents"]) - {ROUTED_ONLY} == trained
    parts = sorted((PROJECT_ROOT / "tests" / "nlu").glob("*.yml"))
    for part in parts:  # focused parts: some
        assert intents(part) and intents(part) <= trained, part
    # Together they cover every intent: the general part every one up to session 29 (never
    # changed since), an intent added later its own part, written before its training data.
    assert set().union(*(intents(part) for part in parts)) == trained
    assert trained - intents(PROJECT_ROOT / "tests" / "nlu" / "heldout_final.yml") == {
        "ask_candidacy_status"}


def test_the_domain_names_no_scheme_the_database_holds():
    """Names come from the database (staff rename a scheme there, not in domain.yml)."""
    seed = yaml.safe_load((PROJECT_ROOT / "seed" / "programmes.yml").read_text(encoding="utf-8"))
    names = {name.lower() for programme in seed["programmes"]
             for name in programme["name"].values()}
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    texts = [variant.get("text", "").lower() for variants in domain["responses"].values()
             for variant in variants]
    assert {name for name in names if any(name in text for text in texts)} == set()
