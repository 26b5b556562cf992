"""The assistant in one process: the Rasa agent, its SQL tracker store and the actions.

What reaches into Rasa (the patches, the cached tracker store, the in-process action
endpoint, private attributes) is in `bot.rasa_patches`, behind its one version guard; here,
one path whether the patches are on or off.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, ConversationResumed

from bot import rasa_patches
from bot.assistant.items import (
    corrected_subject,
    referred_item,
    referred_other,
    referred_side,
)
from bot.assistant.language import is_foreign, request_and_rest, warm_up_language_detection
from bot.assistant.mappings import register as register_slot_mappings
from bot.assistant.turns import Turn, new_turn_id, offer_accepted, turn_in
from bot.config import Settings, language_for
from bot.db.session import session_factory
from bot.i18n import t
from bot.log import configure_logging
from bot.rasa_patches.endpoint import action_endpoint
from bot.rasa_patches.tracker_store import tracker_store_for, turn_scope
from bot.reply import Reply

logger = logging.getLogger(__name__)


def settle_memory() -> None:
    """After loading: fewer GC pauses, and the loading's scratch memory given back.

    The model and libraries are millions of long-lived objects: frozen, they stay out of the
    collector's full passes (which paused a message for 100 ms or more under load). Loading
    also leaves ~100 MB freed but held by the C allocator; glibc returns it on request.
    """
    gc.collect()
    gc.freeze()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to give back
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def as_typed(text: str) -> str:
    """A user's text as text: never an intent payload (Rasa reads "/intent{...}" as one)."""
    stripped = text.strip()
    return stripped.lstrip("/").strip() if stripped.startswith("/") else text


def check_input(text: str, limit: int) -> tuple[str, dict[str, Any]] | None:
    """Why a message cannot go to the NLU (message key and values), or None if it can."""
    stripped = text.strip()
    if not stripped:
        return "empty", {}
    if len(stripped) > limit:
        return "too_long", {"length": len(stripped), "limit": limit}
    if not any(ch.isalnum() for ch in stripped):
        return "no_text", {}
    if is_foreign(stripped):
        return "other_language", {}
    return None


