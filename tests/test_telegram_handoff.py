"""Handing a conversation to the staff, over real HTTP: a user chat and the staff group chat."""

from __future__ import annotations

import asyncio
import csv
import io
import json

import pytest

from bot.db.candidacies import submit
from bot.db.queries import list_events, utcnow
from bot.db.session import session_scope
from bot.i18n import t
from tests.support.assistant import needs_model, seeded_database
from tests.support.candidacy_scripts import said
from tests.support.staff import (
    STAFF_ENV,
    handoff_of,
    handoffs_in,
    ids,
    reply_to,
    staff_member,
    user,
)
from tests.support.telegram_harness import Applicant, BotProcess, buttons, texts

pytestmark = [needs_model, pytest.mark.slow]


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    return seeded_database(tmp_path_factory.mktemp("handoff"))


@pytest.fixture(scope="module")
async def bot(database_url, emulator):
    bot = BotProcess(database_url, f"{emulator.url}/bot", **STAFF_ENV)
    bot.start()
    await bot.wait_ready()
    yield bot
    assert bot.stop() == 0


async def test_a_request_reaches_the_staff_and_the_conversation_goes_both_ways(
        bot, emulator, database_url):
    jeanne, camille = user(emulator), staff_member(emulator)
    await jeanne.answers("c'est quoi le pass french tech ?", "Pass French Tech")
    told = await jeanne.answers("je veux parler à quelqu'un", "J'ai demandé à une personne")
    assert said("utter_handoff_opened", "fr") in texts(told)[-1]
    [notice] = await camille.until("Demande #")
    assert "Jeanne" in texts([notice])[0] and "c'est quoi le pass french tech ?" in texts(
        [notice])[0]
    assert {title for title, _ in buttons(notice)} >= {"Prendre #1", "Clore #1"}
    await jeanne.says("<b>Urgent</b> : j'ai une question sur mon dossier")
    relayed = await camille.until("Urgent")
    assert "<b>Urgent</b>" in texts(relayed)[-1]  # shown as text in the staff chat
    # never silence: told it went to the team (or answered, if the assistant can)
    assert len(await jeanne.receives(1, settle=1.5)) == 1
    await reply_to(camille, relayed[-1], "Bonjour Jeanne, je regarde votre dossier.")
    answer = await jeanne.until("je regarde votre dossier")
    assert texts(answer)[-1] == t("staff_says", "fr", name="Camille",
                                  text="Bonjour Jeanne, je regarde votre dossier.")
    await camille.taps([notice], "Clore #1", "close par Camille")
    await jeanne.until(t("handoff_closed", "fr"))
    back = await jeanne.answers("et c'est combien ?", "volet financier")  # Rasa again
    assert back
    [handoff] = [h for h in handoffs_in(database_url) if h.id == 1]
    assert (handoff.status, handoff.taken_by, handoff.closed_by) == ("closed", "Camille",
                                                                     "Camille")
    assert [m["by"] for m in handoff.transcript][-2:] == ["user", "staff"]


async def test_two_misunderstandings_in_a_row_call_a_person(bot, emulator, database_url):
    john, camille = user(emulator, "en", "John"), staff_member(emulator)
    await john.says("what is the weather in tokyo")  # out of scope
    assert len(await john.receives(1)) == 1
    told = await john.answers("tell me a joke please", "I still don't understand")
    assert said("utter_handoff_opened", "en") in texts(told)[-1]
    notice = await camille.until("le bot n'a pas compris deux fois de suite")
    assert "John" in texts(notice)[-1]


async def test_staff_commands_only_in_the_staff_chat(bot, emulator, database_url):
    stranger, camille = user(emulator, name="Intrus"), staff_member(emulator)
    for command in ("/pending", "/stats", "/close"):
        await stranger.command(command)
        [refusal] = await stranger.receives(1)
        assert refusal["message"]["text"] == t("staff_only", "fr")
    await camille.command("/pending")
    pending = await camille.until("Demandes ouvertes")
    assert "#" in texts(pending)[-1]
    await camille.command("/stats")
    stats = await camille.until("7 derniers jours")
    assert "conversations" in texts(stats)[-1]
    await stranger.command("/export")
    [refusal] = await stranger.receives(1)
    assert refusal["message"]["text"] == t("staff_only", "fr")
    await camille.command("/unanswered")  # John's questions of the test above
    unanswered = await camille.until("Questions sans réponse")
    assert "what is the weather in tokyo" in texts(unanswered)[-1]


