"""The update inbox: stored before confirmation, processed once, pending ones survive."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest
from telegram import Chat, Message, Update

from bot.db.chats import claim_keyboard, pending_updates, preferences, set_language
from bot.db.privacy import erase_chat, export_chat
from bot.db.session import session_scope
from bot.telegram.updates import InboxUpdateProcessor, load_pending, store

pytestmark = pytest.mark.usefixtures("fresh_inbox_memory")


def message_update(update_id: int, chat_id: int = 7, text: str = "bonjour") -> Update:
    chat = Chat(chat_id, Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, datetime.now(timezone.utc), chat,
                                             text=text))


async def test_an_update_is_processed_once_even_if_delivered_twice(database_url):
    processor = InboxUpdateProcessor()
    runs: list[int] = []

    async def handle(update: Update) -> None:
        runs.append(update.update_id)

    update = message_update(1)
    assert [u.update_id for u in store([update])] == [1]
    await processor.do_process_update(update, handle(update))
    assert store([update]) == []  # redelivered after being processed: not taken again
    await processor.do_process_update(update, handle(update))  # already queued twice
    assert runs == [1]
    with session_scope() as session:
        assert pending_updates(session) == []


def test_a_poll_batch_is_stored_in_order_each_update_once(database_url):
    first, second, third = message_update(11), message_update(12, chat_id=8), message_update(13)
    assert [u.update_id for u in store([first, second, first, third])] == [11, 12, 13]
    with session_scope() as session:
        stored = pending_updates(session)
    assert [p["update_id"] for p in stored] == [11, 12, 13]
    assert stored[1]["message"]["chat"]["id"] == 8
    # delivered again before being processed (no confirmation reached Telegram): still to do
    assert [u.update_id for u in store([second, message_update(14)])] == [12, 14]


async def test_the_database_is_asked_only_about_updates_not_seen_stored(database_url,
                                                                        monkeypatch):
    import bot.telegram.updates as updates

    asked: list[int] = []
    original = updates.is_processed
    monkeypatch.setattr(updates, "is_processed", lambda session, update_id: (
        asked.append(update_id), original(session, update_id))[1])
    processor = InboxUpdateProcessor()
    runs: list[int] = []

    async def handle(update: Update) -> None:
        runs.append(update.update_id)

    seen, unseen = message_update(21), message_update(22)
    store([seen])
    await processor.do_process_update(seen, handle(seen))
    await processor.do_process_update(seen, handle(seen))  # queued twice: asked, skipped
    await processor.do_process_update(unseen, handle(unseen))  # e.g. loaded after a restart
    assert runs == [21, 22]
    assert asked == [21, 22]


async def test_an_update_delivered_again_while_it_runs_runs_once(database_url):
    """A webhook retried by Telegram: the copy arrives while the first is being processed."""
    processor = InboxUpdateProcessor()
    runs: list[int] = []
    copies: list[Update] = []

    async def handle(update: Update) -> None:
        runs.append(update.update_id)
        if not copies:
            copies.extend(store([message_update(31)]))  # delivered again meanwhile

    update = message_update(31)
    assert store([update]) == [update]
    await processor.do_process_update(update, handle(update))
    assert [copy.update_id for copy in copies] == [31]  # still pending when it came back
    await processor.do_process_update(copies[0], handle(copies[0]))
    assert runs == [31]


def test_an_empty_poll_stores_nothing(database_url):
    assert store([]) == []


async def test_updates_of_one_chat_run_in_order_and_chats_run_side_by_side(database_url):
    processor = InboxUpdateProcessor()
    log: list[str] = []

    async def handle(name: str, delay: float) -> None:
        log.append(f"start {name}")
        await asyncio.sleep(delay)
        log.append(f"end {name}")

    first, second, other = message_update(1, 7), message_update(2, 7), message_update(3, 8)
    await asyncio.gather(
        processor.do_process_update(first, handle("a1", 0.2)),
        processor.do_process_update(second, handle("a2", 0)),
        processor.do_process_update(other, handle("b", 0)),
    )
    assert log.index("end a1") < log.index("start a2")
    assert log.index("end b") < log.index("end a1")


async def test_an_update_cancelled_by_shutdown_stays_pending(database_url):
    processor = InboxUpdateProcessor()
    update = message_update(5, text="question")
    store([update])
    task = asyncio.create_task(processor.do_process_update(update, asyncio.sleep(10)))
    await asyncio.sleep(0.05)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    [pending] = load_pending(bot=None)
    assert pending.message.text == "question"


def test_a_keyboard_can_be_used_once(database_url):
    with session_scope() as session:
        assert claim_keyboard(session, "7", 10) is True
        assert claim_keyboard(session, "7", 10) is False
        assert claim_keyboard(session, "7", 11) is True


def test_the_press_that_used_a_keyboard_is_still_its_first_use_when_processed_again(
        database_url):
    """After a crash the inbox processes the same press again: it must not be refused."""
    with session_scope() as session:
        assert claim_keyboard(session, "7", 10, update_id=500) is True
    with session_scope() as session:
        assert claim_keyboard(session, "7", 10, update_id=500) is True
        assert claim_keyboard(session, "7", 10, update_id=501) is False
        assert claim_keyboard(session, "7", 10) is False


def test_language_preference_is_stored_only_when_chosen(database_url):
    with session_scope() as session:
        assert preferences(session, "7", "fr-FR") == ("fr", False)
        assert preferences(session, "7", "de") == ("en", False)
        assert export_chat(session, "7")["profile"] is None
        set_language(session, "7", "fr")
    with session_scope() as session:
        assert preferences(session, "7", "en") == ("fr", True)
        erase_chat(session, "7")
    with session_scope() as session:
        assert export_chat(session, "7")["profile"] is None


def test_only_our_languages_can_be_stored(database_url):
    with session_scope() as session, pytest.raises(ValueError, match="xx"):
        set_language(session, "chat-9", "xx")
