"""While a person of the team is awaited: what becomes of the person's messages.

Channel-free: the Telegram handlers (through `bot.telegram.desk.relay`) and the console
both ask `decide`. The design (docs/architecture.md, "The path of a handoff"):

- every message is passed to the staff (the transcript; the staff chat on Telegram);
- until someone of the staff takes the request, the assistant still answers the questions it
  can answer (a scheme, the network, events...; never a form, whose answers are personal);
  anything else gets "passed on to the team; I can answer your questions meanwhile" the first
  time (out of office hours: from when), and nothing after, so as not to talk over the staff;
- once a person of the staff has taken it, the conversation is theirs: relayed only;
- "laisse tomber", "never mind" (intent `cancel`), the button under the confirmation, or "non"
  right after the request withdraws it: closed, the staff told, the assistant answers again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from rasa.shared.core.events import BotUttered

from bot.assistant.runtime import Assistant, as_typed
from bot.config import Settings
from bot.db import handoffs
from bot.db.queries import as_utc, utcnow
from bot.db.session import session_scope
from bot.i18n import t
from bot.reply import Reply
from bot.staff.office_hours import OfficeHours

WITHDRAW = "/cancel"  # the button under the confirmation: `cancel`, as "laisse tomber" is
KEEP_WAITING = "/handoff_keep_waiting"  # buttons of "nobody answered yet": never Rasa's
LEAVE_EMAIL = "/handoff_leave_email"
OWN_PAYLOADS = (KEEP_WAITING, LEAVE_EMAIL)
ASK_AGAIN = "/request_human"
# What the assistant answers while nobody of the staff has taken the request: questions.
ANSWERED_WHILE_WAITING = (
    "ask_knowledge", "ask_programme_info", "ask_eligibility", "ask_funding", "ask_deadline",
    "ask_application_process", "follow_up", "list_programmes", "ask_events", "ask_contact",
    "ask_about_network", "ask_capabilities", "ask_candidacy_status", "bot_challenge")
# A question is answered only when the NLU is sure of it: a message meant for the staff read
# as a question ("message numéro 3" as the contact) would be answered beside the point.
ANSWER_MIN_CONFIDENCE = 0.6
KNOWLEDGE_MIN_SCORE = 0.5  # a stored fact's match, as the knowledge router scores it
CONFIRMATIONS = ("utter_handoff_opened", "utter_handoff_opened_out_of_hours")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
RELAYS_PER_MINUTE = 10  # a user's messages passed to the staff, per handoff
RELAY_WINDOW = timedelta(minutes=1)


@dataclass
class Step:
    """What to do with one message: withdraw, pass it on, let the assistant answer it, and
    what the runtime itself tells the person (`note`)."""

    withdraw: bool = False
    relay: bool = False
    answer: bool = False
    note: Reply | None = None
    replies: list[Reply] = field(default_factory=list)


def _hours() -> OfficeHours:
    return OfficeHours.parse(Settings.from_env().office_hours)


def withdraw_button(language: str) -> dict[str, str]:
    return {"title": t("button_withdraw", language), "payload": WITHDRAW}


def relayed_note(language: str) -> Reply:
    """'Passed on to the team' (with when, out of office hours), and the withdraw button."""
    hours, now = _hours(), utcnow()
    text = (t("waiting_relayed", language) if hours.is_open(now) else
            t("waiting_relayed_out_of_hours", language, when=hours.when(now, language)))
    return Reply(text, [withdraw_button(language)])


def wait_over_reply(language: str) -> Reply:
    """'Nobody has answered yet': wait, go on with the assistant (withdraw), leave an e-mail."""
    return Reply(t("waiting_over", language), [
        {"title": t("button_keep_waiting", language), "payload": KEEP_WAITING},
        {"title": t("button_back_to_assistant", language), "payload": WITHDRAW},
        {"title": t("button_leave_email", language), "payload": LEAVE_EMAIL}])


def withdrawn_reply(language: str) -> Reply:
    return Reply(t("waiting_withdrawn", language),
                 [{"title": t("button_ask_again", language), "payload": ASK_AGAIN}])


async def _just_asked(assistant: Assistant, chat_id: str) -> bool:
    """The assistant's last words were the request's confirmation ("non" is about it)."""
    tracker = await assistant.agent.tracker_store.retrieve(chat_id)
    said = [e for e in (tracker.events if tracker else []) if isinstance(e, BotUttered)]
    return bool(said) and (said[-1].metadata or {}).get("utter_action") in CONFIRMATIONS


async def decide(assistant: Assistant, chat_id: str, handoff_id: int, text: str,
                 payload: bool) -> Step:
    """What becomes of a message written while `handoff_id` (active) waits or runs."""
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        status, language = handoff.status, handoff.language
    language = await assistant.language_of(chat_id, language)
    if payload:
        return await _pressed(assistant, chat_id, handoff_id, text, status, language)
    parsed = await assistant.agent.parse_message(as_typed(text))
    intent, sure = (parsed.get("intent") or {}).get("name"), _sure(parsed)
    if intent == "cancel" or (intent == "deny" and status == "open"
                              and await _just_asked(assistant, chat_id)):
        return Step(withdraw=True)
    if status != "open":  # a person of the staff has it: theirs
        return Step(relay=True)
    if EMAIL.search(text):
        return Step(relay=True, note=Reply(t("waiting_email_noted", language)))
    if (intent in ANSWERED_WHILE_WAITING and sure
            and not await assistant.answering_form(chat_id)):
        return Step(relay=True, answer=True)
    if intent == "request_human":
        return Step(relay=True, note=Reply(t("waiting_already_asked", language),
                                           [withdraw_button(language)]))
    with session_scope() as session:
        first = handoffs.acknowledge(handoffs.get_handoff(session, handoff_id))
    return Step(relay=True, note=relayed_note(language) if first else None)


def _sure(parsed: dict) -> bool:
    """The NLU is sure the message is a question it can answer. A question sent to the
    knowledge base counts when a stored fact matched it well and the classifier read a
    question in it ("toujours là ?" is sent there too, with nothing matched)."""
    intent = parsed.get("intent") or {}
    if intent.get("name") != "ask_knowledge":
        return (intent.get("confidence") or 0) >= ANSWER_MIN_CONFIDENCE
    knowledge = parsed.get("knowledge") or {}
    return ((knowledge.get("score") or 0) >= KNOWLEDGE_MIN_SCORE
            and knowledge.get("intent") in ANSWERED_WHILE_WAITING)


async def _pressed(assistant: Assistant, chat_id: str, handoff_id: int, payload: str,
                   status: str, language: str) -> Step:
    """A button: ours (withdraw, keep waiting, e-mail), or an older one of the assistant's."""
    if payload == WITHDRAW:
        return Step(withdraw=True)
    if payload == KEEP_WAITING:
        return Step(note=Reply(t("waiting_keep", language), [withdraw_button(language)]))
    if payload == LEAVE_EMAIL:
        return Step(note=Reply(t("waiting_email", language)))
    if payload.startswith(ASK_AGAIN):
        return Step(note=Reply(t("waiting_already_asked", language),
                               [withdraw_button(language)]))
    intent = payload.lstrip("/").split("{")[0]  # "/ask_funding{...}": a question's button
    answer = (status == "open" and intent in ANSWERED_WHILE_WAITING
              and not await assistant.answering_form(chat_id))
    return Step(answer=answer)  # answered while nobody took it; any other does nothing


