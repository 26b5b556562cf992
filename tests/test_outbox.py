"""The one sender (bot/db/sender.py) over every outbox: staff notices, messages to applicants,
staff replies to a handoff's person, reminder deliveries. One policy and one crash guarantee,
tested once for all of them:
- a message is sent once and recorded; nothing is lost when the process dies at any moment;
- dying after Telegram took a message and before it was recorded repeats that one message,
  once (Telegram has no idempotent send); dying after the record repeats nothing;
- a refusal (blocked, refused) gives a message up at once; a transient failure is tried
  again, and given up at the MAX_ATTEMPTS-th; a message given up is never sent;
- a wake sends at once.
A process dying is a BaseException out of the channel or the record: nothing after it runs,
as with SIGKILL, and the restart is a new sender with new sources on the same database.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from bot.db import handoffs, outbox
from bot.db.models import Delivery, StaffNotice
from bot.db.models_staff import ApplicantMessage
from bot.db.privacy import erase_chat
from bot.db.queries import utcnow
from bot.db.reminders import audience, event_target, open_batch, subscribe, subscriptions_of
from bot.db.sender import Blocked, Sender, Undeliverable
from bot.db.session import session_scope
from bot.reminders.fanout import ReminderDeliveries
from bot.staff.applicants import ApplicantMessages
from bot.staff.office_hours import OfficeHours
from bot.telegram.context import Services
from bot.telegram.desk import relay
from bot.telegram.desk.chat import StaffDesk
from bot.telegram.desk.notices import StaffNotices
from tests.support.factories import make_event

STAFF = -100
DESK = StaffDesk(STAFF, "fr", OfficeHours.parse("mon-sun 00:00-23:59"), timedelta(hours=1))


class Killed(BaseException):
    """The process dies here (SIGKILL, a power cut): nothing after it runs."""


class Telegram:
    """Stands for Telegram behind the channel: what it took, and what it does next time."""

    def __init__(self) -> None:
        self.took: list[tuple[str, str]] = []
        self.next: list[str] = []  # "die before", "die after", "refuse", "block", "fail"

    async def __call__(self, chat_id, content, keyboard, reply_to=None) -> list[int]:  # noqa: ANN001
        text = content if isinstance(content, str) else "\n".join(r.text for r in content)
        plan = self.next.pop(0) if self.next else "take"
        if plan == "die before":
            raise Killed
        if plan == "refuse":
            raise Undeliverable("Bad Request: chat not found")
        if plan == "block":
            raise Blocked("Forbidden: bot was blocked by the user")
        if plan == "fail":
            raise ConnectionError("network down")
        self.took.append((str(chat_id), text))
        if plan == "die after":
            raise Killed
        return [len(self.took)]

    def count(self, word: str) -> int:
        return sum(word in text for _, text in self.took)


class DyingAfterRecord:
    """A source whose process dies just after a message was recorded as sent."""

    def __init__(self, source) -> None:  # noqa: ANN001
        self.source, self.name = source, source.name

    def due(self):  # noqa: ANN201
        return self.source.due()

    def sent(self, item, message_ids) -> None:  # noqa: ANN001
        self.source.sent(item, message_ids)
        raise Killed

    def attempted(self, item) -> int:  # noqa: ANN001
        return self.source.attempted(item)

    def give_up(self, item, reason) -> None:  # noqa: ANN001
        self.source.give_up(item, reason)


def a_process(telegram: Telegram) -> Sender:
    """The bot's sender as bot/service/process.py wires it, on a fresh start."""
    return Sender([StaffNotices(DESK), ApplicantMessages(), ReminderDeliveries()], telegram)


# Each kind of message the bot sends on its own initiative: how one is written, in a chat of
# its own and with a word its text shows, and what its record says (None: still waiting).

async def notice(word: str) -> int:
    with session_scope() as session:
        return handoffs.open_handoff(session, chat_id=f"chat-{word}", language="fr",
                                     reason="request", user_name=word).id


def notice_state(handoff_id: int) -> str | None:
    with session_scope() as session:
        row = session.execute(select(StaffNotice)
                              .where(StaffNotice.handoff_id == handoff_id)).scalar_one()
        if row.sent_at is None:
            return None
        return "sent" if row.message_id is not None else "given up"


async def status_message(word: str) -> str:
    with session_scope() as session:
        outbox.queue(session, f"chat-{word}", f"Votre candidature : {word}")
    return f"chat-{word}"


