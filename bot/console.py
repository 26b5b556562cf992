"""Console chat: one message per line on stdin, replies on stdout; works with piped input.

Each line is a turn of its own ("console:<random>"); what was printed of it is recorded, so a
console stopped in the middle of a turn prints the rest at its next start, without running
the message again. /mydata and /forget work as on Telegram.
"""

from __future__ import annotations

import asyncio
import json
from typing import TextIO

from bot.assistant import crashpoints
from bot.assistant.runtime import Assistant
from bot.assistant.turns import Turn, last_turn, new_turn_id
from bot.config import LANGUAGES, Settings
from bot.db.handoffs import active_handoff
from bot.db.privacy import erase_chat, export_chat
from bot.db.session import session_scope
from bot.db.turns import delivered, record_delivered
from bot.i18n import t
from bot.reply import Reply
from bot.staff import waiting

TURN_PREFIX = "console:"


def render(replies: list[Reply]) -> tuple[str, list[str]]:
    """Replies as text, buttons numbered; returns the payloads in that order."""
    lines: list[str] = []
    payloads: list[str] = []
    for reply in replies:
        if reply.text:
            lines.append(f"bot> {reply.text}")
        for button in reply.buttons:
            payloads.append(button["payload"])
            lines.append(f"     [{len(payloads)}] {button['title']}")
    return "\n".join(lines), payloads


async def chat(assistant: Assistant, stdin: TextIO, stdout: TextIO, sender_id: str = "console",
               language: str | None = None) -> None:
    loop = asyncio.get_running_loop()
    intro_language = await assistant.language_of(sender_id, language, locked=bool(language))
    print(t("console_intro", intro_language), file=stdout, flush=True)
    payloads = await finish_last_turn(assistant, sender_id, stdout)
    while True:
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:  # end of input
            break
        text = line.rstrip("\n")
        command = text.strip().split()
        if command[:1] == ["/quit"]:
            break
        if command[:1] == ["/language"] and len(command) == 2 and command[1] in LANGUAGES:
            language = command[1]
            print(f"bot> {t('language_set', language)}", file=stdout, flush=True)
            continue
        pressed = text.strip().isdigit() and 0 < int(text.strip()) <= len(payloads)
        if pressed:
            text = payloads[int(text.strip()) - 1]
        private = None
        if pressed or text.startswith("/"):
            private = privacy_command(text, sender_id, await assistant.language_of(
                sender_id, language, locked=bool(language)))
        if private is not None:  # /mydata, /forget and its confirmation, as on Telegram
            output, payloads = render(private)
            print(output, file=stdout, flush=True)
            continue
        notes, answer = await while_waiting(assistant, sender_id, text, pressed)
        if not answer:
            output, payloads = render(notes)
            if output:
                print(output, file=stdout, flush=True)
            continue
        metadata = {"language": language, "language_locked": True} if language else {}
        turn = await assistant.take_turn(sender_id, text, metadata, payload=pressed,
                                         turn_id=f"{TURN_PREFIX}{new_turn_id()}")
        crashpoints.reached("turn_saved", sender_id)
        language = turn.language if language and turn.language else language  # asked in words
        payloads = show(turn, sender_id, stdout, before=notes)


async def while_waiting(assistant: Assistant, sender_id: str, text: str, pressed: bool
                        ) -> tuple[list[Reply], bool]:
    """As on Telegram, with a staff chat configured: while a request for a person is active,
    the message goes to the request's transcript (the staff read it in the back-office or
    `ftbot handoffs list`; a console has no staff chat to post to) and `bot.staff.waiting`
    decides the rest. What the runtime says, and whether the assistant answers too."""
    if Settings.from_env().staff_chat_id is None:
        return [], True
    with session_scope() as session:
        handoff = active_handoff(session, sender_id)
        handoff_id = handoff.id if handoff else None
    if handoff_id is None:
        if pressed and text in waiting.OWN_PAYLOADS:  # a request closed since
            return [Reply(t("waiting_closed_already", await assistant.language_of(sender_id)))
                    ], False
        return [], True
    notes = []
    if waiting.wait_over_due(handoff_id):  # no scheduler in the console: asked here
        notes.append(waiting.wait_over_reply(await assistant.language_of(sender_id)))
    step = await waiting.decide(assistant, sender_id, handoff_id, text, pressed)
    if step.withdraw:
        withdrawn = await waiting.withdraw(assistant, handoff_id)
        language = await assistant.language_of(sender_id)
        return ([*notes, waiting.withdrawn_reply(language)] if withdrawn else notes), False
    if step.relay:
        waiting.keep(handoff_id, text)
    return [*notes, step.note] if step.note else notes, step.answer


async def finish_last_turn(assistant: Assistant, sender_id: str, stdout: TextIO) -> list[str]:
    """The replies of a turn the console ran but did not finish printing (it was stopped);
    the buttons' payloads of the last turn either way, so that "2" still presses its second
    button after a restart."""
    turn = last_turn(await assistant.agent.tracker_store.retrieve(sender_id))
    if turn is None or not turn.id.startswith(TURN_PREFIX):
        return []
    with session_scope() as session:
        done = delivered(session, sender_id, turn.id)
    if done >= len(turn.replies):
        return render(turn.replies)[1]
    return show(Turn(turn.id, turn.replies[done:]), sender_id, stdout, already=done)


def show(turn: Turn, sender_id: str, stdout: TextIO, already: int = 0,
         before: list[Reply] | None = None) -> list[str]:
    """Print a turn's replies (after the runtime's own `before`) and record them as
    delivered; returns the buttons' payloads."""
    output, payloads = render([*(before or []), *turn.replies])
    print(output, file=stdout, flush=True)
    with session_scope() as session:
        record_delivered(session, sender_id, turn.id, already + len(turn.replies))
    return payloads


# /mydata and /forget as the Telegram chat has them (GDPR: export, erasure). The console has
# no documents nor inline keyboards: /mydata prints the JSON document, /forget asks for a
# confirmation with two numbered buttons whose payloads only these lines read.
YES, NO = "forget:yes", "forget:no"


def privacy_command(text: str, sender_id: str, language: str) -> list[Reply] | None:
    """The replies to a privacy command or to its confirmation; None for any other text."""
    word = text.strip()
    if word == "/mydata":
        with session_scope() as session:
            document = json.dumps(export_chat(session, sender_id), ensure_ascii=False, indent=1)
        return [Reply(t("mydata_intro", language)), Reply(document)]
    if word == "/forget":
        return [Reply(t("forget_confirm", language), [
            {"title": t("forget_yes", language), "payload": YES},
            {"title": t("forget_no", language), "payload": NO}])]
    if word == NO:
        return [Reply(t("forget_cancelled", language))]
    if word == YES:
        with session_scope() as session:
            erased = erase_chat(session, sender_id)
        kept = erased["candidacies_kept"]
        if kept:
            return [Reply(t("forget_done_kept", language, events=erased["conversation_events"],
                            references=", ".join(kept)))]
        return [Reply(t("forget_done", language, events=erased["conversation_events"]))]
    return None
