"""The runtime in-process: a real trained model, real SQLite, each message checked alone."""

from __future__ import annotations

import pytest

from bot.assistant.runtime import Assistant, as_typed, check_input
from bot.db.queries import list_programmes
from bot.db.session import session_scope
from bot.rasa_patches.tracker_store import innermost
from tests.support.assistant import (
    needs_model,
)


def test_input_checks_name_the_problem():
    assert check_input("   ", 1000) == ("empty", {})
    assert check_input("x" * 1001, 1000) == ("too_long", {"length": 1001, "limit": 1000})
    assert check_input("🚀🚀 !!", 1000) == ("no_text", {})
    assert check_input("Wie hoch ist die Förderung für mein Unternehmen?", 1000) == (
        "other_language", {})
    assert check_input("c'est quoi la bourse french tech ?", 1000) is None
    assert check_input("what is the pass?", 1000) is None


async def texts(assistant: Assistant, sender: str, message: str, **metadata) -> str:
    replies = await assistant.handle(sender, message, metadata)
    assert replies, f"no reply to {message!r}"
    return "\n".join(r.text for r in replies)


@needs_model
@pytest.mark.slow
@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("", "Votre message est vide"),
        ("a" * 10_000, "trop long (10000 caractères, 1000 au plus)"),
        ("😀🚀🎉", "Je ne comprends que le texte"),
        ("Wie hoch ist die Förderung für mein Unternehmen?", "Je ne parle que français et anglais"),
        ("¿Cuánto dinero da la beca para mi empresa?", "I only speak French and English"),
    ],
)
async def test_bad_input_gets_a_clear_answer(assistant, message, expected):
    assert expected in await texts(assistant, "bad-input", message)


@needs_model
@pytest.mark.slow
async def test_an_item_pointed_at_is_answered_and_what_was_typed_is_kept(assistant):
    """"le point 3 c'est quoi ?" after the action plan is read as point 3's words (the totem
    places answer it); the conversation keeps what the person wrote beside it."""
    await texts(assistant, "item", "c'est quoi le plan d'actions ?")
    answer = await texts(assistant, "item", "le point 3 c'est quoi ?")
    assert "Seine Innopolis" in answer
    tracker = await assistant.agent.tracker_store.retrieve("item")
    said = [e for e in tracker.events if getattr(e, "text", None) and e.type_name == "user"]
    assert said[-1].metadata.get("typed") == "le point 3 c'est quoi ?"
    assert said[-1].text.startswith("développer et mettre en réseau les bâtiments totems")


@needs_model
@pytest.mark.slow
async def test_sql_and_markup_are_just_text(assistant):
    answer = await texts(assistant, "sql", "'; DROP TABLE programmes; -- <script>x</script>")
    assert answer
    with session_scope(assistant.settings.database_url) as session:
        assert len(list_programmes(session)) == 7
    follow_up = await texts(assistant, "sql", "c'est quoi le french tech ticket ?")
    assert "pack d'accueil pour les entrepreneurs étrangers" in follow_up


@needs_model
@pytest.mark.slow
async def test_explicit_language_choice_wins_over_detection(assistant):
    answer = await texts(assistant, "locked", "c'est quoi le pass french tech ?",
                         language="en", language_locked=True)
    assert "The Pass French Tech includes Premium support" in answer


@needs_model
@pytest.mark.slow
async def test_the_language_follows_what_the_user_writes(assistant):
    french = await texts(assistant, "switcher", "bonjour, c'est quoi la bourse french tech ?")
    english = await texts(assistant, "switcher", "and how much money is it?")
    assert "fonds d'amorçage" in french
    assert "The 2015 announcement gives no amount" in english


@needs_model
@pytest.mark.slow
@pytest.mark.parametrize(("first", "asking", "switched", "then", "answer"), [
    ("bonjour", "en fait je parle anglais", "Sure, I'll carry on in English.",
     "ok", "All right. Can I help you with anything else?"),
    ("hello", "can you answer in French please?", "D'accord, je continue en français.",
     "ok", "Très bien. Puis-je vous aider sur autre chose ?"),
])
async def test_a_language_asked_for_in_words_is_the_one_answered_in(assistant, first, asking,
                                                                   switched, then, answer):
    sender = f"asks-{asking[:10]}"
    await texts(assistant, sender, first)
    assert switched in await texts(assistant, sender, asking)
    assert answer in await texts(assistant, sender, then)  # too short to tell: it stays


@needs_model
@pytest.mark.slow
async def test_unrelated_messages_are_not_forced_into_an_intent(assistant):
    answer = await texts(assistant, "oos", "what's the weather like in Rouen tomorrow?")
    assert "I can't help with that" in answer or "I didn't understand" in answer


@needs_model
@pytest.mark.slow
async def test_a_typo_in_a_scheme_name_still_finds_it(assistant):
    answer = await texts(assistant, "typo", "c koi le frenchtech tiket")
    assert "pack d'accueil pour les entrepreneurs étrangers" in answer


@pytest.mark.parametrize(("typed", "read"), [
    ("/restart", "restart"),
    ('  /ask_funding{"programme":{"a":1}}', 'ask_funding{"programme":{"a":1}}'),
    ("//back", "back"), ("c'est quoi /ce truc", "c'est quoi /ce truc"), ("bonjour", "bonjour"),
])
def test_typed_text_never_starts_like_an_intent_payload(typed, read):
    assert as_typed(typed) == read