async def staff_reply(word: str) -> str:
    """A staff member's answer to a handoff's person, from the staff chat or the office."""
    with session_scope() as session:
        handoff = handoffs.open_handoff(session, chat_id=f"chat-{word}", language="fr",
                                        reason="request", user_name="Jeanne")
        session.flush()
        handoff_id = handoff.id
        for sent in handoffs.unsent_notices(session):  # the staff chat's side: not this test's
            handoffs.mark_sent(sent, 1)
    context = SimpleNamespace(application=SimpleNamespace(bot_data=Services()))
    assert await relay.reply_to_user(context, handoff_id, "Camille", word)
    return f"chat-{word}"


async def offer(word: str) -> str:
    """A message with buttons to a person ("nobody has answered yet": bot.telegram.desk.relay
    .tell_wait_over writes it so, with the staff line below)."""
    with session_scope() as session:
        outbox.queue(session, f"chat-{word}", f"Personne n'a encore répondu, {word}.",
                     [{"title": "Attendre", "payload": "/keep_waiting"}])
    return f"chat-{word}"


async def staff_line(word: str) -> int:
    """A line about a request for the staff chat, its text written with what it tells (the
    echo of a back-office reply, "the person was told nobody answered")."""
    with session_scope() as session:
        handoff = handoffs.open_handoff(session, chat_id=f"chat-{word}", language="fr",
                                        reason="request", user_name="Jeanne")
        session.flush()
        for sent in handoffs.unsent_notices(session):  # the request's notice: not this test's
            if sent.handoff_id == handoff.id:
                handoffs.mark_sent(sent, 1)
        handoffs.notice_line(session, "office_reply", handoff.id,
                             f"💬 Camille a répondu depuis le back-office : {word}")
        return handoff.id


def line_state(handoff_id: int) -> str | None:
    with session_scope() as session:
        row = session.execute(select(StaffNotice).where(
            StaffNotice.handoff_id == handoff_id, StaffNotice.kind == "office_reply")
        ).scalar_one()
        if row.sent_at is None:
            return None
        return "sent" if row.message_id is not None and not row.given_up else "given up"


def message_state(chat_id: str) -> str | None:
    with session_scope() as session:
        row = session.execute(select(ApplicantMessage)
                              .where(ApplicantMessage.chat_id == chat_id)).scalar_one()
        return "sent" if row.sent_at else "given up" if row.given_up else None


async def reminder(word: str) -> str:
    with session_scope() as session:
        event = make_event(session, word, in_days=2)
        subscribe(session, f"chat-{word}", event_target(event.id), "fr")
        open_batch(session, f"announce:{event.id}", "announce",
                   audience(session, [event_target(event.id)]), event_id=event.id)
        return f"announce:{event.id}"


def reminder_state(batch_key: str) -> str | None:
    with session_scope() as session:
        row = session.execute(select(Delivery)
                              .where(Delivery.batch_key == batch_key)).scalar_one()
        return {"pending": None, "sent": "sent"}.get(row.status, "given up")


KINDS = {"staff notice": (notice, notice_state), "status message": (status_message,
                                                                     message_state),
         "staff reply": (staff_reply, message_state), "reminder": (reminder, reminder_state),
         "offer with buttons": (offer, message_state), "staff line": (staff_line, line_state)}


@pytest.fixture(params=list(KINDS))
def kind(request, database_url):  # noqa: ANN001, ANN201
    return KINDS[request.param]


@pytest.fixture
def a_minute_later(monkeypatch):  # noqa: ANN001, ANN201
    """Move the outbox's clock past a claim's lifetime (a restart after a crash)."""
    def later() -> None:
        monkeypatch.setattr(outbox, "utcnow", lambda: utcnow() + outbox.CLAIM_FOR
                            + timedelta(seconds=1))
    return later


async def test_each_message_is_sent_once_and_recorded(kind):
    write, state = kind
    telegram = Telegram()
    first, second = await write("Alpha"), await write("Bravo")
    sender = a_process(telegram)
    assert await sender.send_pending() >= 1
    while await sender.send_pending():
        pass
    assert (telegram.count("Alpha"), telegram.count("Bravo")) == (1, 1)
    assert state(first) == state(second) == "sent"
    assert sender.delivered == len(telegram.took)


@pytest.mark.parametrize("moment, repeats", [("die before", 1), ("die after", 2),
                                             ("die after the record", 1)])
