"""End to end over real HTTP: the bot process, the Bot API emulator, users played by the test."""

from __future__ import annotations

import pytest

from devtools.emulator import free_port
from tests.support.assistant import needs_model, seeded_database
from tests.support.assistant import programme_fact as fact
from tests.support.factories import seed_data, write_seed
from tests.support.telegram_harness import BotProcess, FaultProxy, User, buttons, texts

pytestmark = [needs_model, pytest.mark.slow]
LONG_SUMMARY = "\n\n".join(f"Paragraphe {i} : " + "texte du réseau " * 60 for i in range(5))


@pytest.fixture(scope="module")
async def proxy(emulator):
    proxy = FaultProxy(emulator.url)
    await proxy.start()
    yield proxy
    await proxy.stop()


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    directory = tmp_path_factory.mktemp("telegram")
    data = seed_data()
    progenn = next(p for p in data["programmes"] if p["key"] == "progenn")
    progenn["summary"]["fr"] = LONG_SUMMARY  # a 5,000-character answer
    return seeded_database(directory, write_seed(directory / "seed.yml", data))


@pytest.fixture(scope="module")
async def bot(database_url, proxy):
    admin_port = free_port()
    bot = BotProcess(database_url, proxy.base_url, ADMIN_PORT=str(admin_port))
    bot.admin_url = f"http://127.0.0.1:{admin_port}"
    bot.start()
    await bot.wait_ready()
    yield bot
    assert bot.stop() == 0


async def test_a_french_conversation_about_each_main_scheme(bot, emulator, database_url):
    user = User(emulator, 1001, language_code="fr")
    await user.says("c'est quoi la bourse french tech ?")
    await user.says("et le pass french tech, c'est pour qui ?")
    await user.says("combien on touche avec le french tech ticket")
    replies = texts(await user.receives(3))
    assert len(replies) == 3  # one answer each, in order
    assert fact(database_url, "bourse_french_tech", "summary", "fr") in replies[0]
    assert fact(database_url, "pass_french_tech", "eligibility_summary", "fr") in replies[1]
    assert fact(database_url, "french_tech_ticket", "funding", "fr") in replies[2]


async def test_an_english_conversation_about_each_main_scheme(bot, emulator, database_url):
    user = User(emulator, 1002, language_code="en")
    await user.says("what is the bourse french tech?")
    await user.says("how much money comes with the pass french tech?")
    await user.says("who can apply for the french tech ticket?")
    replies = texts(await user.receives(3))
    assert len(replies) == 3
    assert fact(database_url, "bourse_french_tech", "summary", "en") in replies[0]
    assert fact(database_url, "pass_french_tech", "funding", "en") in replies[1]
    assert fact(database_url, "french_tech_ticket", "eligibility_summary", "en") in replies[2]


async def test_follow_ups_ask_the_same_question_about_the_scheme_now_named(bot, emulator):
    french, english = User(emulator, 1111, language_code="fr"), User(emulator, 1112)
    await french.says("c'est quoi la date limite pour le pass french tech ?")
    await french.says("et pour la bourse ?")
    await english.says("when is the deadline for the french tech ticket?")
    await english.says("ok and the bourse?")
    fr, en = texts(await french.receives(2)), texts(await english.receives(2))
    assert "pour Pass French Tech" in fr[0] and "pour Bourse French Tech" in fr[1]
    assert "for French Tech Ticket" in en[0] and "for Bourse French Tech" in en[1]
    assert all(reply.startswith("Je ne connais pas de date limite") for reply in fr)
    assert all(reply.startswith("I know of no deadline") for reply in en)


async def test_applying_after_a_scheme_was_discussed_proposes_it(bot, emulator):
    user = User(emulator, 1113, language_code="fr")
    await user.says("c'est quoi le french tech ticket ?")
    await user.says("ça marche, je veux candidater")
    [_, proposal] = await user.receives(2)
    assert proposal["message"]["text"] == "Vous candidatez pour : French Tech Ticket ?"
    choices = dict(buttons(proposal))
    await user.presses(proposal, choices["Oui, celui-là"])
    [started, *_] = texts(await user.receives(1))
    assert "French Tech Ticket" in started


async def test_a_button_round_trip_and_no_second_press(bot, emulator, database_url):
    user = User(emulator, 1003)
    await user.says("c'est combien ?")
    [question] = await user.receives(1)
    choices = dict(buttons(question))
    assert choices["French Tech Ticket"] == '/ask_funding{"programme":"french_tech_ticket"}'
    await user.presses(question, choices["French Tech Ticket"])
    [answer] = await user.receives(1)
    assert fact(database_url, "french_tech_ticket", "funding", "fr") in answer["message"]["text"]
    await user.presses(question, choices["Pass French Tech"])  # an old keyboard
    assert await user.receives(0, settle=2) == []
    answers = [a for a in await user.callback_answers()
               if a["callback_query_id"] and a.get("text")]
    assert any(a["text"] == "Ce bouton a déjà servi." for a in answers)


