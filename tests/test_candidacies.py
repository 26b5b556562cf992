"""Candidacies in the database: references, duplicates, statuses, anonymisation."""

from __future__ import annotations

import pytest

from bot.db.candidacies import (
    CandidacyFilter,
    DuplicateCandidacy,
    UnknownStatus,
    anonymise_for_chat,
    list_candidacies,
    set_status,
)
from bot.db.privacy import erase_chat, export_chat
from bot.db.session import session_scope
from tests.support.factories import make_candidacy


def apply(session, chat_id="7", programme="bourse_french_tech", **overrides):
    return make_candidacy(session, chat_id, programme, **overrides)


def test_references_are_numbered_per_year(database_url):
    with session_scope() as session:
        first = apply(session, chat_id="1")
        second = apply(session, chat_id="2")
    year = first.year
    assert (first.reference, second.reference) == (f"NFT-{year}-0001", f"NFT-{year}-0002")


def test_a_second_open_candidacy_to_the_same_scheme_is_refused_with_the_first_reference(
        database_url):
    with session_scope() as session:
        first = apply(session)
    with pytest.raises(DuplicateCandidacy) as refused, session_scope() as session:
        apply(session)
    assert refused.value.reference == first.reference
    with session_scope() as session:
        apply(session, programme="pass_french_tech")  # another scheme is fine
        apply(session, programme=None)  # and joining the network
        set_status(session, first.reference, "rejected")
    with session_scope() as session:
        assert apply(session).reference != first.reference  # the first one is closed


def test_statuses_filter_and_unknown_status(database_url):
    with session_scope() as session:
        reference = apply(session).reference
        apply(session, chat_id="8", programme="pass_french_tech")
        set_status(session, reference, "in_review")
        assert [c.reference for c in list_candidacies(
            session, CandidacyFilter(status="in_review"))] == [reference]
        assert len(list_candidacies(session, CandidacyFilter(
            programme_key="pass_french_tech"))) == 1
        with pytest.raises(UnknownStatus):
            set_status(session, reference, "lost")
        assert set_status(session, "NFT-1999-0001", "accepted") is None


def test_forgetting_anonymises_candidacies_and_keeps_the_reference(database_url):
    with session_scope() as session:
        reference = apply(session).reference
        assert export_chat(session, "7")["candidacies"][0]["full_name"] == "Camille Martin"
        assert anonymise_for_chat(session, "7") == [reference]
        erase_chat(session, "7")
    with session_scope() as session:
        assert export_chat(session, "7")["candidacies"] == []
        [kept] = list_candidacies(session)
        assert (kept.reference, kept.full_name, kept.email, kept.chat_id) == (
            reference, None, None, None)
        assert kept.status == "submitted" and kept.anonymised_at is not None
