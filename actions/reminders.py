"""Subscribing to reminders and stopping them, from the chat or a reminder's button.

What to remind comes from a button's `target` entity (`event:<id>`, `all`,
`deadline:<programme>`, `everything` to stop all), else from the message: a scheme named
means its deadlines, an event named by its title that event, "all/tous" every event;
otherwise the user picks from buttons. "Mes rappels" shows them, each a button to stop it.
"""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.candidacy_common import button
from actions.common import language_of, latest_entity
from actions.store import session_scope
from actions.texts import CONVERSATION, t
from bot.candidacy.validation import plain
from bot.config import Settings
from bot.dates import event_when
from bot.db import catalogue, reminders
from bot.db.models import Event
from bot.db.queries import as_utc, localized, upcoming_events, utcnow
from bot.reminders.plan import (
    describe_offsets,
    parse_offsets,
    subscribe_payload,
    unsubscribe_payload,
)

EVERYTHING = "everything"
_ALL_WORDS = re.compile(r"\b(tous|toutes|tout|chaque|all|every|each)\b", re.IGNORECASE)
# "Mes rappels", "which reminders do I have": a look at them, not a request to stop them (the
# NLU reads both as unsubscribe_reminders, and one subscription was then gone at once).
_LOOK_WORDS = re.compile(
    r"\b(?:mes|my) (?:rappels|reminders|alertes|alerts|notifications|abonnements|subscriptions)"
    r"\b|\b(?:quels|lesquels|which|what|list\w*|liste|voir|show|see|consulter|afficher|check)\b",
    re.IGNORECASE)
_STOP_WORDS = re.compile(
    r"\b(?:stop\w*|arr[êe]t\w*|plus|anymore|no longer|no more|d[ée]sabonn\w*|d[ée]sinscri\w*|"
    r"d[ée]sactiv\w*|disable\w*|supprim\w*|annul\w*|enl[eè]v\w*|retir\w*|coup\w*|"
    r"unsubscribe\w*|cancel\w*|off|out|remove\w*|delete\w*|don'?t|do not|quit|mute|assez|"
    r"enough)\b", re.IGNORECASE)
