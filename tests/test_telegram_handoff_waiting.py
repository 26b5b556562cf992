"""While a person of the team is awaited, over real HTTP (the Bot API double, the real bot
process): nobody is left in silence, the request can be withdrawn, "nobody answered yet"."""

from __future__ import annotations

import pytest

from bot.i18n import t
from tests.support.assistant import needs_model, seeded_database
from tests.support.staff import STAFF_ENV, handoff_of, staff_member, user
from tests.support.telegram_harness import BotProcess, buttons, texts

pytestmark = [needs_model, pytest.mark.slow]
ANSWER_WITHIN = 15  # seconds of (always open) office hours before "nobody answered yet"


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    return seeded_database(tmp_path_factory.mktemp("handoff_waiting"))


@pytest.fixture(scope="module")
async def bot(database_url, emulator):
    bot = BotProcess(database_url, f"{emulator.url}/bot", **STAFF_ENV,
                     HANDOFF_ANSWER_WITHIN=str(ANSWER_WITHIN))
    bot.start()
    await bot.wait_ready()
    yield bot
    assert bot.stop() == 0


async def test_while_waiting_the_person_is_answered_told_and_can_withdraw(bot, emulator,
                                                                          database_url):
    lea, camille = user(emulator, name="Léa-Attente"), staff_member(emulator)
    seen = await lea.answers("je veux parler à quelqu'un", "J'ai demandé")
    assert ("Annuler la demande", "/cancel") in buttons(seen[-1])
    assert "je réponds toujours à vos questions" in texts(seen)[-1]
    await camille.until("Demande #")
    seen += await lea.answers("merci, j'attends", t("waiting_relayed", "fr"))
    assert ("Annuler la demande", "/cancel") in buttons(seen[-1])
    await camille.until("merci, j'attends")
    seen += await lea.answers("c'est quoi le pass french tech ?", "Le Pass French Tech comprend")
    relayed = await camille.until("c'est quoi le pass french tech ?")
    assert any("le bot a répondu" in x for x in texts(relayed)), texts(relayed)
    await lea.says("et le calendrier ?")  # relayed; the first one only was acknowledged
    await camille.until("et le calendrier ?")
    if not any(t("waiting_over", "fr") in text for text in texts(seen)):
        seen += await lea.until(t("waiting_over", "fr"), timeout=ANSWER_WITHIN + 20)
    offer = [m for m in seen if t("waiting_over", "fr") in texts([m])[0]]
    assert [title for title, _ in buttons(offer[-1])] == [
        t("button_keep_waiting", "fr"), t("button_back_to_assistant", "fr"),
        t("button_leave_email", "fr")]
    assert len([x for x in texts(seen) if t("waiting_relayed", "fr") in x]) == 1
    await camille.until("personne n'a encore répondu")
    await lea.taps(offer, t("button_leave_email", "fr"), t("waiting_email", "fr"))
    await lea.answers("lea@exemple.fr", t("waiting_email_noted", "fr"))
    await camille.until("lea@exemple.fr")
    await lea.answers("laisse tomber", t("waiting_withdrawn", "fr"))
    await camille.until("retirée par la personne")
    await lea.answers("et c'est combien ?", "volet financier")  # the assistant, fully
    handoff = handoff_of(database_url, "Léa-Attente")
    assert (handoff.status, handoff.closed_by) == ("closed", None)
    assert handoff.withdrawn_at and handoff.wait_told_at and handoff.acknowledged_at


async def test_once_taken_the_conversation_is_the_staffs_and_the_button_withdraws(
        bot, emulator, database_url):
    kim, camille = user(emulator, name="Kim-Prise"), staff_member(emulator)
    told = await kim.answers("je veux parler à une personne", "J'ai demandé")
    notice = await camille.until("Kim-Prise")
    await camille.taps(notice, f"Prendre #{handoff_of(database_url, 'Kim-Prise').id}",
                       "a pris la demande")
    await kim.until("a pris votre demande")
    await kim.says("non")  # an answer to the staff member, not a withdrawal
    await camille.until("Kim-Prise (#")
    await kim.says("c'est quoi le pass french tech ?")  # the staff member's to answer
    await camille.until("c'est quoi le pass french tech ?")
    assert await kim.receives(0, settle=1.5) == []
    assert handoff_of(database_url, "Kim-Prise").status == "taken"
    await kim.taps(told, "Annuler la demande", t("waiting_withdrawn", "fr"))
    await camille.until("retirée par la personne")
    await kim.answers("c'est quoi le pass french tech ?", "Le Pass French Tech comprend")


async def test_in_english_never_mind_withdraws_and_the_assistant_answers(bot, emulator,
                                                                         database_url):
    john, camille = user(emulator, "en", "John-Wait"), staff_member(emulator)
    told = await john.answers("I'd like to talk to a human please", "I've asked")
    assert ("Withdraw the request", "/cancel") in buttons(told[-1])
    await camille.until("John-Wait")
    await john.answers("never mind", t("waiting_withdrawn", "en"))
    await john.answers("what is the pass french tech?", "Pass French Tech")
