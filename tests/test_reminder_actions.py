"""Subscribing and unsubscribing in the chat, through the in-process action endpoint."""

from __future__ import annotations

from actions.reminders import named_event
from bot.db.models import Event
from bot.db.reminders import ALL, event_target, subscribe, subscriptions_of
from bot.db.session import session_scope
from tests.support.actions import run_action
from tests.support.factories import make_call, make_event, make_programme


def target(value: str) -> list[dict]:
    return [{"entity": "target", "value": value}]


def subscribed() -> list[str]:
    with session_scope() as session:
        return [s.target for s in subscriptions_of(session, "test-user")]


async def test_the_events_list_has_a_remind_me_button_per_event(database_url):
    with session_scope() as session:
        demo = make_event(session, "Demo day", in_days=3)
        make_event(session, "Apéro", in_days=5)
    [answer] = (await run_action("action_events"))["responses"]
    assert answer["response"] == "utter_events"
    assert [b["title"] for b in answer["buttons"]] == ["🔔 Me rappeler : Demo day",
                                                       "🔔 Me rappeler : Apéro"]
    assert answer["buttons"][0]["payload"] == (
        f'/subscribe_reminders{{"target":"event:{demo.id}"}}')


async def test_with_nothing_upcoming_the_user_may_ask_to_hear_of_the_next(database_url):
    [answer] = (await run_action("action_events", language="en"))["responses"]
    assert answer["response"] == "utter_no_events_at_all"
    assert answer["buttons"] == [{"title": "🔔 Tell me about the next one",
                                  "payload": '/subscribe_reminders{"target":"all"}'}]
    [done] = (await run_action("action_subscribe_reminders", language="en",
                               entities=target(ALL)))["responses"]
    assert done["response"] == "utter_reminders_all_none_yet"
    assert subscribed() == [ALL]


async def test_a_button_subscribes_to_one_event_once(database_url):
    with session_scope() as session:
        event = make_event(session, "Demo day", in_days=3)
    [first] = (await run_action("action_subscribe_reminders",
                                entities=target(event_target(event.id))))["responses"]
    [again] = (await run_action("action_subscribe_reminders",
                                entities=target(event_target(event.id))))["responses"]
    assert first["response"] == "utter_reminders_event" and first["title"] == "Demo day"
    assert first["offsets"].replace("\xa0", " ") == "1 semaine, 1 jour et 2 heures"
    assert again["response"] == "utter_reminders_already"
    assert subscribed() == [event_target(event.id)]


async def test_without_saying_which_the_user_picks_from_the_upcoming_events(database_url):
    with session_scope() as session:
        make_event(session, "Demo day", in_days=3)
    [answer] = (await run_action("action_subscribe_reminders",
                                 text="rappelle moi les evenements"))["responses"]
    assert answer["response"] == "utter_reminders_which"
    assert answer["buttons"][-1]["title"] == "🔔 Tous les événements"
    assert subscribed() == []
    await run_action("action_subscribe_reminders", text="préviens-moi de tous les événements")
    assert subscribed() == [ALL]


async def test_naming_a_scheme_subscribes_to_its_deadlines(database_url):
    with session_scope() as session:
        programme = make_programme(session, "pass_french_tech")
    result = await run_action("action_subscribe_reminders", text="rappelle moi la deadline",
                              entities=[{"entity": "programme", "value": "pass_french_tech"}])
    assert [r["response"] for r in result["responses"]] == [
        "utter_reminders_deadlines", "utter_reminders_no_deadline_yet"]
    with session_scope() as session:
        make_call(session, session.merge(programme))
    await run_action("action_unsubscribe_reminders")
    result = await run_action("action_subscribe_reminders",
                              entities=[{"entity": "programme", "value": "pass_french_tech"}])
    assert [r["response"] for r in result["responses"]] == ["utter_reminders_deadlines"]
    assert subscribed() == ["deadline:pass_french_tech"]


async def test_a_past_cancelled_or_unknown_event_cannot_be_subscribed(database_url):
    with session_scope() as session:
        past = make_event(session, in_days=-1)
        off = make_event(session, in_days=2, cancelled=True)
    for value in (event_target(past.id), event_target(off.id), "event:999", "event:x",
                  "deadline:nope", "whatever"):
        [answer] = (await run_action("action_subscribe_reminders",
                                     entities=target(value)))["responses"]
        assert answer["response"] == "utter_reminders_event_gone", value
    assert subscribed() == []


