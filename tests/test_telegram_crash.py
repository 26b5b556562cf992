"""A turn runs through the assistant once, even when the process is killed in the middle.

Real bot processes over the Bot API double, killed with SIGKILL at chosen points of a turn
(`bot.assistant.crashpoints`), each time in another user's conversation; every restart
finishes what the killed process left and is killed in turn. SQLite, and PostgreSQL in the
PostgreSQL lane. What must hold (docs/operator.md, "Reliability"):
- no message is lost, and no turn is run twice: the conversation holds each message once;
- a killed turn repeats at most one reply, the one Telegram accepted just before the kill;
- a form killed on an answer asks the right next question after the restart.
"""

from __future__ import annotations

import asyncio
import json
import signal

import pytest
import yaml
from sqlalchemy import select

from devtools.emulator import free_port
from tests.support.assistant import ftbot, needs_model
from tests.support.factories import seed_data
from tests.support.telegram_harness import BotProcess, User, texts

pytestmark = [needs_model, pytest.mark.slow]
QUESTION = "c'est quoi le pass french tech ?"  # with the long summary: two messages
APPLY = "je veux candidater au pass french tech"
PASS_FACT, LONG_END = "Le Pass French Tech comprend", "Fin du résumé."
CONSENT, NAME = "Êtes-vous d'accord", "prénom et nom"


