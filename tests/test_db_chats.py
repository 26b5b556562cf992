"""The buttons the bot issued under its messages: only their data is accepted back."""

from __future__ import annotations

from bot.db.chats import issue_keyboard, was_issued
from bot.db.privacy import erase_chat
from bot.db.session import session_scope


def test_only_the_data_issued_under_that_message_of_that_chat_is_recognised(database_url):
    with session_scope() as session:
        issue_keyboard(session, "7", 100, ["lang:fr", "lang:en"])
    with session_scope() as session:
        assert was_issued(session, "7", 100, "lang:en")
        assert not was_issued(session, "7", 100, "forget:yes")  # not under that message
        assert not was_issued(session, "7", 101, "lang:en")  # another message
        assert not was_issued(session, "8", 100, "lang:en")  # another chat
        assert not was_issued(session, "7", None, "lang:en")
        assert not was_issued(session, "7", 100, None)


def test_buttons_issued_again_under_a_message_replace_the_first_ones(database_url):
    with session_scope() as session:
        issue_keyboard(session, "7", 100, ["lang:fr"])
    with session_scope() as session:
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
