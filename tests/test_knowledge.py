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
from tests.support.assistant import needs_model
from tests.support.factories import SEED_FILE

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


@pytest.mark.parametrize("text", ["is it where the minister came on 1 October 2015?",
                                  "n seine innopolis, thats rouen right?",
                                  "est-ce que le ticket comprend un visa ?"])
def test_an_auxiliary_or_a_tag_makes_a_yes_no_question(text):
    assert form.is_yes_no(text)


@pytest.mark.parametrize("text", ["et rouen ?", "and the attractiveness platform?",
                                  "do you know who runs it?",
                                  "progenn ca rapporte quoi aux entreprises ?"])
def test_a_fragment_an_indirect_question_or_quoi_is_no_yes_no(text):
    assert not form.is_yes_no(text)


@pytest.mark.parametrize(("text", "asked"), [
    ("le ticket french tech c pr qui", "le ticket french tech c'est pour qui"),
    ("ok where do i write 2 them", "ok where do i write to them"),
    ("non je voulais dire l'axe stratégique de Caen", "l'axe stratégique de Caen"),
    ("je demandais pas comment candidater. c'est quoi les hubs ?", "c'est quoi les hubs ?"),
    ("oui mais ca a donné quoi ?", "ca a donné quoi ?"),
    ("le ticket dure 2 ans ?", "le ticket dure 2 ans ?"),  # a number stays a number
])
def test_a_question_is_read_as_asked(text, asked):
    assert form.as_asked(text) == asked


def test_which_one_the_other_and_getting_both():
    assert form.which_scheme("which of those new schemes is aimed at founders from abroad?")
    assert form.which_of_two("et lequel des deux est opéré par Bpi ?")
    assert form.the_other("Et l'autre, il apporte quoi alors ?")
    assert form.asks_combination("can i get the pass and the bourse?", 2)
    assert not form.asks_combination("le pass et le ticket apportent tous les deux de l'argent ?",
                                      2)


def test_a_follow_up_is_read_with_the_question_before_it():
    index = index_of(entry("axis_le_havre", "le havre c'est bien pour une startup logistique ?"),
                     entry("axis_caen", "caen c'est bien pour une startup smart city ?"),
                     entry("mri", "c'est quoi la MRI à caen ?"))
    hit = index.follow_up("and Caen?", "is Le Havre a good place for a logistics startup?",
                          previous="axis_le_havre")
    assert hit is not None and hit.label == "axis_caen"


def test_two_facts_compared_are_found_by_their_own_words():
    index = index_of(entry("seine", "seine innopolis c'est quoi ?"),
                     entry("mri", "c'est quoi la MRI ?"),
                     entry("hours", "c'est ouvert quand ?"))
    labels = [hit.label for hit in index.two_facts(
        "seine innopolis et la MRI, c'est quoi la différence ?", threshold=0.1)]
    assert sorted(labels) == ["mri", "seine"]


def test_a_yes_is_given_only_when_the_fact_settles_the_question():
    index = Index(entry_documents([entry("operator", "la bourse est gérée par bpi ?")]), FORMS,
                  [("operator", "La Bourse French Tech est opérée par Bpi.")])
    assert index.settles("la bourse est gérée par bpi ?", "operator")
    assert not index.settles("is the bourse run by the region?", "operator")


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


@needs_model
@pytest.mark.slow
@pytest.mark.parametrize(("question", "first", "fact"), [
    ("is the mri in rouen?", "No.", "Caen"),  # a town the fact does not name: "No"
    ("Normandy got its French Tech label in 2016, right?", "No.", "25 June 2015"),
    ("is the bourse run by the region?", "No.", "Bpi"),  # a body the fact does not name
    ("does the french tech ticket include a residence permit?", "Yes.", "residence permit"),
])
async def test_a_yes_no_question_is_answered_yes_or_no_only_when_the_fact_says(
        assistant, question, first, fact):
    replies = await assistant.handle(f"yes-no-{question[:12]}", question,
                                     {"language": "en", "language_locked": True})
    said = "\n".join(r.text for r in replies)
    assert said.startswith(first) and fact in said