async def test_a_process_killed_while_sending_loses_nothing_and_repeats_at_most_one(
        kind, a_minute_later, moment, repeats):
    """Alpha was sent before; the process dies on Bravo; the restart finishes Bravo and sends
    Charlie, written meanwhile; Alpha is never sent again."""
    write, state = kind
    telegram = Telegram()
    first = await write("Alpha")
    assert await a_process(telegram).send_pending() == 1
    second = await write("Bravo")
    dying = a_process(telegram)
    if moment == "die after the record":
        dying.sources = [DyingAfterRecord(source) for source in dying.sources]
    else:
        telegram.next = [moment]
    with pytest.raises(Killed):
        await dying.send_pending()
    third = await write("Charlie")
    a_minute_later()  # a claim left by the dead process is free again
    restarted = a_process(telegram)
    while await restarted.send_pending():
        pass
    assert [telegram.count(w) for w in ("Alpha", "Bravo", "Charlie")] == [1, repeats, 1]
    assert state(first) == state(second) == state(third) == "sent"


async def test_a_refusal_or_a_block_gives_a_message_up_at_once(kind):
    write, state = kind
    telegram = Telegram()
    refused, blocked = await write("Alpha"), await write("Bravo")
    telegram.next = ["refuse", "block"]
    sender = a_process(telegram)
    while await sender.send_pending():
        pass
    assert telegram.took == [] and state(refused) == state(blocked) == "given up"


async def test_a_failing_message_is_tried_again_then_given_up_at_the_last_attempt(kind):
    write, state = kind
    telegram = Telegram()
    message = await write("Alpha")
    sender = a_process(telegram)
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        telegram.next = ["fail"]
        assert await sender.send_pending() == 0  # not settled: the next pass after TICK
        assert state(message) is None  # still waiting
    telegram.next = ["fail"]
    assert await sender.send_pending() == 1
    assert state(message) == "given up"
    assert await sender.send_pending() == 0 and telegram.took == []


async def test_a_message_that_failed_once_is_sent_at_the_next_pass(kind):
    write, state = kind
    telegram = Telegram()
    message = await write("Alpha")
    telegram.next = ["fail"]
    sender = a_process(telegram)
    await sender.send_pending()
    assert await sender.send_pending() == 1
    assert telegram.count("Alpha") == 1 and state(message) == "sent"


async def test_a_wake_sends_at_once(kind):
    write, state = kind
    telegram = Telegram()
    sender = a_process(telegram)
    task = asyncio.create_task(sender.run())
    try:
        await asyncio.sleep(0.2)  # the sender waits: nothing to send
        message = await write("Alpha")
        sender.wake.set()
        for _ in range(20):  # well before the sender would look again by itself (TICK)
            await asyncio.sleep(0.05)
            if state(message) == "sent":
                break
        assert state(message) == "sent" and telegram.count("Alpha") == 1
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_a_reminder_to_someone_who_blocked_the_bot_ends_their_subscriptions(database_url):
    telegram = Telegram()
    batch = await reminder("Alpha")
    telegram.next = ["block"]
    await a_process(telegram).send_pending()
    with session_scope() as session:
        assert subscriptions_of(session, "chat-Alpha") == []
    assert reminder_state(batch) == "given up"


async def test_a_notice_keeps_a_grouped_message_for_several_waiting_requests(database_url):
    telegram = Telegram()
    for word in ("Alpha", "Bravo", "Charlie"):
        await notice(word)
    assert await a_process(telegram).send_pending() == 1  # one message for the three
    [(chat, text)] = telegram.took
    assert chat == str(STAFF) and all(w in text for w in ("Alpha", "Bravo", "Charlie"))


async def test_a_request_erased_while_its_notice_is_sent_leaves_the_others_recorded(
        database_url):
    """A person's /forget while the grouped notice showing them is on its way."""
    class Forgetting(Telegram):
        async def __call__(self, chat_id, content, keyboard, reply_to=None) -> list[int]:  # noqa: ANN001
            with session_scope() as session:
                erase_chat(session, "chat-Alpha")
            return await super().__call__(chat_id, content, keyboard)

    telegram = Forgetting()
    await notice("Alpha")
    bravo = await notice("Bravo")
    assert await a_process(telegram).send_pending() == 1
    assert notice_state(bravo) == "sent" and len(telegram.took) == 1
    assert await a_process(telegram).send_pending() == 0
