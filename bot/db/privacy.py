"""GDPR: everything stored about a chat, as a document, and its erasure."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import MetaData, Table, delete, inspect, select, update
from sqlalchemy.orm import Session

from bot.db import handoffs, outbox, reminders, turns
from bot.db.candidacies import anonymise_for_chat, as_dict, for_chat
from bot.db.models_chats import ChatProfile, InboxUpdate, IssuedKeyboard, UsedKeyboard

RASA_EVENTS = "events"  # Rasa's SQLTrackerStore table
# What the conversation remembers about the person (the candidacy's answers are exported as
# candidacies once sent): the language, the scheme discussed, the advisor's answers.
REMEMBERED_SLOTS = ("language", "programme", "advisor_stage", "advisor_region", "advisor_town",
                    "advisor_need", "advisor_priority", "advisor_answers")


def rasa_events(session: Session) -> Table | None:
    bind = session.get_bind()
    if not inspect(bind).has_table(RASA_EVENTS):
        return None
    return Table(RASA_EVENTS, MetaData(), autoload_with=bind)


def _when(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")


def export_chat(session: Session, chat_id: str) -> dict[str, Any]:
    profile = session.get(ChatProfile, chat_id)
    conversation: list[dict[str, Any]] = []
    slots: dict[str, Any] = {}
    events = rasa_events(session)
    if events is not None:
        rows = session.execute(select(events.c.data).where(events.c.sender_id == chat_id)
                               .order_by(events.c.id)).scalars()
        for raw in rows:
            event = json.loads(raw)
            if event.get("event") in ("user", "bot") and event.get("text"):
                conversation.append({"time": _when(event.get("timestamp")),
                                     "from": event["event"], "text": event["text"]})
            elif event.get("event") == "slot" and event.get("name") in REMEMBERED_SLOTS:
                slots[event["name"]] = event.get("value")
    pending = session.execute(select(InboxUpdate.update_id).where(
        InboxUpdate.chat_id == chat_id, InboxUpdate.payload.is_not(None))).scalars()
    return {
        "chat_id": chat_id,
        "profile": None if profile is None else {
            "language": profile.language,
            "language_chosen_explicitly": profile.language_locked,
            "first_contact": profile.created_at.isoformat(timespec="seconds"),
        },
        "conversation": conversation,
        "conversation_state": slots,
        "messages_waiting_to_be_processed": len(list(pending)),
        **reminders.export_for_chat(session, chat_id),
        "candidacies": [as_dict(c) for c in for_chat(session, chat_id)],
        "conversations_with_staff": [handoffs.as_dict(h)
                                     for h in handoffs.for_chat(session, chat_id)],
    }


def erase_chat(session: Session, chat_id: str) -> dict[str, Any]:
    """Delete the conversation and preferences of a chat, anonymise its candidacies.

    Returns counts per kind, and the references of the candidacies kept (anonymised).
    """
    counts: dict[str, Any] = {"conversation_events": 0,
                              "candidacies_kept": anonymise_for_chat(session, chat_id)}
    events = rasa_events(session)
    if events is not None:
        counts["conversation_events"] = session.execute(
            delete(events).where(events.c.sender_id == chat_id)).rowcount
    counts["conversations_with_staff"] = handoffs.erase_for_chat(session, chat_id)
    counts["subscriptions"] = reminders.erase_for_chat(session, chat_id)
    counts["messages_owed"] = outbox.erase_for_chat(session, chat_id)
    counts["profile"] = session.execute(
        delete(ChatProfile).where(ChatProfile.chat_id == chat_id)).rowcount
    # Processed updates keep only their id (to recognise a redelivery): unlink it from the chat.
    # Messages not yet processed stay until answered, then lose their text like any other.
    session.execute(update(InboxUpdate).where(InboxUpdate.chat_id == chat_id,
                                              InboxUpdate.payload.is_(None))
                    .values(chat_id=None))
    session.execute(delete(UsedKeyboard).where(UsedKeyboard.chat_id == chat_id))
    session.execute(delete(IssuedKeyboard).where(IssuedKeyboard.chat_id == chat_id))
    turns.erase_for_chat(session, chat_id)
    return counts
