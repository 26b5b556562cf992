"""The advisor's pending question is asked once more after a question of the person's, not
on every turn once they have moved on (an answer is still taken)."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.advisor_ask import moved_on

CHECK = "advisor_check"


def tracker(*events: dict) -> Tracker:
    slots = {"advisor_asked": "founder_from_abroad"}
    return Tracker("someone", slots, {}, list(events), False, None, {}, "action_listen")


def user(text: str) -> dict:
    return {"event": "user", "text": text}


def bot(text: str) -> dict:
    return {"event": "bot", "text": text}


def slot(name: str, value: object) -> dict:
    return {"event": "slot", "name": name, "value": value}


ASKED = [{"event": "active_loop", "name": "advisor_form"}, slot("requested_slot", CHECK),
         slot("advisor_asked", "founder_from_abroad")]


def test_the_question_is_asked_again_after_one_question_of_the_persons():
    assert not moved_on(tracker(*ASKED, user("c quoi le pass ?"), bot("Le Pass…")), CHECK)


def test_not_a_third_time_after_a_second_one():
    assert moved_on(tracker(*ASKED, user("c quoi le pass ?"), *ASKED[1:],
                            user("ça dure combien ?"), bot("L'annonce ne donne pas…")), CHECK)


def test_never_a_silent_turn():
    assert not moved_on(tracker(*ASKED, user("c quoi le pass ?"), *ASKED[1:],
                                user("créée l'an dernier")), CHECK)


def test_a_message_before_the_first_time_it_was_asked_does_not_count():
    assert not moved_on(tracker(slot("requested_slot", "advisor_stage"), user("on est à Paris"),
                                *ASKED[1:], user("créée l'an dernier"), bot("…")), CHECK)


def test_another_question_starts_the_count_again():
    assert not moved_on(tracker(*ASKED, user("c quoi le pass ?"), *ASKED[1:],
                                user("non"), slot("advisor_answers", {"x": False}),
                                slot("advisor_asked", "other"), user("et le ticket ?")),
                        CHECK)