async def test_commands(bot, emulator, proxy):
    user = User(emulator, 1004, language_code="en")
    await user.command("/start")
    [welcome] = await user.receives(1)
    assert welcome["message"]["text"].startswith("Hello!")
    assert len(buttons(welcome)) == 3
    await user.command("/programmes")
    [programmes] = await user.receives(1)
    assert [title for title, _ in buttons(programmes)][7:] == ["Which one fits me?"]  # 7 schemes
    await user.command("/events")
    [events] = await user.receives(1)
    assert "No event is announced at the moment" in events["message"]["text"]
    await user.command("/help")
    [help_] = await user.receives(1)
    assert "I can explain the schemes" in help_["message"]["text"]
    await user.command("/language")
    [choice] = await user.receives(1)
    await user.presses(choice, dict(buttons(choice))["Français"])
    [done] = await user.receives(1)
    assert done["message"]["text"] == "D'accord, je vous réponds désormais en français."
    await user.says("what is the pass french tech?")  # English text, French chosen
    [answer] = await user.receives(1)
    assert "Le Pass French Tech comprend" in answer["message"]["text"]
    assert proxy.calls.count("setMyCommands") == 2  # French and default (English)


async def test_a_5000_character_answer_is_split(bot, emulator):
    user = User(emulator, 1005)
    await user.says("c'est quoi progenn ?")
    parts = texts(await user.receives(2))
    assert len(parts) >= 2 and all(len(p) <= 4096 for p in parts)
    assert parts[0].startswith("PROGENN\nParagraphe 0")
    assert "Paragraphe 4" in parts[-1]


async def test_a_photo_gets_a_polite_answer(bot, emulator):
    user = User(emulator, 1006, language_code="en")
    await user.sends(photo=[{"file_id": "AgAD", "file_unique_id": "u1", "width": 90,
                             "height": 90, "file_size": 1000}])
    await user.sends(sticker={"file_id": "CAAD", "file_unique_id": "u2", "width": 512,
                              "height": 512, "is_animated": False, "is_video": False,
                              "type": "regular"})
    await user.sends(location={"latitude": 49.44, "longitude": 1.09})
    replies = texts(await user.receives(3))
    assert replies == ["I only read text messages: photos, stickers, voice messages and "
                       "locations tell me nothing. Please type your question."] * 3


async def test_markup_in_user_text_is_never_interpreted(bot, emulator):
    user = User(emulator, 1007)
    await user.says("<b>bonjour</b> <a href='x'>")
    [reply] = await user.receives(1)
    assert reply["message"]["parse_mode"] == "HTML"
    assert "<b>" not in reply["message"]["text"]


async def test_forget_then_mydata_shows_nothing_left(bot, emulator):
    user = User(emulator, 1008)
    await user.says("c'est quoi le pass french tech ?")
    await user.receives(1)
    await user.command("/mydata")
    before = "\n".join(texts(await user.receives(2)))
    assert "c'est quoi le pass french tech ?" in before
    await user.command("/forget")
    [confirm] = await user.receives(1)
    await user.presses(confirm, "forget:yes")
    [done] = await user.receives(1)
    assert done["message"]["text"].startswith("C'est fait : j'ai effacé")
    await user.command("/mydata")
    after = "\n".join(texts(await user.receives(2)))
    assert "pass french tech" not in after
    assert '"conversation": []' in after and '"profile": null' in after


async def test_mydata_is_one_document_and_not_again_right_away(bot, emulator):
    import json

    user = User(emulator, 1012)
    for n in range(3):
        await user.says(f"c'est quoi le pass french tech ? ({n})")
    await user.receives(3)
    await user.command("/mydata")
    intro, document = await user.receives(2)
    assert "document JSON" in texts([intro])[0]
    exported = json.loads(texts([document])[0])
    said = [e["text"] for e in exported["conversation"] if e["from"] == "user"]
    assert said == [f"c'est quoi le pass french tech ? ({n})" for n in range(3)]
    await user.command("/mydata")
    [again] = await user.receives(1)
    assert "Vous pourrez les redemander dans" in texts([again])[0]


async def test_a_flood_from_one_chat_is_cut_short_and_told_once(bot, emulator):
    import asyncio

    flooder, other = User(emulator, 1013), User(emulator, 1014)
    await asyncio.gather(*(flooder.says(f"c'est quoi le pass french tech ? {n}")
                           for n in range(25)))
    await other.says("c'est quoi la bourse french tech ?")
    assert len(await other.receives(1)) == 1  # not stuck behind the flood
    received = texts(await flooder.receives(1, settle=4))
    slow_downs = [t for t in received if t.startswith("Doucement")]
    assert len(slow_downs) == 1
    assert len(received) - 1 < 25  # the rest were set aside, not queued for minutes


async def test_in_a_group_only_messages_addressed_to_the_bot_are_answered(bot, emulator):
    member = User(emulator, 1009, chat_id=-5001, chat_type="group")
    await member.says("on en parle a la pause ?")
    assert await member.receives(0, settle=3) == []
    await member.says("@TestNameBot c'est quoi le french tech ticket ?")
    [reply] = await member.receives(1)
    assert "pack d'accueil" in reply["message"]["text"]