_NOT_NAMES = {"les", "des", "pour", "avec", "une", "the", "and", "for", "with"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", plain(text)) if len(w) >= 3 and w not in _NOT_NAMES}


def named_event(text: str, events: list[Event]) -> Event | None:
    """The one event the message names by its title ("un rappel pour l'atelier financement",
    "stop demo day"): two of its title's words, or its only one."""
    said = _words(text)
    scored = []
    for event in events:
        title = _words(" ".join((event.title or {}).values()))
        hits = len(title & said)
        if title and hits >= min(2, len(title)):
            scored.append((hits, event))
    scored.sort(key=lambda pair: -pair[0])
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def asked_event(text: str, events: list[Event]) -> Event | None:
    """The one event a question names by a word of its title no other title holds ("c quand
    le CES ?"), or by two of its title's words (`named_event`)."""
    said = _words(text)
    titles = {event.id: _words(" ".join((event.title or {}).values())) for event in events}
    found = [event for event in events
             if said & titles[event.id] - set().union(*(words for key, words in titles.items()
                                                      if key != event.id))]
    return found[0] if len(found) == 1 else named_event(text, events)


def requested_target(tracker: Tracker, events: list[Event]) -> str | None:
    given = latest_entity(tracker, "target")
    if given:
        return given
    programme = latest_entity(tracker, "programme")
    if programme:
        return reminders.deadlines_target(programme)
    text = tracker.latest_message.get("text") or ""
    event = named_event(text, events)
    if event is not None:
        return reminders.event_target(event.id)
    if _ALL_WORDS.search(text):
        return reminders.ALL
    return None


def only_looks(text: str) -> bool:
    """A message that asks to see one's reminders, not to stop any."""
    return bool(_LOOK_WORDS.search(text)) and not _STOP_WORDS.search(text)


def offsets_text(language: str) -> str:
    return describe_offsets(parse_offsets(Settings.from_env().reminder_offsets), language,
                            CONVERSATION)


def upcoming_event(session: Session, event_id: int) -> Event | None:
    event = session.get(Event, event_id)
    if event is None or event.cancelled or as_utc(event.starts_at) <= utcnow():
        return None
    return event


class ActionSubscribeReminders(Action):
    def name(self) -> str:
        return "action_subscribe_reminders"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language, chat = language_of(tracker), tracker.sender_id
        with session_scope() as session:
            events = upcoming_events(session)
            target = requested_target(tracker, events)
            if target is None and events:
                dispatcher.utter_message(response="utter_reminders_which",
                                         buttons=self.choices(events, language))
                return []
            target = target or reminders.ALL
            answer = self.confirmation(session, target, language, bool(events))
            if answer is None:
                dispatcher.utter_message(response="utter_reminders_event_gone")
                return []
            response, values, then = answer
            new = reminders.subscribe(session, chat, target, language)
        dispatcher.utter_message(response=response if new else "utter_reminders_already",
                                 **values)
        if then:
            dispatcher.utter_message(response=then)
        return []

    @staticmethod
    def choices(events: list[Event], language: str) -> list[dict[str, str]]:
        buttons = [button(f"{localized(e.title, language)[:40]} ({event_when(e, language)})",
                          subscribe_payload(reminders.event_target(e.id)))
                   for e in events]
        return [*buttons, button(t("reminders_button_all", language),
                                 subscribe_payload(reminders.ALL))]

    @staticmethod
    def confirmation(session: Session, target: str, language: str, any_upcoming: bool
                     ) -> tuple[str, dict[str, str], str | None] | None:
        """(response, its values, a response to add) for a valid target, else None."""
        values = {"offsets": offsets_text(language)}
        kind, _, key = target.partition(":")
        if target == reminders.ALL:
            return ("utter_reminders_all" if any_upcoming else "utter_reminders_all_none_yet",
                    values, None)
        if kind == "event" and key.isdigit():
            event = upcoming_event(session, int(key))
            if event is None:
                return None
            values.update(title=localized(event.title, language),
                          when=event_when(event, language))
            return "utter_reminders_event", values, None
        if kind == "deadline" and (programme := catalogue.programme(session, key)) is not None:
            values["programme"] = localized(programme.name, language)
            known = any(c.closes_at and as_utc(c.closes_at) > utcnow() for c in programme.calls)
            return ("utter_reminders_deadlines", values,
                    None if known else "utter_reminders_no_deadline_yet")
        return None


class ActionUnsubscribeReminders(Action):
    def name(self) -> str:
        return "action_unsubscribe_reminders"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language, chat = language_of(tracker), tracker.sender_id
        text = (tracker.latest_message or {}).get("text") or ""
        target = latest_entity(tracker, "target")
        looking = target is None and only_looks(text)
        with session_scope() as session:
            subscriptions = reminders.subscriptions_of(session, chat)
            if not subscriptions:
                dispatcher.utter_message(response="utter_unsubscribe_none")
                return []
            if target is None and not looking:
                target = self.named(session, tracker, subscriptions)
            if target is None and len(subscriptions) == 1 and not looking:
                target = subscriptions[0].target
            if target is None:
                labels = [self.label(session, s.target, language) for s in subscriptions]
                buttons = [button(label, unsubscribe_payload(s.target))
                           for label, s in zip(labels, subscriptions, strict=True)]
                buttons.append(button(t("reminders_button_everything", language),
                                      unsubscribe_payload(EVERYTHING)))
                if looking:
                    dispatcher.utter_message(response="utter_reminders_yours", buttons=buttons,
                                             reminders="\n".join(f"• {label}"
                                                                  for label in labels))
                else:
                    dispatcher.utter_message(response="utter_unsubscribe_which",
                                             buttons=buttons)
                return []
            label = self.label(session, target, language)
            removed = reminders.unsubscribe(session, chat,
                                            None if target == EVERYTHING else target)
        if removed:
            dispatcher.utter_message(response="utter_unsubscribe_done", what=label)
        else:
            dispatcher.utter_message(response="utter_unsubscribe_not_found")
        return []

    @staticmethod
    def named(session: Session, tracker: Tracker, subscriptions: list) -> str | None:
        """The subscription the message names: a scheme's deadlines, or an event's title."""
        targets = {s.target for s in subscriptions}
        programme = latest_entity(tracker, "programme")
        if programme and reminders.deadlines_target(programme) in targets:
            return reminders.deadlines_target(programme)
        events = [session.get(Event, int(key)) for kind, _, key in
                  (target.partition(":") for target in targets)
                  if kind == "event" and key.isdigit()]
        event = named_event((tracker.latest_message or {}).get("text") or "",
                            [e for e in events if e is not None])
        return reminders.event_target(event.id) if event is not None else None

    @staticmethod
    def label(session: Session, target: str, language: str) -> str:
        """How the user would name a subscription."""
        if target == EVERYTHING:
            return t("reminders_label_everything", language)
        if target == reminders.ALL:
            return t("reminders_label_all", language)
        kind, _, key = target.partition(":")
        if kind == "event" and key.isdigit():
            event = session.get(Event, int(key))
            if event is not None:
                return t("reminders_label_event", language, title=localized(event.title, language))
        if kind == "deadline":
            programme = catalogue.programme(session, key)
            if programme is not None:
                return t("reminders_label_deadlines", language,
                         programme=localized(programme.name, language))
        return target