async def test_export_sends_the_candidacies_as_a_csv_file_safe_for_spreadsheets(
        bot, emulator, database_url):
    with session_scope(database_url) as session:
        reference = submit(session, chat_id="9001", language="fr", programme_key="pass_french_tech",
               fields={"full_name": '=HYPERLINK("http://evil")', "email": "a@example.org",
                       "company": "Acme", "consent_at": utcnow()}).reference
    camille = staff_member(emulator)
    await camille.command("/export")
    [document] = await camille.until("reference,")
    rows = list(csv.DictReader(io.StringIO(texts([document])[0])))
    mine = next(row for row in rows if row["reference"] == reference)
    assert mine["full_name"] == "'=HYPERLINK(\"http://evil\")"  # shown, never run
    assert mine["programme_key"] == "pass_french_tech"


async def test_a_burst_of_fifty_requests_is_grouped_in_a_few_notices(bot, emulator,
                                                                     database_url):
    camille = staff_member(emulator)
    await asyncio.sleep(1)
    await camille.inbox()  # forget earlier notices
    names = [f"Fondateur-{n:02d}" for n in range(50)]
    users = [user(emulator, name=name) for name in names]
    await asyncio.gather(*(u.says("je veux parler à une personne") for u in users))
    await asyncio.gather(*(u.until("J'ai demandé", timeout=120) for u in users))
    received: list[dict] = []
    for _ in range(60):
        received += await camille.inbox()
        if all(name in "\n".join(texts(received)) for name in names):
            break
        await asyncio.sleep(0.5)
    notices = [m for m in received if "Fondateur-" in m["message"]["text"]]
    assert all(name in "\n".join(texts(notices)) for name in names)
    assert len(notices) <= 10  # grouped: not fifty messages to one group chat


async def test_a_filed_candidacy_is_announced_in_the_staff_chat(bot, emulator, database_url):
    """What action_submit_candidacy leaves in the outbox reaches the staff chat."""
    from bot.db.candidacies import submit
    from bot.db.handoffs import notice_candidacy

    camille = staff_member(emulator)
    with session_scope(database_url) as session:
        candidacy = submit(session, chat_id="8001", language="en",
                           programme_key="pass_french_tech",
                           fields={"full_name": "Ada", "eligibility_warnings": ["x"]})
        notice_candidacy(session, candidacy.reference)
        reference = candidacy.reference
    [notice] = await camille.until(reference)
    assert texts([notice])[0] == (
        f"📝 Nouvelle candidature {reference} : Pass French Tech (en), "
        "avec des alertes d'éligibilité. Détails : ftbot candidacies list")
    assert "Ada" not in texts([notice])[0]  # personal data stays in the database


async def test_staff_announce_an_event_with_newevent_and_subscribers_hear_of_it(
        bot, emulator, database_url):
    camille, jeanne, stranger = staff_member(emulator), user(emulator), user(emulator)
    await jeanne.answers("préviens-moi de tous les événements", "C'est noté")
    await camille.command("/newevent demain")
    usage = await camille.until("/newevent <date")
    assert "15/01/2027 18:30" in texts(usage)[-1]
    await camille.command("/newevent 15/01/2099 18:30 | Apéro French Tech | Caen")
    done = await camille.until("Événement n°")
    assert "« Apéro French Tech », 15 janvier 2099, 18:30" in texts(done)[-1]
    assert "Annonce envoyée à 1 abonné(s)" in texts(done)[-1]
    news = await jeanne.until("📅 Nouvel événement : « Apéro French Tech »")
    assert "Caen" in texts(news)[-1]
    await stranger.command("/newevent 15/01/2099 18:30 | Intrus | Caen")
    await stranger.until(t("staff_only", "fr"))
    with session_scope(database_url) as session:
        assert [e.place for e in list_events(session)
                if e.title["fr"] == "Apéro French Tech"] == ["Caen"]