async def scrape(bot: BotProcess) -> dict[str, float]:
    import aiohttp
    from prometheus_client.parser import text_string_to_metric_families

    async with aiohttp.ClientSession() as session, session.get(f"{bot.admin_url}/metrics") as r:
        assert r.status == 200
        text = await r.text()
    return {f"{sample.name}{sorted(sample.labels.items())}": sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


async def test_health_says_ready_and_metrics_count_a_message(bot, emulator):
    import aiohttp

    async with aiohttp.ClientSession() as session, session.get(f"{bot.admin_url}/healthz") as r:
        health = await r.json()
    assert r.status == 200 and health["ready"] is True
    assert health["checks"]["database"] is True and health["checks"]["model"] is True
    before = await scrape(bot)
    user = User(emulator, 1015)
    await user.says("c'est quoi la bourse french tech ?")
    assert len(await user.receives(1)) == 1
    after = await scrape(bot)

    def grew(name: str) -> float:
        return after.get(name, 0) - before.get(name, 0)

    assert grew("nft_messages_in_total[('kind', 'text')]") == 1
    assert grew("nft_intents_total[('intent', 'ask_programme_info')]") == 1
    assert grew("nft_messages_out_total[]") >= 1 and grew("nft_turn_seconds_count[]") == 1
    assert "nft_inbox_pending[]" in after and "nft_handoffs_open[]" in after


def stored_event_types(database_url: str, sender: str) -> list[str]:
    from sqlalchemy import select

    from bot.db.privacy import rasa_events
    from bot.db.session import session_scope

    with session_scope(database_url) as session:
        events = rasa_events(session)
        return list(session.execute(select(events.c.type_name)
                                    .where(events.c.sender_id == sender)).scalars())


async def test_text_typed_after_a_mention_is_text_never_an_intent(bot, emulator, database_url):
    member = User(emulator, 1010, chat_id=-5002, chat_type="group")
    await member.says("@TestNameBot c'est quoi le french tech ticket ?")
    assert len(await member.receives(1)) == 1
    for typed in ("@TestNameBot /restart", '@TestNameBot /ask_funding{"programme":{"a":1}}'):
        await member.says(typed)
        [reply] = await member.receives(1)
        assert "problème technique" not in reply["message"]["text"]
    types = stored_event_types(database_url, "-5002")
    assert "restart" not in types and types.count("user") == 3


async def test_a_button_press_the_bot_never_sent_goes_nowhere(bot, emulator, database_url):
    from bot.db.chats import preferences
    from bot.db.session import session_scope

    user = User(emulator, 1011)
    await user.says("c'est combien ?")
    [question] = await user.receives(1)
    for forged in ("/restart", "lang:xx", '/ask_funding{"programme":{"a":1}}', "forget:yes",
                   "handoff:close:1"):
        await user.presses(question, forged)
    assert await user.receives(0, settle=2) == []
    assert "restart" not in stored_event_types(database_url, "1011")
    with session_scope(database_url) as session:
        assert preferences(session, "1011", "fr") == ("fr", False)  # nothing stored
    await user.presses(question, dict(buttons(question))["Pass French Tech"])  # still works
    [answer] = await user.receives(1)
    assert fact(database_url, "pass_french_tech", "funding", "fr") in answer["message"]["text"]


@pytest.mark.parametrize("kind", ["429", "502", "timeout"])
async def test_telegram_faults_still_answer_every_message_exactly_once(
        bot, emulator, proxy, kind):
    user = User(emulator, 1100 + ["429", "502", "timeout"].index(kind))
    fault = proxy.fail("sendMessage", kind)
    await user.says("c'est quoi le pass french tech ?")
    await user.says("merci")
    replies = texts(await user.receives(2, timeout=60, settle=3))
    assert fault.hits == 1
    assert len(replies) == 2
    assert "Le Pass French Tech comprend" in replies[0]
    assert "Avec plaisir" in replies[1]
    retried = {"502": "NetworkError", "timeout": "TimedOut"}.get(kind)
    if retried:  # the log names the call that failed, never what it carried
        assert f"Bot API sendMessage failed ({retried}" in bot.output()


async def test_a_failing_handler_apologises_and_the_bot_goes_on(bot, emulator, proxy):
    user = User(emulator, 1300)
    proxy.fail("sendMessage", "400")  # Telegram refuses the answer: the handler fails
    await user.says("c'est quoi le pass french tech ?")
    [apology] = await user.receives(1)
    assert apology["message"]["text"].startswith("Désolé, un problème technique")
    await user.says("merci")
    assert "Avec plaisir" in (await user.receives(1))[0]["message"]["text"]
    assert "failed" in bot.output()
    assert "pass french tech" not in bot.output()  # no message text in the logs


async def test_a_user_who_blocked_the_bot_does_not_stop_it(bot, emulator, proxy):
    blocked = User(emulator, 1200)
    proxy.fail("sendMessage", "403")
    await blocked.says("bonjour")
    assert await blocked.receives(0, settle=3) == []
    other = User(emulator, 1201)
    await other.says("bonjour")
    assert len(await other.receives(1)) == 1
    assert "Update" in bot.output() and "Forbidden" in bot.output()
