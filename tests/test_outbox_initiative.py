"""Every message the bot sends on its own initiative goes through the one sender
(bot/db/sender.py): staff notices, a candidacy's new status, a staff reply to a handoff's
person (from the staff chat or the back-office), reminders.

Two checks. In the code: the only functions that call Telegram themselves are the ones named
below, each answering what someone just did (a person's message, a staff command, a button)
or named with its reason; nothing else does, and there is one sender loop and one
MAX_ATTEMPTS. In a run: each kind of message, written by its real path, reaches a recording
Telegram only from inside the sender.
"""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from bot.db import handoffs
from bot.db.reminders import audience, event_target, open_batch, subscribe
from bot.db.sender import SENDING, Sender
from bot.db.session import session_scope
from bot.reminders.fanout import ReminderDeliveries
from bot.staff.applicants import ApplicantMessages, change_status
from bot.staff.office_hours import OfficeHours
from bot.telegram.context import Services
from bot.telegram.desk import relay
from bot.telegram.desk.chat import StaffDesk
from bot.telegram.desk.notices import StaffNotices
from bot.telegram.send import telegram_channel
from tests.support.factories import make_candidacy, make_event

BOT = Path(__file__).resolve().parent.parent / "bot"
# What reaches Telegram: the one send path and the helpers around it.
TELEGRAM = {"send", "send_message", "edit_message_text", "say", "answer", "_tell_user",
            "deliver_turn"}
# Modules whose every function answers what someone just did, in the handling of it.
ANSWERING_MODULES = {
    "bot.telegram.handlers": "a person's message, command or button",
    "bot.telegram.desk.commands": "a staff command, answered in the staff chat",
    "bot.telegram.desk.decisions": "a staff member's decision button or command",
    "bot.telegram.desk.chat": "a staff command refused outside the staff chat",
}
# Functions elsewhere that call Telegram themselves, each with its reason.
ALLOWED = {
    "bot.telegram.send.send": "the one escape-and-send path",
    "bot.telegram.send.deliver_turn": "the assistant's answer to a person's message",
    "bot.telegram.send.say": "a runtime text answering a person's update",
    "bot.telegram.send.answer": "an answer to the update's message",
    "bot.telegram.send.telegram_channel.deliver": "the one sender's channel",
    "bot.telegram.desk.relay.while_waiting": "a person's message while their request waits",
    "bot.telegram.desk.relay.withdraw_handoff": "a person withdrawing their request",
    "bot.telegram.desk.relay.relay_from_user": "a person's message, relayed to the staff chat",
    "bot.telegram.desk.relay._tell_user": "what the staff's button or the person's message does",
    "bot.telegram.desk.relay.take_handoff": "a staff member's Take (button, or back-office action)",
    "bot.telegram.desk.relay.close_handoff": "a staff member's Close (button, /close, back-office)",
    "bot.telegram.desk.relay._one_handoff": "a staff reply about several requests, refused",
    "bot.telegram.desk.relay.on_staff_reply": "a staff reply to a closed request, refused",
    "bot.telegram.desk.relay.on_close_command": "/close in reply to nothing, refused",
    "bot.telegram.desk.notices.erase_from_staff_chat": "a person's /forget: their traces in "
                                                       "the staff chat edited",
}


def telegram_callers() -> set[str]:
    """Every function of bot/ (module.function, nested ones dotted) calling Telegram."""
    found: set[str] = set()
    for path in BOT.rglob("*.py"):
        module = ".".join(path.relative_to(BOT.parent).with_suffix("").parts)

        def visit(node: ast.AST, scope: str, module: str = module) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    visit(child, f"{scope}.{child.name}")
                    continue
                if isinstance(child, ast.Call):
                    name = getattr(child.func, "id", getattr(child.func, "attr", None))
                    if name in TELEGRAM and scope != module:
                        found.add(scope)
                visit(child, scope)

        visit(ast.parse(path.read_text(encoding="utf-8")), module)
    return found


def test_only_answers_call_telegram_themselves():
    callers = telegram_callers()
    others = {c for c in callers
              if not any(c.startswith(module + ".") for module in ANSWERING_MODULES)}
    assert others - set(ALLOWED) == set(), "send it through the outbox (bot.db.sender)"
    assert set(ALLOWED) - others == set(), "a named exception no longer exists: remove it"
    for module in ("bot.staff", "bot.reminders", "bot.office", "bot.db"):
        assert not [c for c in callers if c.startswith(module + ".")], module


def test_one_sender_loop_and_one_policy():
    sources = {p: p.read_text(encoding="utf-8") for p in BOT.rglob("*.py")}
    assert [p.name for p, s in sources.items() if "MAX_ATTEMPTS =" in s] == ["outbox.py"]
    waiting = [p.name for p, s in sources.items() if "wake.wait()" in s]
    assert waiting == ["sender.py"]


class Telegram:
    """A recording Bot: each message with the outbox it was sent from (None: directly)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str | None]] = []

    async def send_message(self, chat_id, text, **options) -> SimpleNamespace:  # noqa: ANN001
        self.sent.append((str(chat_id), text, SENDING.get()))
        return SimpleNamespace(message_id=700 + len(self.sent))


async def test_each_kind_of_message_reaches_telegram_from_the_sender(database_url):
    desk = StaffDesk(-100, "fr", OfficeHours.parse("mon-sun 00:00-23:59"), timedelta(hours=1))
    bot = Telegram()
    context = SimpleNamespace(bot=bot, application=SimpleNamespace(bot_data=Services(staff=desk)))
    with session_scope() as session:
        handoff = handoffs.open_handoff(session, chat_id="501", language="fr",
                                        reason="request", user_name="Jeanne")  # a notice
        session.flush()
        handoff_id = handoff.id
        reference = make_candidacy(session, chat_id="502").reference
        change_status(session, reference, "accepted", "Camille")  # a status message
        event = make_event(session, "Apéro", in_days=2)
        subscribe(session, "503", event_target(event.id), "fr")  # a reminder
        open_batch(session, f"announce:{event.id}", "announce",
                   audience(session, [event_target(event.id)]), event_id=event.id)
    with session_scope() as session:  # another person's request, nobody took it in time
        waiting_id = handoffs.open_handoff(session, chat_id="504", language="en",
                                           reason="request").id
    assert await relay.reply_from_office(context, desk, handoff_id, "Camille", "Bonjour")
    await relay.tell_wait_over(desk, waiting_id)  # the timer's job (bot.staff.timers)
    direct = list(bot.sent)
    sender = Sender([StaffNotices(desk), ApplicantMessages(), ReminderDeliveries()],
                    telegram_channel(bot))
    while await sender.send_pending():
        pass
    by_sender = {(chat, source) for chat, _, source in bot.sent}
    assert by_sender == {("-100", "staff notices"), ("501", "applicants"),
                         ("502", "applicants"), ("503", "reminders"), ("504", "applicants")}
    assert direct == []  # nothing reached Telegram but through the sender
    staff = "\n".join(text for chat, text, _ in bot.sent if chat == "-100")
    assert "back-office (demande #" in staff and f"Demande #{waiting_id} : la personne" in staff