async def test_a_reply_to_a_notice_about_two_people_is_refused_and_take_gives_each_a_thread(
        bot, emulator, database_url):
    """Two requests waiting together share a notice: a reply to it reaches nobody."""
    from bot.db.handoffs import open_handoff

    camille = staff_member(emulator)
    anna, bruno = user(emulator, name="Anna"), user(emulator, name="Bruno")
    await asyncio.sleep(2.5)
    await camille.inbox()  # earlier tests' messages
    with session_scope(database_url) as session:  # one transaction: one grouped notice
        for person in (anna, bruno):
            open_handoff(session, chat_id=str(person.chat["id"]), language="fr",
                         reason="request", user_name=person.user["first_name"])
    [notice] = await camille.until("Bruno")
    assert "Anna" in texts([notice])[0]
    await reply_to(camille, notice, "Réponse pour qui ?")
    refusal = await camille.until("plusieurs demandes")
    anna_id, bruno_id = (handoff_of(database_url, n).id for n in ("Anna", "Bruno"))
    assert f"#{anna_id}" in texts(refusal)[-1] and f"#{bruno_id}" in texts(refusal)[-1]
    assert await anna.receives(0, settle=1.0) == [] and await bruno.receives(0) == []
    for person, handoff_id in ((bruno, bruno_id), (anna, anna_id)):
        name = person.user["first_name"]
        taken = await camille.taps([notice], f"Prendre #{handoff_id}", f"#{handoff_id}. Rép")
        await person.until("Camille")  # told who took it
        await reply_to(camille, taken[-1], f"Bonjour {name}, c'est pour vous.")
        [answer] = await person.until(f"Bonjour {name}")
        assert texts([answer])[0] == t("staff_says", "fr", name="Camille",
                                       text=f"Bonjour {name}, c'est pour vous.")
    assert await anna.receives(0, settle=1.0) == [] and await bruno.receives(0) == []


async def test_ten_simultaneous_requests_each_answer_reaches_its_own_person(
        bot, emulator, database_url):
    camille = staff_member(emulator)
    await asyncio.sleep(2.5)
    await camille.inbox()
    people = [user(emulator, name=f"Personne-{n}") for n in range(10)]
    await asyncio.gather(*(p.says("je veux parler à une personne") for p in people))
    await asyncio.gather(*(p.until("J'ai demandé", timeout=120) for p in people))
    notices: list[dict] = []
    for _ in range(60):
        notices += [m for m in await camille.inbox() if "Personne-" in texts([m])[0]]
        if all(p.user["first_name"] in "\n".join(texts(notices)) for p in people):
            break
        await asyncio.sleep(0.5)
    for notice in notices:  # a reply to each notice: to its one person, or refused
        named = [p for p in people if p.user["first_name"] in texts([notice])[0]]
        await reply_to(camille, notice, "Un mot pour la personne de cette notification")
        if len(named) == 1:
            await named[0].until("Un mot pour la personne")
        else:
            await camille.until("plusieurs demandes")
    for person in people:  # each through a message about them alone
        name = person.user["first_name"]
        await person.says(f"Ici {name}, j'attends")
        relayed = await camille.until(f"Ici {name}, j'attends")
        await reply_to(camille, relayed[-1], f"Réponse à {name}")
        await person.until(f"Réponse à {name}")
    for person in people:  # nobody's conversation holds an answer meant for another
        name = person.user["first_name"]
        staff_said = [m["text"] for m in handoff_of(database_url, name).transcript
                      if m["by"] == "staff"]
        assert f"Réponse à {name}" in staff_said
        assert all(text == f"Réponse à {name}" or text.startswith("Un mot pour")
                   for text in staff_said), (name, staff_said)


async def test_a_reply_to_a_staff_members_own_message_goes_to_nobody(bot, emulator,
                                                                     database_url):
    camille, dominique = staff_member(emulator), staff_member(emulator, "Dominique")
    jeanne = user(emulator, name="Jeanne-bis")
    await jeanne.answers("je veux parler à une personne", "J'ai demandé")
    notice = await camille.until("Jeanne-bis")
    # The same message id, but written by a colleague: the staff talking among themselves.
    await reply_to(dominique, notice[-1], "On en parle à midi ?", author=camille.user)
    assert await jeanne.receives(0, settle=2.0) == []


