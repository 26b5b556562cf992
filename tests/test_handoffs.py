"""Handoffs in the database and the actions that open them, without the model."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.db import handoffs
from bot.db.models import StaffNotice
from bot.db.privacy import erase_chat, export_chat
from bot.db.queries import utcnow
from bot.db.session import session_scope
from bot.db.stats import weekly_stats
from tests.support.actions import endpoint
from tests.support.factories import make_settings


def user_event(text: str, intent: str) -> dict:
    return {"event": "user", "text": text, "timestamp": 1_700_000_000,
            "parse_data": {"intent": {"name": intent, "confidence": 0.9}}}


async def run_action(name: str, events: list[dict], sender: str = "chat-1") -> dict:
    latest = events[-1]
    tracker = {"sender_id": sender, "slots": {"language": "fr", "programme": None},
               "latest_message": {**latest["parse_data"], "text": latest["text"],
                                  "metadata": {"user_name": "Jeanne Martin",
                                               "username": "jeanne"}},
               "events": events, "paused": False, "followup_action": None, "active_loop": {},
               "latest_action_name": "action_listen"}
    return await endpoint().request(json={"next_action": name, "sender_id": sender,
                                          "tracker": tracker, "domain": {}, "version": "3.6.2"})


@pytest.fixture
def staff_chat(monkeypatch):
    monkeypatch.setenv("STAFF_CHAT_ID", "-100500")
    monkeypatch.setenv("OFFICE_HOURS", "mon-sun 00:00-23:59")


def open_one(session, chat_id: str = "chat-1", **fields) -> handoffs.Handoff:
    values = {"language": "fr", "reason": "request", "user_name": "Jeanne"} | fields
    return handoffs.open_handoff(session, chat_id=chat_id, **values)


def test_a_chat_has_at_most_one_active_handoff_and_each_gets_one_notice(database_url):
    with session_scope() as session:
        first = open_one(session)
        again = open_one(session)
        assert again.id == first.id
        assert len(handoffs.unsent_notices(session)) == 1
        handoffs.close(first, "Camille")
        assert open_one(session).id != first.id  # a new one once the first is closed


def test_take_and_close_happen_once(database_url):
    with session_scope() as session:
        handoff = open_one(session)
        assert handoffs.take(handoff, "Camille") and not handoffs.take(handoff, "Paul")
        assert handoffs.close(handoff, "Camille") and not handoffs.close(handoff, "Paul")
        assert (handoff.taken_by, handoff.closed_by, handoff.status) == (
            "Camille", "Camille", "closed")


def test_an_untaken_handoff_is_queued_for_a_repost_once(database_url):
    with session_scope() as session:
        handoff = open_one(session)
        taken = open_one(session, chat_id="chat-2")
        handoffs.take(taken, "Camille")
        later = utcnow() + timedelta(minutes=31)
        assert handoffs.queue_reposts(session, timedelta(minutes=30), later) == [handoff]
        assert handoffs.queue_reposts(session, timedelta(minutes=30), later) == []
        kinds = [n.kind for n in handoffs.unsent_notices(session)]
        assert kinds == ["handoff", "handoff", "repost"]


def test_staff_messages_lead_back_to_their_handoff(database_url):
    with session_scope() as session:
        handoff = open_one(session)
        notice = handoffs.unsent_notices(session)[0]
        handoffs.mark_sent(notice, 501)
        handoffs.remember_staff_message(session, 501, handoff.id)
        handoffs.remember_staff_message(session, 502, handoff.id)
        assert handoffs.thread_of(session, handoff.id) == 501
        assert [h.id for h in handoffs.handoffs_of_staff_message(session, 502)] == [handoff.id]
        assert handoffs.handoffs_of_staff_message(session, 999) == []


def test_a_grouped_notice_leads_to_each_of_its_handoffs_not_to_the_last_one(database_url):
    with session_scope() as session:
        first = open_one(session, chat_id="chat-1")
        second = open_one(session, chat_id="chat-2")
        handoffs.remember_staff_message(session, 700, first.id)
        handoffs.remember_staff_message(session, 700, second.id)
        handoffs.remember_staff_message(session, 700, second.id)  # twice: kept once
    with session_scope() as session:
        assert [h.chat_id for h in handoffs.handoffs_of_staff_message(session, 700)] == [
            "chat-1", "chat-2"]


def test_handoffs_are_exported_and_erased_with_the_chat(database_url):
    with session_scope() as session:
        handoff = open_one(session, transcript=[{"by": "user", "text": "bonjour"}])
        handoffs.record(handoff, "staff", "Bonjour !", "Camille")
        handoffs.remember_staff_message(session, 601, handoff.id)
    with session_scope() as session:
        exported = export_chat(session, "chat-1")["conversations_with_staff"]
        assert [m["text"] for m in exported[0]["transcript"]] == ["bonjour", "Bonjour !"]
        assert erase_chat(session, "chat-1")["conversations_with_staff"] == 1
    with session_scope() as session:
        assert handoffs.for_chat(session, "chat-1") == []
        assert session.query(StaffNotice).count() == 0  # cascaded
        assert handoffs.handoffs_of_staff_message(session, 601) == []


async def test_asking_for_a_person_opens_a_handoff_and_the_conversation_goes_on(
        database_url, staff_chat):
    events = [user_event("c'est quoi le pass ?", "ask_programme_info"),
              {"event": "bot", "text": "Le Pass French Tech comprend…", "timestamp": 1},
              user_event("je veux parler à quelqu'un", "request_human")]
    result = await run_action("action_request_human", events)
    assert result["responses"][0]["response"] == "utter_handoff_opened"
    assert result["events"] == []  # not paused: the assistant still answers while it waits
    with session_scope() as session:
        [handoff] = handoffs.list_handoffs(session)
        assert (handoff.user_name, handoff.username, handoff.reason) == (
            "Jeanne Martin", "jeanne", "request")
        assert [m["text"] for m in handoff.transcript] == [
            "c'est quoi le pass ?", "Le Pass French Tech comprend…",
            "je veux parler à quelqu'un"]
        # Rasa's float timestamps are stored as ISO text (UTC): one type in storage.
        assert [m["at"] for m in handoff.transcript] == [
            "2023-11-14T22:13:20+00:00", "1970-01-01T00:00:01+00:00",
            "2023-11-14T22:13:20+00:00"]


async def test_what_the_user_gave_the_form_never_reaches_the_staff(database_url, staff_chat):
    events = [user_event("je veux candidater au pass", "apply"),
              {"event": "active_loop", "name": "candidacy_form", "timestamp": 1},
              user_event("marie.dupont@exemple.fr", "nlu_fallback"),
              user_event("06 12 34 56 78", "nlu_fallback"),
              {"event": "active_loop", "name": None, "timestamp": 2},
              {"event": "bot", "text": "• E-mail : marie.dupont@exemple.fr", "timestamp": 3,
               "metadata": {"utter_action": "utter_candidacy_summary"}},
              user_event("je veux parler à quelqu'un", "request_human")]
    await run_action("action_request_human", events)
    with session_scope() as session:
        [handoff] = handoffs.list_handoffs(session)
        shown = [m["text"] for m in handoff.transcript]
    assert shown == ["je veux candidater au pass", "", "", "", "je veux parler à quelqu'un"]
    assert "marie.dupont" not in str(handoff.transcript)


async def test_out_of_office_hours_the_user_is_told_when_to_expect_an_answer(
        database_url, monkeypatch):
    monkeypatch.setenv("STAFF_CHAT_ID", "-100500")
    monkeypatch.setenv("OFFICE_HOURS", "mon-mon 00:00-00:01")  # practically always closed
    result = await run_action("action_request_human", [user_event("un humain svp",
                                                                  "request_human")])
    response = result["responses"][0]
    assert response["response"] == "utter_handoff_opened_out_of_hours"
    assert response["hours"] == "lun.–lun. 00:00–00:01" and "lundi" in response["when"]


async def test_without_a_staff_chat_the_address_is_given_instead(database_url, monkeypatch):
    monkeypatch.delenv("STAFF_CHAT_ID", raising=False)
    with session_scope() as session:
        make_settings(session)
    result = await run_action("action_request_human", [user_event("un humain", "request_human")])
    assert result["responses"][0]["response"] == "utter_request_human"
    with session_scope() as session:
        assert handoffs.list_handoffs(session) == []


async def test_the_second_misunderstanding_in_a_row_calls_a_person(database_url, staff_chat):
    once = [user_event("c'est quoi le pass", "ask_programme_info"),
            user_event("blorf", "nlu_fallback")]
    first = await run_action("action_fallback", once)
    assert [r["response"] for r in first["responses"]] == ["utter_default"]
    twice = [*once, user_event("zzkq", "out_of_scope")]
    second = await run_action("action_fallback", twice)
    assert [r["response"] for r in second["responses"]] == [
        "utter_handoff_after_fallbacks", "utter_handoff_opened"]
    with session_scope() as session:
        assert [h.reason for h in handoffs.list_handoffs(session)] == ["fallback"]


def test_weekly_stats_count_candidacies_and_handoffs(database_url):
    with session_scope() as session:
        open_one(session)
        stats = weekly_stats(session)
    assert (stats.handoffs, stats.candidacies, stats.messages) == (1, {}, 0)


async def test_a_submitted_candidacy_is_announced_in_the_staff_outbox(database_url, staff_chat):
    from tests.support.actions import complete_slots, run_candidacy_action

    with session_scope() as session:
        make_settings(session)
    sent = await run_candidacy_action("action_submit_candidacy", complete_slots(
        programme="network"))
    reference = sent["responses"][0]["reference"]
    with session_scope() as session:
        [notice] = handoffs.unsent_notices(session)
        assert (notice.kind, notice.candidacy_reference) == ("candidacy", reference)


def test_weekly_stats_give_the_median_time_to_the_staff_first_answer(database_url):
    from datetime import timedelta

    from bot.db.queries import utcnow

    with session_scope() as session:
        for minutes in (4, 10, 30):
            handoff = open_one(session, chat_id=f"chat-{minutes}")
            handoff.opened_at = utcnow() - timedelta(minutes=60)
            handoff.transcript = [*handoff.transcript, {
                "at": (handoff.opened_at + timedelta(minutes=minutes)).isoformat(),
                "by": "staff", "name": "Camille", "text": "Bonjour !"}]
        open_one(session, chat_id="never-answered")
        stats = weekly_stats(session)
    assert stats.handoffs == 4 and stats.first_answer_minutes == 10


def test_a_person_withdraws_a_request_once_and_no_staff_member_closed_it(database_url):
    with session_scope() as session:
        handoff = open_one(session)
        assert handoffs.withdraw(handoff) and not handoffs.withdraw(handoff)
        assert (handoff.status, handoff.closed_by) == ("closed", None)
        assert handoff.withdrawn_at == handoff.closed_at is not None
        assert handoffs.active_handoff(session, "chat-1") is None


def test_the_person_is_told_once_that_messages_reach_the_team(database_url):
    with session_scope() as session:
        handoff = open_one(session)
        assert handoffs.acknowledge(handoff) and not handoffs.acknowledge(handoff)


def test_nobody_answered_is_told_once_and_only_while_nobody_took_it(database_url):
    with session_scope() as session:
        waiting, taken = open_one(session), open_one(session, chat_id="chat-2")
        handoffs.take(taken, "Camille")
        assert handoffs.waiting(session) == [waiting]
        assert not handoffs.tell_wait_over(taken)
        assert handoffs.tell_wait_over(waiting) and not handoffs.tell_wait_over(waiting)
        assert handoffs.waiting(session) == []
