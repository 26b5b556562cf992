"""The buttons the bot issued under its messages: only their data is accepted back."""

from __future__ import annotations

import pytest

from bot.db import chats
from bot.db.chats import (
    is_processed,
    issue_keyboard,
    mark_processed,
    preferences,
    store_updates,
    was_issued,
)
from bot.db.privacy import erase_chat
from bot.db.session import connection_scope, session_scope

# The runtime runs these on a Core connection (every message), other callers in a session.
SCOPES = pytest.mark.parametrize("scope", [session_scope, connection_scope],
                                 ids=["session", "connection"])


@SCOPES
def test_only_the_data_issued_under_that_message_of_that_chat_is_recognised(database_url,
                                                                              scope):
    with scope() as session:
        issue_keyboard(session, "7", 100, ["lang:fr", "lang:en"])
    with session_scope() as session:
        assert was_issued(session, "7", 100, "lang:en")
        assert not was_issued(session, "7", 100, "forget:yes")  # not under that message
        assert not was_issued(session, "7", 101, "lang:en")  # another message
        assert not was_issued(session, "8", 100, "lang:en")  # another chat
        assert not was_issued(session, "7", None, "lang:en")
        assert not was_issued(session, "7", 100, None)


@SCOPES
@pytest.mark.parametrize("upsert", [True, False], ids=["on-conflict", "read-then-write"])
def test_buttons_issued_again_under_a_message_replace_the_first_ones(database_url, scope,
                                                                     upsert, monkeypatch):
    if not upsert:  # as on a database without INSERT ... ON CONFLICT
        monkeypatch.setattr(chats, "_upsert_keyboard", lambda dialect: None)
    with scope() as session:
        issue_keyboard(session, "7", 100, ["lang:fr"])
    with scope() as session:
        issue_keyboard(session, "7", 100, ["forget:yes", "forget:no"])
        issue_keyboard(session, "8", 100, ["lang:en"])
    with session_scope() as session:
        assert not was_issued(session, "7", 100, "lang:fr")
        assert was_issued(session, "7", 100, "forget:no")
        assert was_issued(session, "8", 100, "lang:en")


def test_forgetting_a_chat_forgets_its_buttons(database_url):
    with session_scope() as session:
        issue_keyboard(session, "7", 100, ["lang:fr"])
        issue_keyboard(session, "8", 100, ["lang:fr"])
    with session_scope() as session:
        erase_chat(session, "7")
    with session_scope() as session:
        assert not was_issued(session, "7", 100, "lang:fr")
        assert was_issued(session, "8", 100, "lang:fr")


@SCOPES
def test_an_update_is_stored_until_processed_then_only_its_id_is_kept(database_url, scope):
    with scope() as session:
        assert store_updates(session, [(1, "7", {"update_id": 1})]) == ([1], {1})
    with scope() as session:
        assert not is_processed(session, 1)
        assert store_updates(session, [(1, "7", {"update_id": 1})]) == ([1], set())
        mark_processed(session, 1)
    with scope() as session:
        assert is_processed(session, 1)
        assert store_updates(session, [(1, "7", {"update_id": 1})]) == ([], set())


@SCOPES
def test_an_update_processed_without_being_stored_is_remembered(database_url, scope):
    with scope() as session:
        mark_processed(session, 5)
    with scope() as session:
        assert is_processed(session, 5)
        assert store_updates(session, [(5, "7", {"update_id": 5})]) == ([], set())


@SCOPES
def test_a_chat_has_its_telegram_language_until_it_chooses_one(database_url, scope):
    with scope() as session:
        assert preferences(session, "7", "fr-FR") == ("fr", False)
        assert preferences(session, "7", None) == ("en", False)
