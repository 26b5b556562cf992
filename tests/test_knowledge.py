"""The knowledge base: stored, seeded and exported like the schemes; found by the question's
meaning (bot/knowledge/retrieval.py); answered in the question's form (bot/knowledge/form.py);
and every fact of the source reachable by a question in French and in English."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
import yaml
from sqlalchemy import select

from bot.db.export import dump, export_seed
from bot.db.migrate import upgrade
from bot.db.models import KnowledgeEntry
from bot.db.seed import SeedError, apply_seed, load_seed
from bot.db.session import session_scope
from bot.knowledge import form
from bot.knowledge.retrieval import INTENT, Index, entry_documents
from devtools.conversations import normalized
from tests.assistant import needs_model
from tests.factories import SEED_FILE

FORMS = {"ticket": "french_tech_ticket", "frenchtechticket": "french_tech_ticket",
         "pass": "pass_french_tech", "passfrenchtech": "pass_french_tech"}


def entry(aspect: str, *questions: str, subject: str = "french_tech_ticket"):
    return SimpleNamespace(aspect=aspect, subject=subject,
                           questions={"fr": list(questions), "en": []})


def index_of(*entries, intents: dict[str, list[str]] | None = None) -> Index:
    examples = [(text, INTENT + name) for name, texts in (intents or {}).items()
                for text in texts]
    return Index([*entry_documents(entries), *examples], FORMS)


# --- retrieval ----------------------------------------------------------------------------

def test_a_question_finds_its_aspect_whatever_the_scheme_named():
    index = index_of(entry("duration", "combien de temps dure le ticket ?", "ça dure combien"),
                     entry("permit", "le ticket comprend un titre de séjour ?"))
    hit = index.match("et le pass, ça dure combien de temps ?")
    assert hit is not None and hit.label == "duration"


def test_a_question_closest_to_an_intent_is_left_to_it():
    index = index_of(entry("duration", "combien de temps dure le ticket ?"),
                     intents={"ask_funding": ["c'est combien le ticket ?",
                                              "combien d'argent avec le pass"]})
    assert index.match("c'est combien le pass ?") is None


def test_nothing_close_enough_finds_nothing():
    index = index_of(entry("duration", "combien de temps dure le ticket ?"))
    assert index.match("quelle est la recette de la tarte tatin") is None


def test_a_close_shape_without_a_shared_word_of_substance_finds_nothing():
    index = index_of(entry("permit", "le ticket comprend un titre de séjour ?"))
    assert index.match("le ticket comprend une voiture ?", threshold=0.0) is None
    assert index.match("le ticket comprend un titre de sejour ?", threshold=0.0) is not None


# --- the question's form --------------------------------------------------------------------

@pytest.mark.parametrize("text", ["le ticket comprend un titre de séjour ?", "visa??",
                                  "does the ticket include a visa?",
                                  "residence permit yes or no??"])
def test_yes_no_questions(text):
    assert form.is_yes_no(text)


@pytest.mark.parametrize("text", ["ça dure combien de temps ?", "who runs it?",
                                  "c'est quoi le ticket ?", "how long is the pass?"])
def test_open_questions(text):
    assert not form.is_yes_no(text)


def test_comparisons_combinations_and_several_questions():
    assert form.asks_comparison("la différence entre la bourse et le pass ?")
    assert form.asks_comparison("which is better, the pass or the bourse?")
    assert form.asks_combination("je peux avoir les deux ?")
    assert form.asks_combination("can I combine the ticket and the pass?")
    assert not form.asks_combination("c'est quoi le ticket ?")
    assert form.questions_in("c'est quoi le ticket ? et ça dure combien ?") == [
        "c'est quoi le ticket ?", "et ça dure combien ?"]
    assert form.questions_in("c'est quoi le ticket ?") == ["c'est quoi le ticket ?"]


# --- stored, seeded, exported ----------------------------------------------------------------

def test_the_seed_holds_knowledge_for_the_network_and_every_scheme():
    seed = load_seed(SEED_FILE)
    subjects = {k.subject for k in seed.knowledge}
    assert "network" in subjects
    assert {p.key for p in seed.programmes} <= subjects


def test_an_unknown_subject_is_refused_with_its_line(tmp_path):
    (tmp_path / "knowledge.yml").write_text(yaml.safe_dump({"version": 1, "knowledge": [
        {"key": "k1", "subject": "no_such_scheme", "aspect": "duration",
         "answer": {"fr": "x", "en": "x"}, "questions": {"fr": ["q"], "en": ["q"]}}]}))
    main = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    main["include"] = ["knowledge.yml"]
    (tmp_path / "programmes.yml").write_text(yaml.safe_dump(main, allow_unicode=True))
    with pytest.raises(SeedError, match="unknown subject 'no_such_scheme'"):
        load_seed(tmp_path / "programmes.yml")


def test_export_and_seed_round_trip_the_knowledge(database_url, tmp_path):
    with session_scope(database_url) as session:
        apply_seed(session, load_seed(SEED_FILE))
        first = export_seed(session)
    assert first["knowledge"], "the export holds the knowledge"
    path = tmp_path / "export.yml"
    path.write_text(dump(first), encoding="utf-8")
    other = f"sqlite:///{tmp_path / 'other.db'}"
    upgrade(other)
    with session_scope(other) as session:
        apply_seed(session, load_seed(path))
        again = export_seed(session)
    assert yaml.safe_dump(again["knowledge"]) == yaml.safe_dump(first["knowledge"])


def test_reseeding_leaves_a_staff_edit_alone(database_url):
    with session_scope(database_url) as session:
        apply_seed(session, load_seed(SEED_FILE))
        edited = session.execute(select(KnowledgeEntry)).scalars().first()
        key = edited.key
        edited.answer = {"fr": "Réponse de l'équipe.", "en": "The staff's answer."}
        edited.changed_at, edited.changed_by = datetime.now(timezone.utc), "Camille"
    with session_scope(database_url) as session:
        report = apply_seed(session, load_seed(SEED_FILE))
        again = session.execute(select(KnowledgeEntry).where(KnowledgeEntry.key == key)
                                ).scalar_one()
        assert again.answer["fr"] == "Réponse de l'équipe."
    assert key in report.left_alone


# --- every fact, in both languages, through the real assistant ----------------------------

KNOWN = [k for k in load_seed(SEED_FILE).knowledge if k.known]


@needs_model
@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "en"])
async def test_every_fact_is_reached_by_a_question(assistant, language):
    """A question about each known fact gets a reply that carries the fact and its source."""
    missed = []
    for number, item in enumerate(KNOWN):
        question = item.questions.dict()[language][0]
        replies = await assistant.handle(f"fact-{language}-{number}", question,
                                         {"language": language, "language_locked": True})
        said = normalized("\n".join(r.text for r in replies))
        if normalized(item.answer.dict()[language]) not in said or "source" not in said:
            missed.append((item.key, question, said[:160]))
    assert not missed, f"{len(missed)} of {len(KNOWN)} facts missed: {missed}"
