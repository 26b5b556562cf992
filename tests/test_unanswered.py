"""The top unanswered questions: what went to the fallback or out of scope, grouped by
similarity, redacted, and as a snippet the NLU data can take (bot/db/insights.py,
bot/staff/unanswered.py)."""

from __future__ import annotations

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data

from bot.db.insights import Unanswered
from bot.staff.unanswered import as_nlu_yaml, group, redact
from tests.support.assistant import ftbot, needs_model


def said(*texts: str, intent: str = "out_of_scope") -> list[Unanswered]:
    return [Unanswered(text, intent, float(i)) for i, text in enumerate(texts)]


def test_similar_questions_are_one_group_the_largest_first():
    groups = group(said("quel est le taux de l'impot sur les societes ?",
                        "asdfgh qwerty",
                        "c'est quoi le taux de l'impôt sur les sociétés",
                        "le taux de l'impot sur les societes svp"))
    assert [g.count for g in groups] == [3, 1]
    assert "impot" in groups[0].example or "impôt" in groups[0].example


def test_data_never_leaves_the_database():
    text = redact("je suis jean.dupont@example.org, 06 12 34 56 78, siren 732829320, @jdupont")
    assert "example.org" not in text and "06" not in text and "732829320" not in text
    assert "jdupont" not in text


def test_the_snippet_is_training_data_rasa_reads(tmp_path):
    groups = group(said("c'est quoi le [credit] {impot} recherche ?", "tell me a joke",
                        intent="nlu_fallback"))
    path = tmp_path / "snippet.yml"
    path.write_text(as_nlu_yaml(groups).replace("CHOOSE_AN_INTENT", "out_of_scope"),
                    encoding="utf-8")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]
    data = load_data(str(path))
    assert sorted(m.get("text") for m in data.intent_examples) == [
        "c'est quoi le credit impot recherche ?", "tell me a joke"]


@needs_model
@pytest.mark.slow
async def test_the_command_lists_what_the_assistant_could_not_answer(assistant):
    for sender, text in (("a", "c'est combien le taux de l'impot sur les societes"),
                         ("b", "quel est le taux de l'impot sur les societes en 2026 ?"),
                         ("c", "c'est quoi la bourse french tech ?")):
        await assistant.handle(sender, text)
    listing = ftbot("insights", "unanswered", database_url=assistant.settings.database_url)
    assert listing.returncode == 0, listing.stderr[-2000:]
    assert "impot sur les societes" in listing.stdout
    assert "bourse french tech" not in listing.stdout  # answered
    assert "2026" not in listing.stdout  # redacted
    snippet = ftbot("insights", "unanswered", "--format", "yaml",
                    database_url=assistant.settings.database_url).stdout
    assert snippet.count("- intent: CHOOSE_AN_INTENT") == 1  # the two are one group
