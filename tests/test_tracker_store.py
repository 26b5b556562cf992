"""The tracker store keeps the conversation it saved, and never serves one SQL no longer holds."""

from __future__ import annotations

from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import func, select

from bot.db.privacy import erase_chat
from bot.db.session import session_scope
from bot.rasa_patches.tracker_store import CachedSQLTrackerStore, tracker_store_for

DOMAIN = Domain.load(Path(__file__).parent.parent / "domain.yml")


def make_store(url: str, cache_size: int = 10) -> CachedSQLTrackerStore:
    store = tracker_store_for(url, cache_size=cache_size, cached=True)
    store.domain = DOMAIN
    return store


def rasa_store(url: str) -> SQLTrackerStore:
    """Rasa's own store on the same database: what a restarted process would read."""
    store = tracker_store_for(url, cached=False)
    store.domain = DOMAIN
    return store


def a_turn(tracker: DialogueStateTracker, text: str) -> None:
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    tracker.update(SlotSet("language", "fr"))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(ActionExecuted("action_listen"))


async def a_conversation(store: CachedSQLTrackerStore, sender: str,
                         turns: int = 2) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    for turn in range(turns):
        tracker = await store.retrieve(sender)
        a_turn(tracker, f"message {turn}")
        await store.save(tracker)
    return tracker


def stored_rows(store: SQLTrackerStore, sender: str) -> int:
    """Rows of the conversation, the `action_session_start` before its session included."""
    with store.session_scope() as session:
        return session.execute(select(func.count()).where(
            store.SQLEvent.sender_id == sender)).scalar_one()


def dumped(tracker: DialogueStateTracker | None) -> list[dict]:
    assert tracker is not None
    return [event.as_dict() for event in tracker.events]


async def test_a_conversation_is_served_from_memory_as_sql_holds_it(database_url):
    store = make_store(database_url)
    tracker = await a_conversation(store, "42", turns=3)
    again = await store.retrieve("42")
    assert again is tracker  # not reloaded
    assert dumped(again) == dumped(await rasa_store(database_url).retrieve("42"))


async def test_each_event_is_stored_once(database_url):
    store = make_store(database_url)
    tracker = await a_conversation(store, "42", turns=4)
    assert len(tracker.events) == 2 + 4 * 4
    assert stored_rows(store, "42") == 1 + len(tracker.events)
    assert dumped(await rasa_store(database_url).retrieve("42")) == dumped(tracker)


async def test_a_conversation_erased_elsewhere_is_not_served(database_url):
    store = make_store(database_url)
    await a_conversation(store, "42")
    with session_scope() as session:
        erase_chat(session, "42")
    assert await store.retrieve("42") is None


async def test_events_saved_by_another_process_are_read(database_url):
    store, other = make_store(database_url), make_store(database_url)
    await a_conversation(store, "42")
    tracker = await other.retrieve("42")
    a_turn(tracker, "from another replica")
    await other.save(tracker)
    seen = await store.retrieve("42")
    assert seen.latest_message.text == "from another replica"
    a_turn(seen, "back here")
    await store.save(seen)
    assert dumped(await rasa_store(database_url).retrieve("42")) == dumped(seen)
    assert stored_rows(store, "42") == 1 + len(seen.events)


async def test_a_turn_changed_in_memory_but_not_saved_is_forgotten(database_url):
    store = make_store(database_url)
    await a_conversation(store, "42")
    tracker = await store.retrieve("42")
    a_turn(tracker, "the turn failed before its save")
    served = await store.retrieve("42")
    assert served is not tracker
    assert served.latest_message.text == "message 1"
    assert dumped(served) == dumped(await rasa_store(database_url).retrieve("42"))


async def test_a_tracker_saved_twice_stores_its_new_events_once(database_url):
    store = make_store(database_url)
    await a_conversation(store, "42")
    stale = await rasa_store(database_url).retrieve("42")  # not the one handed out
    a_turn(stale, "saved by a tracker the store did not hand out")
    await store.save(stale)
    await store.save(stale)
    assert stored_rows(store, "42") == 1 + len(stale.events)
    assert dumped(await store.retrieve("42")) == dumped(stale)