async def test_unsubscribing_asks_which_when_there_are_several(database_url):
    with session_scope() as session:
        event = make_event(session, "Demo day", in_days=3)
        subscribe(session, "test-user", event_target(event.id), "fr")
        subscribe(session, "test-user", ALL, "fr")
    [which] = (await run_action("action_unsubscribe_reminders"))["responses"]
    assert which["response"] == "utter_unsubscribe_which"
    assert [b["title"] for b in which["buttons"]] == [
        "les rappels de « Demo day »", "les annonces et les rappels de tous les événements",
        "Tout arrêter"]
    [done] = (await run_action("action_unsubscribe_reminders",
                               entities=target(ALL)))["responses"]
    assert (done["response"], done["what"]) == (
        "utter_unsubscribe_done", "les annonces et les rappels de tous les événements")
    assert subscribed() == [event_target(event.id)]
    [last] = (await run_action("action_unsubscribe_reminders", language="en"))["responses"]
    assert (last["response"], last["what"]) == ("utter_unsubscribe_done",
                                                'the reminders of "Demo day"')
    [none] = (await run_action("action_unsubscribe_reminders"))["responses"]
    assert none["response"] == "utter_unsubscribe_none"


async def test_stop_everything_removes_every_subscription(database_url):
    with session_scope() as session:
        subscribe(session, "test-user", ALL, "fr")
        subscribe(session, "test-user", "event:5", "fr")
        subscribe(session, "someone-else", ALL, "fr")
    await run_action("action_unsubscribe_reminders", entities=target("everything"))
    assert subscribed() == []
    with session_scope() as session:
        assert [s.target for s in subscriptions_of(session, "someone-else")] == [ALL]


async def test_an_event_named_by_its_title_is_the_one_subscribed(database_url):
    with session_scope() as session:
        make_event(session, "Demo day Rouen", in_days=3)
        workshop = make_event(session, "Atelier financement", in_days=20)
    [done] = (await run_action("action_subscribe_reminders",
                               text="je veux un rappel pour l'atelier financement"))["responses"]
    assert (done["response"], done["title"]) == ("utter_reminders_event", "Atelier financement")
    assert subscribed() == [event_target(workshop.id)]


async def test_my_reminders_shows_them_and_stops_none(database_url):
    with session_scope() as session:
        event = make_event(session, "Demo day", in_days=3)
        subscribe(session, "test-user", event_target(event.id), "fr")
    for text in ("mes rappels", "quels sont mes rappels ?"):
        [shown] = (await run_action("action_unsubscribe_reminders", text=text))["responses"]
        assert shown["response"] == "utter_reminders_yours"
        assert shown["reminders"] == "• les rappels de « Demo day »"
        assert [b["title"] for b in shown["buttons"]] == ["les rappels de « Demo day »",
                                                          "Tout arrêter"]
    [shown] = (await run_action("action_unsubscribe_reminders", language="en",
                                text="my reminders"))["responses"]
    assert shown["response"] == "utter_reminders_yours"
    assert subscribed() == [event_target(event.id)]
    [done] = (await run_action("action_unsubscribe_reminders",
                               text="plus de rappels"))["responses"]  # the only one: stopped
    assert done["response"] == "utter_unsubscribe_done"
    assert subscribed() == []


async def test_stopping_the_event_named_keeps_the_others(database_url):
    with session_scope() as session:
        demo = make_event(session, "Demo day Rouen", in_days=3)
        workshop = make_event(session, "Atelier financement", in_days=20)
        subscribe(session, "test-user", event_target(demo.id), "fr")
        subscribe(session, "test-user", event_target(workshop.id), "fr")
    [done] = (await run_action("action_unsubscribe_reminders",
                               text="stop rappels demo day"))["responses"]
    assert (done["response"], done["what"]) == ("utter_unsubscribe_done",
                                                "les rappels de « Demo day Rouen »")
    assert subscribed() == [event_target(workshop.id)]


def test_an_event_is_named_by_two_words_of_its_title_or_its_only_one():
    demo, workshop, gala = (Event(id=1, title={"fr": "Demo day Rouen", "en": "Rouen demo day"}),
                            Event(id=2, title={"fr": "Atelier financement"}),
                            Event(id=3, title={"fr": "Gala"}))
    events = [demo, workshop, gala]
    assert named_event("rappelle-moi le demo day", events) is demo
    assert named_event("l'atelier financement svp", events) is workshop
    assert named_event("le gala !", events) is gala
    assert named_event("rappelle-moi à Rouen", events) is None  # one word of three
    assert named_event("rappelle-moi les événements", events) is None
