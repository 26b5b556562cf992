"""Answers about the network itself: events, contact, governance, joining."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.candidacy_common import button
from actions.common import (
    CONTACT_EMAIL,
    NETWORK_NAME,
    event_line,
    language_of,
    ordinal_programme,
    programme_facts,
    programme_slot,
    remember_question,
)
from actions.knowledge import user_text
from actions.knowledge_context import FOLLOW_UP_ACTIONS, answer_in_context
from actions.reminders import asked_event
from actions.store import session_scope
from actions.texts import t
from bot.db import catalogue
from bot.db.queries import (
    get_setting,
    list_events,
    localized,
    network_sections,
    upcoming_events,
)
from bot.db.reminders import ALL, event_target
from bot.reminders.plan import subscribe_payload


class ActionEvents(Action):
    def name(self) -> str:
        return "action_events"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        with session_scope() as session:
            events = upcoming_events(session)
            past = [e for e in list_events(session) if not e.cancelled]
        asked = asked_event(user_text(tracker), past)
        if asked is not None:  # "c'est quand le CES ?": that one, past or to come
            dispatcher.utter_message(response="utter_event_asked",
                                     event=event_line(asked, language).lstrip("• "))
            return [SlotSet("last_question", "ask_events")]  # "c ou ?" next: of that event
        tell_me = [button(t("reminders_button_tell_me", language),
                          subscribe_payload(ALL))]
        if events:
            lines = "\n".join(event_line(event, language) for event in events)
            buttons = [button(t("reminders_button_event", language,
                                title=localized(e.title, language)[:40]),
                              subscribe_payload(event_target(e.id)))
                       for e in events]
            dispatcher.utter_message(response="utter_events", events=lines, buttons=buttons)
        elif past:
            last = event_line(past[-1], language).lstrip("• ")
            dispatcher.utter_message(response="utter_no_events", last_event=last,
                                     buttons=tell_me)
        else:
            dispatcher.utter_message(response="utter_no_events_at_all", buttons=tell_me)
        return []


class ActionContact(Action):
    def name(self) -> str:
        return "action_contact"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        key = programme_slot(tracker)
        with session_scope() as session:
            dispatcher.utter_message(
                response="utter_contact",
                network=get_setting(session, NETWORK_NAME),
                email=get_setting(session, CONTACT_EMAIL),
            )
            programme = catalogue.programme(session, key)
            if programme and programme.contact:
                dispatcher.utter_message(
                    response="utter_programme_contact", **programme_facts(programme, language)
                )
        # remembered for a follow-up: "et pour le ticket ?" asks the ticket's contact
        return remember_question(tracker, "ask_contact")


class ActionAboutNetwork(Action):
    def name(self) -> str:
        return "action_about_network"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        if ordinal_programme(tracker):  # "le premier c'est quoi ?" after the advisor's list
            return FOLLOW_UP_ACTIONS["ask_programme_info"]().run(dispatcher, tracker, domain)
        said = answer_in_context(dispatcher, tracker)  # "et ça met en réseau quoi ?"
        if said is not None:
            return said
        language = language_of(tracker)
        with session_scope() as session:
            sections = [
                t("line", language, label=localized(s.title, language),
                  value=localized(s.body, language))
                for s in network_sections(session)
            ]
            name = get_setting(session, NETWORK_NAME)
        dispatcher.utter_message(
            response="utter_about_network", network=name, sections="\n".join(sections)
        )
        return []