async def test_a_new_session_is_read_back_as_rasa_reads_it(database_url):
    store = make_store(database_url)
    tracker = await a_conversation(store, "42")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    fresh = await store.retrieve("42")
    assert fresh is not tracker
    assert dumped(fresh) == dumped(await rasa_store(database_url).retrieve("42"))
    assert len(fresh.events) == 2  # the previous session stays in SQL, out of the tracker


async def test_only_the_most_recent_conversations_are_kept_in_memory(database_url):
    store = make_store(database_url, cache_size=2)
    first = await a_conversation(store, "1")
    for sender in ("2", "3"):
        await a_conversation(store, sender)
    again = await store.retrieve("1")
    assert again is not first
    assert dumped(again) == dumped(first)
    assert len(store._saved) == 2


def counting_stamps(store: CachedSQLTrackerStore) -> list[str]:
    """The senders whose stamp (the check against the database) the store reads."""
    checked: list[str] = []
    original = store._stamp

    def stamp(session, sender_id):  # noqa: ANN001,ANN202
        checked.append(sender_id)
        return original(session, sender_id)

    store._stamp = stamp
    return checked


async def test_within_one_turn_the_database_is_checked_once(database_url):
    store = make_store(database_url)
    await a_conversation(store, "42")
    checked = counting_stamps(store)
    with store.one_turn("42"):
        tracker = await store.retrieve("42")  # checked
        assert await store.retrieve("42") is tracker  # trusted
        a_turn(tracker, "this turn")
        await store.save(tracker)
        assert await store.retrieve("42") is tracker  # what was just saved
    assert checked == ["42"]
    await store.retrieve("42")  # outside a turn: checked again
    assert checked == ["42", "42"]
    assert dumped(await rasa_store(database_url).retrieve("42")) == dumped(tracker)


async def test_a_turn_trusts_only_its_own_conversation(database_url):
    store = make_store(database_url)
    await a_conversation(store, "42")
    await a_conversation(store, "43")
    checked = counting_stamps(store)
    with store.one_turn("42"):
        await store.retrieve("42")
        await store.retrieve("43")
        await store.retrieve("43")
    assert checked == ["42", "43", "43"]


async def test_within_a_turn_a_change_in_memory_not_saved_is_still_forgotten(database_url):
    store = make_store(database_url)
    await a_conversation(store, "42")
    with store.one_turn("42"):
        tracker = await store.retrieve("42")
        a_turn(tracker, "the turn failed before its save")
        served = await store.retrieve("42")
    assert served is not tracker
    assert served.latest_message.text == "message 1"


async def test_a_change_elsewhere_before_the_turn_is_seen(database_url):
    store = make_store(database_url)
    await a_conversation(store, "42")
    with session_scope() as session:
        erase_chat(session, "42")
    with store.one_turn("42"):
        assert await store.retrieve("42") is None


async def test_rows_are_written_as_rasa_writes_them(database_url, tmp_path):
    """Same columns, same values as Rasa's own save (written with the ORM, one by one)."""
    ours = make_store(database_url)
    theirs = rasa_store(f"sqlite:///{tmp_path / 'rasa.db'}")
    tracker = DialogueStateTracker("42", DOMAIN.slots)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    for turn in range(2):
        a_turn(tracker, f"message {turn}")
        for store in (ours, theirs):
            await store.save(tracker)

    def rows(store: SQLTrackerStore) -> list[tuple]:
        event = store.SQLEvent
        with store.session_scope() as session:
            return session.execute(select(
                event.sender_id, event.type_name, event.timestamp, event.intent_name,
                event.action_name, event.data).order_by(event.id)).all()

    assert len(rows(ours)) == 1 + len(tracker.events)  # as counted above: Rasa's way
    assert rows(ours) == rows(theirs)
