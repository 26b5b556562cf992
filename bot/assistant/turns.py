"""A turn: one user message run through Rasa once, and the replies it produced.

A turn is named by where the message came from ("tg:<update id>" for Telegram, a random id
for the console) and Rasa keeps that name as the user event's `message_id`. Rasa saves a
turn in one go, the user event with the bot events that answer it; so the conversation
itself says whether a message was already run, and what it answered. A channel that
restarts after a crash finds the turn there, runs nothing again, and sends what is missing.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.reply import Reply


@dataclass
class Turn:
    id: str
    replies: list[Reply] = field(default_factory=list)
    intent: str | None = None
    replayed: bool = False  # the conversation already held it: Rasa did not run it again
    # the language the turn switched the conversation to ("in English please"), if it did: a
    # channel holding a /language choice takes it as the new one (`choose_language`)
    language: str | None = None


def new_turn_id() -> str:
    return uuid.uuid4().hex


def telegram_turn_id(update_id: int) -> str:
    return f"tg:{update_id}"


def reply_of(event: BotUttered) -> Reply | None:
    """What a bot event says, as a channel shows it (None: nothing to show)."""
    buttons = (event.data or {}).get("buttons") or []
    return Reply(event.text or "", list(buttons)) if event.text or buttons else None


def turn_in(tracker: DialogueStateTracker | None, turn_id: str) -> Turn | None:
    """The turn as the conversation holds it, or None if it never completed."""
    if tracker is None:
        return None
    answers: list[BotUttered] = []
    language = None
    for event in reversed(tracker.events):
        if isinstance(event, BotUttered):
            answers.append(event)
        elif isinstance(event, SlotSet) and event.key == "language":
            language = language or event.value  # (the latest one)
        elif isinstance(event, UserUttered):
            if event.message_id == turn_id:
                replies = [r for r in map(reply_of, reversed(answers)) if r is not None]
                return Turn(turn_id, replies, event.intent_name, language=language)
            answers, language = [], None
    return None


def last_turn(tracker: DialogueStateTracker | None) -> Turn | None:
    """The conversation's latest turn (to finish delivering it after a restart)."""
    if tracker is None:
        return None
    user = next((e for e in reversed(tracker.events) if isinstance(e, UserUttered)), None)
    return turn_in(tracker, user.message_id) if user is not None and user.message_id else None


# A plain yes to a message that offered one thing ("🔔 Prévenez-moi du prochain" alone):
# what the button does, as if it were pressed.
ACCEPTS = frozenset((
    "oui", "ouais", "ouep", "yes", "yep", "yeah", "sure", "volontiers", "vas y", "go",
    "oui svp", "oui stp", "oui merci", "oui volontiers", "yes please", "ok vas y", "d accord",
    "oui je veux bien", "je veux bien", "why not", "pourquoi pas", "ok go", "please",
))


def offer_accepted(tracker: DialogueStateTracker | None, text: str) -> str | None:
    """The payload of the one button the latest turn offered, when `text` is a plain yes to
    it; None otherwise, and during a form (where "oui" answers the form's question)."""
    if tracker is None or tracker.active_loop_name:
        return None
    said = " ".join(re.sub(r"[^\w]+", " ", text.lower().replace("-", " ")).split())
    turn = last_turn(tracker)
    buttons = [b for reply in (turn.replies if turn else []) for b in reply.buttons]
    if said not in ACCEPTS or len(buttons) != 1:
        return None
    return buttons[0].get("payload") or None