async def test_in_a_group_personal_matters_are_pointed_to_a_private_chat(bot, emulator,
                                                                         database_url):
    member = Applicant(emulator, next(ids), first_name="Gaspard", chat_id=-6001,
                       chat_type="group")
    opened_before = len(handoffs_in(database_url))
    for typed in ("@TestNameBot je veux candidater au pass french tech",
                  "@TestNameBot je veux parler à une personne",
                  "@TestNameBot quel est le statut de ma candidature"):
        pointer = await member.answers(typed, "écrivez-moi en privé")
        markup = pointer[-1]["message"]["reply_markup"]
        markup = json.loads(markup) if isinstance(markup, str) else markup
        assert markup["inline_keyboard"][0][0]["url"] == "https://t.me/TestNameBot"
    for command in ("/mydata", "/forget"):
        await member.command(command)
        [pointer] = await member.receives(1)
        assert "écrivez-moi en privé" in texts([pointer])[0]
    assert len(handoffs_in(database_url)) == opened_before  # no handoff from a group
    await member.says("@TestNameBot c'est quoi le pass french tech ?")  # questions still work
    [answer] = await member.receives(1)
    assert "Pass French Tech" in texts([answer])[0]


async def test_forget_erases_what_the_staff_chat_shows_of_the_person(bot, emulator,
                                                                      database_url):
    camille, helene = staff_member(emulator), user(emulator, name="Hélène-Oubli")
    await helene.answers("je veux parler à une personne", "J'ai demandé")
    notice = await camille.until("Hélène-Oubli")
    await helene.says("mon numéro est le 06 11 22 33 44")
    relayed = await camille.until("06 11 22 33 44")
    await helene.until(t("waiting_relayed", "fr"))  # the first message passed on: said so
    await helene.command("/forget")
    [confirm] = await helene.receives(1)
    await helene.presses(confirm, "forget:yes")
    told = await helene.until("groupe de l'équipe")
    assert "2 messages" in texts(told)[-1]
    shown = {m["messageId"]: m for m in await camille.history()}
    for message in (notice[-1], relayed[-1]):
        assert texts([shown[message["messageId"]]]) == ["[effacé à la demande de la personne]"]
    assert not any("06 11 22 33 44" in text or "Hélène-Oubli" in text
                   for text in texts(list(shown.values())))


async def test_relays_are_capped_per_minute_and_the_user_is_told_once(bot, emulator,
                                                                      database_url):
    from bot.telegram.desk.relay import RELAYS_PER_MINUTE

    camille, ines = staff_member(emulator), user(emulator, name="Inès-Bavarde")
    await ines.answers("je veux parler à une personne", "J'ai demandé")
    await camille.until("Inès-Bavarde")
    relayed: list[dict] = []
    # the request itself counts as one message of the minute: RELAYS_PER_MINUTE - 1 relayed
    for n in range(RELAYS_PER_MINUTE - 1):  # one at a time: the relay cap, not the queue's
        await ines.says(f"message numéro {n:02d}")
        relayed += await camille.until(f"message numéro {n:02d}")
    await ines.says(f"message numéro {RELAYS_PER_MINUTE - 1:02d}")
    told = await ines.until("beaucoup de messages")
    for n in range(RELAYS_PER_MINUTE, RELAYS_PER_MINUTE + 4):
        await ines.says(f"message numéro {n:02d}")
        await asyncio.sleep(0.5)
    relayed += await camille.receives(0, settle=2.0)
    numbers = sorted({text.split("message numéro ")[1][:2] for text in texts(relayed)
                      if "message numéro" in text})
    assert numbers == [f"{n:02d}" for n in range(RELAYS_PER_MINUTE - 1)]
    assert len([t_ for t_ in texts(told) if "beaucoup de messages" in t_]) == 1
    assert await ines.receives(0, settle=1.0) == []  # told once, the rest dropped silently


async def test_a_long_staff_reply_reaches_the_user_whole_in_parts(bot, emulator, database_url):
    camille, jules = staff_member(emulator), user(emulator, name="Jules-Long")
    await jules.answers("je veux parler à une personne", "J'ai demandé")
    notice = await camille.until("Jules-Long")
    reply = " ".join(f"mot{n:04d}" for n in range(600))  # ~4,800 characters
    await reply_to(camille, notice[-1], reply)
    received = await jules.until("mot0599", timeout=30)
    whole = " ".join(texts(received))
    assert all(f"mot{n:04d}" in whole for n in range(600))
    assert len([m for m in received if "mot0" in texts([m])[0]]) >= 2
    await camille.command("/pending")
    pending = await camille.until("Demandes ouvertes")
    assert "Jules-Long" in "\n".join(texts(pending))