class Assistant:
    """One entry point for every channel: text in, replies out."""

    def __init__(self, agent: Agent, settings: Settings) -> None:
        self.agent = agent
        self.settings = settings
        self._turn_scope: Callable[[str], AbstractContextManager] = turn_scope(
            agent.tracker_store)

    @classmethod
    def load(cls, settings: Settings | None = None) -> Assistant:
        settings = settings or Settings.from_env()
        configure_logging(settings.log_level)
        rasa_patches.install(settings.rasa_patches)  # the version guard and RASA_PATCHES
        register_slot_mappings()  # used while the patches are installed
        if not settings.model_path.exists():
            raise FileNotFoundError(
                f"No trained model at {settings.model_path}: run `ftbot train` (or `make run`)."
            )
        agent = Agent.load(
            str(settings.model_path),
            tracker_store=tracker_store_for(settings.database_url),  # cached if patched
            # the actions get the assistant's database, not DATABASE_URL (actions/store.py)
            action_endpoint=action_endpoint(settings.action_endpoint_url,
                                            session_factory(settings.database_url)),
        )
        warm_up_language_detection()  # its models load on first use: now, not for a user
        settle_memory()
        return cls(agent, settings)

    async def language_of(self, sender_id: str, chosen: str | None = None, *,
                          locked: bool = False) -> str:
        """The conversation's language by the one rule (bot.config.language_for): the chat's
        `chosen` language when `locked` (its slot then unread), else Rasa's `language` slot,
        else `chosen`, else DEFAULT_LANGUAGE (these settings')."""
        tracker = None if locked else await self.agent.tracker_store.retrieve(sender_id)
        return language_for(chosen, locked=locked,
                            slot=tracker.get_slot("language") if tracker else None,
                            default=self.settings.default_language)

    async def reply_language(self, sender_id: str, metadata: dict[str, Any]) -> str:
        """The language of a reply the runtime writes itself: the same as the assistant's."""
        return await self.language_of(sender_id, metadata.get("language"),
                                      locked=bool(metadata.get("language_locked")))

    async def resume(self, sender_id: str) -> None:
        """After a handoff: Rasa takes the paused conversation back where it left it."""
        tracker = await self.agent.tracker_store.retrieve(sender_id)
        if tracker is not None and tracker.is_paused():
            tracker.update(ConversationResumed())
            # The pause ended the turn before Rasa listened: listen now, so that the next
            # message is matched by the rules like any other.
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
            await self.agent.tracker_store.save(tracker)

    async def intent_of(self, text: str, *, payload: bool = False) -> str | None:
        """The intent the NLU reads in a message (or a button's payload), without a turn."""
        parsed = await self.agent.parse_message(text if payload else as_typed(text))
        return (parsed.get("intent") or {}).get("name")

    async def answering_form(self, sender_id: str) -> bool:
        tracker = await self.agent.tracker_store.retrieve(sender_id)
        return bool(tracker and tracker.active_loop_name)

    async def held_turn(self, sender_id: str, turn_id: str) -> Turn | None:
        """The turn if the conversation already holds it (it ran before a crash)."""
        held = turn_in(await self.agent.tracker_store.retrieve(sender_id), turn_id)
        if held is not None:
            held.replayed = True
        return held

    async def take_turn(self, sender_id: str, text: str,
                        metadata: dict[str, Any] | None = None, *, turn_id: str | None = None,
                        payload: bool = False) -> Turn:
        """Run one user message through Rasa, once: a turn already held is not run again.

        Invalid input gets an explanation and never reaches Rasa. `payload`: `text` is the
        payload of one of our own buttons ("/affirm"). Anything a user typed is text: a
        leading "/" would make Rasa read it as an intent (its built-in /restart among them),
        so it is dropped. The replies are read back from the saved conversation, the same
        way a replayed turn's are, so both say exactly the same.
        """
        with self._turn_scope(sender_id):
            return await self._take_turn(sender_id, text, metadata or {}, turn_id, payload)

    async def _take_turn(self, sender_id: str, text: str, metadata: dict[str, Any],
                         turn_id: str | None, payload: bool) -> Turn:
        held = await self.held_turn(sender_id, turn_id) if turn_id else None
        turn_id = turn_id or new_turn_id()  # new: no conversation can hold it yet
        if held is not None:
            return await self._with_error_reply(sender_id, metadata, held)
        if not payload:
            text = as_typed(text)
            before = await self.agent.tracker_store.retrieve(sender_id)
            typed = text
            # "English please! Is the MRI in Caen?": the question, in the language asked for
            asked, text = self._language_asked(before, text)
            if asked:
                metadata = {**metadata, "language_asked": asked}
            offered = offer_accepted(before, text)
            # "le point 3 c'est quoi ?" after a numbered list: that item's words, as a question
            text, payload = (offered, True) if offered else (
                referred_item(before, text) or referred_other(before, text)
                or referred_side(before, text) or corrected_subject(before, text) or text, False)
            if text != typed:  # what the person wrote is kept beside what it was read as
                metadata = {**metadata, "typed": typed}
        problem = check_input(text, self.settings.max_message_chars)
        if problem and problem[0] == "other_language" and await self.answering_form(sender_id):
            problem = None  # a name or a pitch may look foreign; it is an answer, not a question
        if problem:
            key, values = problem
            language = await self.reply_language(sender_id, metadata)
            return Turn(turn_id, [Reply(t(key, language, **values))])
        message = UserMessage(text.strip(), CollectingOutputChannel(), sender_id,
                              metadata=metadata, message_id=turn_id)
        try:
            await self.agent.handle_message(message)
        except Exception:
            logger.exception("The assistant failed on a message of %s", sender_id)
        tracker = await self.agent.tracker_store.retrieve(sender_id)
        turn = turn_in(tracker, turn_id) or Turn(turn_id)
        return await self._with_error_reply(sender_id, metadata, turn)

    @staticmethod
    def _language_asked(before: Any, text: str) -> tuple[str | None, str]:
        """A language asked for beside something else, and that something else, read as the
        message: the switch alone would leave the question unanswered. Never in a form,
        whose answers never switch the language (`choose_language`)."""
        split = None if before is not None and before.active_loop_name else request_and_rest(text)
        return split if split else (None, text)

    async def _with_error_reply(self, sender_id: str, metadata: dict[str, Any],
                                turn: Turn) -> Turn:
        if not turn.replies:  # a failed action (e.g. action server down): Rasa said nothing
            language = await self.reply_language(sender_id, metadata)
            turn.replies = [Reply(t("error", language))]
        return turn

    async def handle(self, sender_id: str, text: str, metadata: dict[str, Any] | None = None,
                     *, payload: bool = False) -> list[Reply]:
        """Answer one user message (a turn of its own): its replies."""
        return (await self.take_turn(sender_id, text, metadata, payload=payload)).replies
