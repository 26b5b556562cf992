"""A staff-chat line about a request — "nobody has answered yet", the echo of a back-office
reply — is sent by the one sender (bot/db/sender.py) as a reply under its request's notice
(`StaffNotices`, bot/telegram/desk/notices.py; `telegram_channel`, bot/telegram/send.py),
alone in its message, and sent all the same when staff deleted that notice. Over real HTTP
against the Bot API test double (devtools/botapi.py), which refuses a reply to a missing
message unless allow_sending_without_reply is set, as Telegram does.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from types import SimpleNamespace

import pytest
from telegram import Bot, ReplyParameters
from telegram.error import BadRequest

from bot.db import handoffs
from bot.db.sender import Sender
from bot.db.session import session_scope
from bot.staff.applicants import ApplicantMessages
from bot.staff.office_hours import OfficeHours
from bot.telegram.context import Services
from bot.telegram.desk import relay
from bot.telegram.desk.chat import StaffDesk
from bot.telegram.desk.notices import StaffNotices
from bot.telegram.send import telegram_channel
from tests.support.staff import STAFF_CHAT, staff_member
from tests.support.telegram_harness import TOKEN, Applicant

people = itertools.count(8101)  # the persons' Telegram chats
DESK = StaffDesk(STAFF_CHAT, "fr", OfficeHours.parse("mon-sun 00:00-23:59"),
                 timedelta(hours=1))


@pytest.fixture
async def bot(emulator):
    async with Bot(TOKEN, base_url=f"{emulator.url}/bot") as bot:
        yield bot


async def send_all(bot: Bot) -> None:
    sender = Sender([StaffNotices(DESK), ApplicantMessages()], telegram_channel(bot))
    while await sender.send_pending():
        pass


def a_request(name: str) -> int:
    """A person's open request; its notice waits for the sender."""
    with session_scope() as session:
        return handoffs.open_handoff(session, chat_id=str(next(people)), language="fr",
                                     reason="request", user_name=name).id


def replied_to(message: dict) -> dict | None:
    """The reply_parameters the staff-chat message was sent with, as the double stored them."""
    return message["message"].get("reply_parameters")


async def a_noticed_request(bot: Bot, emulator, name: str) -> tuple[Applicant, int, dict]:
    """A request of `name` whose notice the staff chat shows; the staff member, the request's
    id and its notice (what earlier tests of this module left in the chat is read first)."""
    camille = staff_member(emulator)
    await camille.inbox()
    request = a_request(name)
    await send_all(bot)
    [notice] = await camille.inbox()
    return camille, request, notice


async def test_lines_about_a_request_are_replies_under_its_notice(bot, emulator,
                                                                  database_url):
    camille, jeanne, notice = await a_noticed_request(bot, emulator, "Jeanne")
    assert "Jeanne" in notice["message"]["text"] and replied_to(notice) is None

    await relay.tell_wait_over(DESK, jeanne)  # the timer's job (bot.staff.timers)
    context = SimpleNamespace(bot=bot, application=SimpleNamespace(
        bot_data=Services(staff=DESK)))
    assert await relay.reply_from_office(context, DESK, jeanne, "Camille", "Je regarde.")
    await send_all(bot)
    wait_over, echo = await camille.inbox()  # each alone in its message, in order
    assert f"Demande #{jeanne} : la personne" in wait_over["message"]["text"]
    assert "depuis le back-office" in echo["message"]["text"]
    for line in (wait_over, echo):  # both under the request's notice, not under each other
        assert replied_to(line) == {"message_id": notice["messageId"],
                                    "allow_sending_without_reply": True}
    with session_scope() as session:  # relays keep following the notice, not the lines
        assert handoffs.thread_of(session, jeanne) == notice["messageId"]
        assert [h.id for h in handoffs.handoffs_of_staff_message(
            session, echo["messageId"])] == [jeanne]  # a reply to the echo answers Jeanne


async def test_a_line_under_a_deleted_notice_is_sent_all_the_same(bot, emulator,
                                                                   database_url):
    camille, noa, notice = await a_noticed_request(bot, emulator, "Noa")
    assert await bot.delete_message(STAFF_CHAT, notice["messageId"])
    with pytest.raises(BadRequest, match="replied not found"):  # the double is Telegram's
        await bot.send_message(STAFF_CHAT, "x", reply_parameters=ReplyParameters(
            message_id=notice["messageId"]))

    await relay.tell_wait_over(DESK, noa)
    await send_all(bot)
    [line] = await camille.inbox()
    assert f"Demande #{noa}" in line["message"]["text"]
    assert replied_to(line)["message_id"] == notice["messageId"]
    with session_scope() as session:  # sent, never to be tried again
        assert handoffs.unsent_notices(session, limit=10) == []


async def test_a_line_is_never_grouped_with_the_notices_waiting_with_it(bot, emulator,
                                                                         database_url):
    camille, kim, notice = await a_noticed_request(bot, emulator, "Kim")
    await relay.tell_wait_over(DESK, kim)
    for name in ("Lou", "Max"):  # new requests waiting with the line
        a_request(name)
    await send_all(bot)
    line, grouped = await camille.inbox()
    assert replied_to(line)["message_id"] == notice["messageId"]
    assert f"Demande #{kim}" in line["message"]["text"]
    assert "Lou" in grouped["message"]["text"] and "Max" in grouped["message"]["text"]
    assert replied_to(grouped) is None