def seed_with_a_long_answer(directory) -> str:
    """The seed, the Pass French Tech's summary made longer than one Telegram message."""
    seed = seed_data()
    [programme] = [p for p in seed["programmes"] if p["key"] == "pass_french_tech"]
    summary = programme["summary"]["fr"]
    programme["summary"]["fr"] = " ".join([summary] * (5000 // len(summary) + 1)) + " " + LONG_END
    path = directory / "long.yml"
    path.write_text(yaml.safe_dump(seed, allow_unicode=True))
    return str(path)


class Run:
    """The bot processes of one test, started one after another on one database."""

    def __init__(self, emulator, database_url: str, tmp_path) -> None:
        self.emulator, self.database_url, self.tmp_path = emulator, database_url, tmp_path
        self.started = 0

    async def start(self, crash_at: str | None = None, **settings: str) -> BotProcess:
        self.started += 1
        env = {"INSTANCE_LEASE_SECONDS": "3", **settings}
        if crash_at:
            env["FTBOT_CRASH_AT"] = crash_at
        process = BotProcess(self.database_url, f"{self.emulator.url}/bot", **env)
        process.log = self.tmp_path / f"bot{self.started}.log"
        process.start()
        await process.wait_ready()
        return process


async def killed(process: BotProcess) -> None:
    code = await asyncio.to_thread(process.process.wait, 120)
    assert code == -signal.SIGKILL, process.output()[-3000:]


async def received(user: User, count: int, timeout: float = 60) -> list[str]:
    """Everything the user has received by the time `count` messages arrived (and 2 s more)."""
    return texts(await user.receives(count, timeout=timeout, settle=2.0))


def said_by(database_url: str, chat_id: int) -> list[str]:
    """The user messages the conversation holds, in order."""
    from bot.db.privacy import rasa_events
    from bot.db.session import session_scope

    with session_scope(database_url) as session:
        events = rasa_events(session)
        rows = session.execute(select(events.c.data).where(
            events.c.sender_id == str(chat_id), events.c.type_name == "user")
            .order_by(events.c.id)).scalars()
        return [json.loads(row)["text"] for row in rows]


def count(messages: list[str], part: str) -> int:
    return sum(part in message for message in messages)


async def test_a_turn_killed_at_any_point_runs_once_and_loses_nothing(emulator, database_url,
                                                                      tmp_path):
    seeded = ftbot("db", "seed", seed_with_a_long_answer(tmp_path), database_url=database_url)
    assert seeded.returncode == 0, seeded.stderr
    run = Run(emulator, database_url, tmp_path)
    saved, between, accepted, done, form = (User(emulator, 4100 + n) for n in range(1, 6))

    # Killed once Rasa saved the turn, before anything was sent.
    first = await run.start(f"turn_saved@{saved.chat['id']}")
    await saved.says(QUESTION)
    await killed(first)
    assert await saved.inbox() == []

    # The restart sends that turn's answer; killed between the two messages of another turn.
    second = await run.start(f"reply_recorded@{between.chat['id']}")
    answer = await received(saved, 2)
    assert len(answer) >= 2 and PASS_FACT in answer[0] and LONG_END in answer[-1]
    await between.says(QUESTION)
    await killed(second)

    # The restart sends only the missing message; killed after Telegram accepted a message
    # and before it was recorded: the one case that repeats a message.
    third = await run.start(f"reply_sent@{accepted.chat['id']}")
    await accepted.says(QUESTION)
    await killed(third)
    fourth = await run.start(f"turn_delivered@{done.chat['id']}")
    assert await received(between, len(answer)) == answer
    assert await received(accepted, len(answer) + 1) == answer[:1] + answer

    # Killed after everything was sent, before the update was marked done: nothing again.
    await done.says(QUESTION)
    await killed(fourth)
    fifth = await run.start(f"turn_saved:2@{form.chat['id']}")
    assert await received(done, len(answer)) == answer

    # Killed on a form answer: the restart asks the next question, once.
    await form.says(APPLY)
    assert count(await received(form, 1), CONSENT) == 1
    await form.says("oui")
    await killed(fifth)
    last = await run.start()
    try:
        asked = await received(form, 1)
        assert count(asked, NAME) == 1 and len(asked) == 1, asked
        await form.says("Camille Martin")
        following = await received(form, 1)
        assert following and not any(NAME in text for text in following), following
    finally:
        assert last.stop() == 0

    # Each message was run through the assistant once.
    for user, messages in ((saved, [QUESTION]), (between, [QUESTION]), (accepted, [QUESTION]),
                           (done, [QUESTION]), (form, [APPLY, "oui", "Camille Martin"])):
        assert said_by(database_url, user.chat["id"]) == messages


async def test_a_burst_killed_at_several_moments_loses_nothing_and_runs_nothing_twice(
        emulator, database_url, tmp_path):
    """The original report: many users write at once and the bot is killed; after the
    restart every user has an answer, at most one twice, and each message ran once."""
    assert ftbot("db", "seed", database_url=database_url).returncode == 0
    run = Run(emulator, database_url, tmp_path)
    process = await run.start()
    groups = []
    for moment, first_id in ((0.4, 4200), (0.9, 4300), (1.6, 4400)):
        users = [User(emulator, first_id + n) for n in range(30)]
        await asyncio.gather(*(user.says(QUESTION) for user in users))
        await asyncio.sleep(moment)
        process.process.send_signal(signal.SIGKILL)
        await killed(process)
        groups.append(users)
        process = await run.start()
    try:
        answers = await everyone_answered([user for users in groups for user in users])
    finally:
        assert process.stop() == 0
    for user, answer in answers.items():
        assert 1 <= len(answer) <= 2 and all(PASS_FACT in text for text in answer), answer
        assert said_by(database_url, user.chat["id"]) == [QUESTION]


async def everyone_answered(users: list[User], timeout: float = 120) -> dict[User, list[str]]:
    """What each user received, once all have an answer (and nothing more came for 3 s)."""
    answers: dict[User, list[str]] = {user: [] for user in users}
    deadline = asyncio.get_running_loop().time() + timeout
    while (any(not answer for answer in answers.values())
           and asyncio.get_running_loop().time() < deadline):
        for user in users:
            answers[user] += texts(await user.inbox())
        await asyncio.sleep(0.5)
    await asyncio.sleep(3)
    for user in users:
        answers[user] += texts(await user.inbox())
    return answers


async def test_in_webhook_mode_a_killed_turn_is_finished_not_run_again(emulator, database_url,
                                                                       tmp_path):
    assert ftbot("db", "seed", database_url=database_url).returncode == 0
    port = free_port()
    webhook = {"WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram", "WEBHOOK_SECRET": "s3cret",
               "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port)}
    run = Run(emulator, database_url, tmp_path)
    user = User(emulator, 4501)
    first = await run.start(f"turn_saved@{user.chat['id']}", **webhook)
    await user.says(QUESTION)
    await killed(first)
    second = await run.start(**webhook)
    try:
        answer = await received(user, 1)
        assert len(answer) == 1 and PASS_FACT in answer[0]
    finally:
        assert second.stop() == 0
    assert said_by(database_url, user.chat["id"]) == [QUESTION]
