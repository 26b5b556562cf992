""""Où en est ma candidature ?": the chat's candidacies as the database holds them now.

Each one sent from this chat (anonymised ones are no longer linked to it), newest first, with
its reference, scheme, day sent and status (and since when, once the staff changed it); a
candidacy started and not sent is mentioned too. Statuses are the staff's (`bot.db.candidacies`),
worded in domain.yml.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.candidacy_common import FORM, NETWORK, candidacy_name, in_progress
from actions.candidacy_hear import steps_left
from actions.common import language_of
from actions.store import session_scope
from actions.texts import t
from bot.dates import day_of
from bot.db import catalogue
from bot.db.candidacies import for_chat, status_history
from bot.db.models import Candidacy


def scheme_name(session: Session, key: str | None, language: str) -> str:
    """`candidacy_name` with the scheme read in this session; a stored candidacy to join the
    network has no scheme (the form's slot says "network")."""
    key = key or NETWORK
    return candidacy_name(key, language,
                          catalogue.programme(session, key) if key != NETWORK else None)


def status_line(session: Session, candidacy: Candidacy, language: str) -> str:
    status = t(f"status_{candidacy.status}", language)
    changes = status_history(session, candidacy)
    if changes:
        status = t("candidacy_status_since", language, status=status,
                   date=day_of(changes[-1].changed_at, language))
    return t("candidacy_status_line", language, reference=candidacy.reference,
             programme=scheme_name(session, candidacy.programme_key, language),
             submitted=day_of(candidacy.submitted_at, language), status=status)


def has_candidacy(tracker: Tracker) -> bool:
    """One was sent from this chat, or one is being filled in: "ça en est où ?" asks of it."""
    if tracker.get_slot("candidacy_programme") and (
            tracker.active_loop_name == FORM or in_progress(tracker)):
        return True
    with session_scope() as session:
        return bool(for_chat(session, tracker.sender_id))


class ActionCandidacyStatus(Action):
    def name(self) -> str:
        return "action_candidacy_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        with session_scope() as session:
            lines = [status_line(session, candidacy, language)
                     for candidacy in reversed(for_chat(session, tracker.sender_id))]
            started = tracker.get_slot("candidacy_programme")
            name = scheme_name(session, started, language) if started else None
            draft = name if in_progress(tracker) and not tracker.active_loop_name else None
            filling = name if tracker.active_loop_name == FORM else None
        if lines:
            dispatcher.utter_message(response="utter_candidacy_status",
                                     candidacies="\n".join(lines))
        if filling is not None:  # asked in the middle of the form: this one is not sent yet
            dispatcher.utter_message(text=t("status_filling", language, programme=filling,
                                            count=steps_left(tracker)))
        elif not lines and draft is None:
            dispatcher.utter_message(response="utter_candidacy_status_none")
        if draft is not None:
            dispatcher.utter_message(response="utter_candidacy_status_draft", programme=draft)
        return []
