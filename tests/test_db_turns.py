"""What reached the user of a conversation's last turn: one row per conversation."""

from __future__ import annotations

import pytest

from bot.db.privacy import erase_chat
from bot.db.session import connection_scope, session_scope
from bot.db.turns import delivered, record_delivered

# The runtime records on a Core connection (every message), other callers in a session.
SCOPES = pytest.mark.parametrize("scope", [session_scope, connection_scope],
                                 ids=["session", "connection"])


def test_nothing_is_delivered_of_a_turn_never_recorded(database_url):
    with session_scope() as session:
        assert delivered(session, "7", "tg:1") == 0


@SCOPES
def test_each_accepted_message_moves_the_count_of_its_turn(database_url, scope):
    with scope() as session:
        record_delivered(session, "7", "tg:1", 1)
    with scope() as session:
        record_delivered(session, "7", "tg:1", 2)
    with session_scope() as session:
        assert delivered(session, "7", "tg:1") == 2


@SCOPES
def test_a_new_turn_replaces_the_previous_one(database_url, scope):
    with scope() as session:
        record_delivered(session, "7", "tg:1", 3)
        record_delivered(session, "8", "tg:2", 1)
    with scope() as session:
        record_delivered(session, "7", "tg:3", 1)
    with session_scope() as session:
        assert delivered(session, "7", "tg:1") == 0  # another turn: nothing of it known
        assert delivered(session, "7", "tg:3") == 1
        assert delivered(session, "8", "tg:2") == 1  # other conversations untouched


def test_forgetting_a_chat_forgets_its_deliveries(database_url):
    with session_scope() as session:
        record_delivered(session, "7", "tg:1", 1)
        record_delivered(session, "8", "tg:2", 1)
    with session_scope() as session:
        erase_chat(session, "7")
    with session_scope() as session:
        assert delivered(session, "7", "tg:1") == 0
        assert delivered(session, "8", "tg:2") == 1