async def withdraw(assistant: Assistant, handoff_id: int) -> tuple[str, str] | None:
    """The person withdrew: a conversation an older version paused answers again, the
    handoff is closed (withdrawn). The chat and language, or None if it was closed already."""
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        if handoff is None or handoff.status == "closed":
            return None
        chat_id = handoff.chat_id
    await assistant.resume(chat_id)
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        if not handoffs.withdraw(handoff):
            return None
        return handoff.chat_id, handoff.language


def keep(handoff_id: int, text: str) -> bool:
    """The message in the handoff's transcript (what the staff read); False beyond
    RELAYS_PER_MINUTE a minute (the console's relay; Telegram's is `relay_from_user`)."""
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        if handoffs.recent_user_messages(handoff, RELAY_WINDOW) >= RELAYS_PER_MINUTE:
            return False
        handoffs.record(handoff, "user", text)
        return True


def wait_over_due(handoff_id: int) -> bool:
    """The set time of office hours has passed without anyone of the staff taking it, and
    the person was not told yet: marks it told (the console asks at each message)."""
    settings = Settings.from_env()
    with session_scope() as session:
        handoff = handoffs.get_handoff(session, handoff_id)
        due = _hours().after(as_utc(handoff.opened_at), settings.handoff_answer_within)
        return utcnow() >= due and handoffs.tell_wait_over(handoff)