@needs_model
@pytest.mark.slow
async def test_a_typed_restart_is_text_and_a_button_payload_is_an_intent(assistant):
    await texts(assistant, "typed", "c'est quoi le pass french tech ?")
    await assistant.handle("typed", "/restart", {})
    tracker = await assistant.agent.tracker_store.retrieve("typed")
    assert not any(e.type_name == "restart" for e in tracker.events)
    assert tracker.get_slot("programme") == "pass_french_tech"  # nothing was reset
    pressed = await assistant.handle("typed", '/ask_funding{"programme":"french_tech_ticket"}',
                                     {}, payload=True)
    assert "French Tech Ticket" in "\n".join(r.text for r in pressed)


def user_texts(tracker) -> list[str]:
    return [e.text for e in tracker.events if e.type_name == "user"]


@needs_model
@pytest.mark.slow
async def test_a_turn_the_conversation_holds_is_answered_again_without_running_again(assistant):
    """After a crash the same update comes back: same replies, the message held once."""
    first = await assistant.take_turn("replay", "c'est quoi le pass french tech ?",
                                      turn_id="tg:900")
    again = await assistant.take_turn("replay", "c'est quoi le pass french tech ?",
                                      turn_id="tg:900")
    assert not first.replayed and again.replayed
    assert again.replies == first.replies and first.replies
    assert again.intent == first.intent == "ask_programme_info"
    tracker = await assistant.agent.tracker_store.retrieve("replay")
    assert user_texts(tracker) == ["c'est quoi le pass french tech ?"]


@needs_model
@pytest.mark.slow
async def test_another_turn_with_the_same_text_runs(assistant):
    await assistant.take_turn("twice", "bonjour", turn_id="tg:901")
    second = await assistant.take_turn("twice", "bonjour", turn_id="tg:902")
    assert not second.replayed
    tracker = await assistant.agent.tracker_store.retrieve("twice")
    assert user_texts(tracker) == ["bonjour", "bonjour"]


@needs_model
@pytest.mark.slow
async def test_a_replayed_form_answer_is_not_read_as_the_next_answer(assistant):
    await assistant.take_turn("form-replay", "je veux candidater au pass french tech",
                              turn_id="tg:910")
    asked = await assistant.take_turn("form-replay", "Camille Martin", turn_id="tg:911")
    again = await assistant.take_turn("form-replay", "Camille Martin", turn_id="tg:911")
    assert again.replies == asked.replies
    tracker = await assistant.agent.tracker_store.retrieve("form-replay")
    assert user_texts(tracker).count("Camille Martin") == 1
    assert tracker.active_loop_name == "candidacy_form"


@needs_model
@pytest.mark.slow
async def test_a_near_domain_question_is_refused_with_a_person_offered(assistant):
    replies = await assistant.handle("near", "quel statut juridique choisir pour ma boite ?", {})
    answer = "\n".join(r.text for r in replies)
    assert "Je ne peux pas vous aider là-dessus" in answer
    assert "Pass French Tech" not in answer  # no scheme's fact in a refusal
    assert "/request_human" in [b["payload"] for r in replies for b in r.buttons]


@needs_model
@pytest.mark.slow
async def test_an_address_at_the_end_of_a_french_conversation_keeps_it_french(assistant):
    await texts(assistant, "address", "bonjour, c'est quoi la bourse french tech ?")
    answer = await texts(assistant, "address", "jean.dupont@example.org")
    assert "Sorry" not in answer and "I can't" not in answer


@needs_model
@pytest.mark.slow
async def test_a_turn_checks_the_stored_conversation_once(assistant, monkeypatch):
    """The check for a held turn, Rasa's read and the read of the replies: one query."""
    store = innermost(assistant.agent.tracker_store)
    await assistant.take_turn("checked-once", "bonjour", turn_id="tg:910")
    checked = []
    original = store._stamp
    monkeypatch.setattr(store, "_stamp", lambda session, sender: (
        checked.append(sender), original(session, sender))[1])
    turn = await assistant.take_turn("checked-once", "c'est quoi le pass french tech ?",
                                     turn_id="tg:911")
    assert turn.replies and not turn.replayed
    assert checked == ["checked-once"]


@needs_model
@pytest.mark.slow
async def test_with_the_patches_off_the_same_runtime_answers_on_rasas_own_store(tmp_path):
    """RASA_PATCHES=off, the safety switch: Rasa as released (its own SQLTrackerStore, the
    `language` slot's custom action run through the endpoint) behind the same runtime path: a
    language followed, a turn held once."""
    from rasa.core.tracker_store import SQLTrackerStore

    from bot import rasa_patches
    from bot.config import Settings
    from tests.support.assistant import MODEL, seeded_database

    was = rasa_patches.installed()
    rasa_patches.uninstall()
    try:
        url = seeded_database(tmp_path)
        off = Assistant.load(Settings(database_url=url, model_path=MODEL, rasa_patches=False))
        assert not rasa_patches.installed()
        assert type(innermost(off.agent.tracker_store)) is SQLTrackerStore
        assert "fonds d'amorçage" in await texts(off, "off", "c'est quoi la bourse french tech ?")
        first = await off.take_turn("off", "and how much money is it?", turn_id="tg:990")
        again = await off.take_turn("off", "and how much money is it?", turn_id="tg:990")
        assert "The 2015 announcement gives no amount" in first.replies[0].text
        assert again.replayed and again.replies == first.replies
        tracker = await off.agent.tracker_store.retrieve("off")
        assert user_texts(tracker)[-1:] == ["and how much money is it?"]
        assert user_texts(tracker).count("and how much money is it?") == 1
    finally:
        if was:
            rasa_patches.install()
