"""A request for a person never leaves anyone in silence, in the real `ftbot run` console
with a staff chat configured (as on Telegram): the messages reach the request, the assistant
still answers questions, the request can be withdrawn, and "nobody answered yet" is said."""

from __future__ import annotations

import pytest

from bot.db.handoffs import for_chat
from bot.db.session import session_scope
from bot.i18n import t
from tests.support.assistant import ftbot, needs_model, seeded_database

pytestmark = [needs_model, pytest.mark.slow]
ALWAYS_OPEN = {"STAFF_CHAT_ID": "-100500", "OFFICE_HOURS": "mon-sun 00:00-23:59"}


def chat(database_url: str, *lines: str, sender: str, **env: str) -> str:
    result = ftbot("run", "--sender", sender, database_url=database_url,
                   stdin="".join(f"{line}\n" for line in lines), **{**ALWAYS_OPEN, **env})
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def handoffs_of(database_url: str, sender: str) -> list:
    with session_scope(database_url) as session:
        found = for_chat(session, sender)
        session.expunge_all()
        return found


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    return seeded_database(tmp_path_factory.mktemp("waiting"))


def test_while_waiting_messages_reach_the_request_questions_are_answered_and_never_mind_withdraws(
        database_url):
    out = chat(database_url, "je veux parler à quelqu'un",
               "bonjour, j'ai une question sur mon dossier",
               "et aussi sur le calendrier",
               "c'est quoi le pass french tech ?",
               "laisse tomber",
               "et c'est combien ?", sender="waiting-fr")
    assert "je réponds toujours à vos questions" in out
    assert out.count(t("waiting_relayed", "fr")) == 1  # the first relayed message only
    assert "Le Pass French Tech comprend" in out  # answered while waiting
    assert t("waiting_withdrawn", "fr") in out
    assert "volet financier" in out.split(t("waiting_withdrawn", "fr"))[1]  # the assistant again
    assert "problème technique" not in out
    [handoff] = handoffs_of(database_url, "waiting-fr")
    assert handoff.status == "closed" and handoff.withdrawn_at and handoff.closed_by is None
    said = [m["text"] for m in handoff.transcript if m["by"] == "user"]
    assert said[-3:] == ["bonjour, j'ai une question sur mon dossier",
                         "et aussi sur le calendrier", "c'est quoi le pass french tech ?"]


@pytest.mark.parametrize(("lines", "language"), [
    (["je veux parler à une personne", "finalement non"], "fr"),  # "non" about the request
    (["je veux parler à une personne", "1"], "fr"),  # the button under the confirmation
    (["I'd like to talk to a human", "never mind"], "en"),
    (["je veux parler à une personne", "c'est bon j'ai trouvé"], "fr"),
])
def test_the_request_is_withdrawn_in_words_or_with_the_button(database_url, lines, language):
    sender = f"withdraw-{abs(hash(tuple(lines)))}"
    out = chat(database_url, *lines, "c'est quoi la bourse french tech ?", sender=sender)
    assert t("waiting_withdrawn", language) in out
    assert "Bourse French Tech" in out.split(t("waiting_withdrawn", language))[1]
    [handoff] = handoffs_of(database_url, sender)
    assert handoff.withdrawn_at is not None


def test_out_of_office_hours_the_person_is_told_when_and_that_the_assistant_answers(
        database_url):
    out = chat(database_url, "je veux parler à une personne", "merci, j'attends",
               "c'est quoi le french tech ticket ?", sender="night",
               OFFICE_HOURS="mon-mon 00:00-00:01")
    assert "on vous répondra à partir de lundi" in out
    assert "D'ici là, je réponds toujours à vos questions" in out
    assert "qui vous répondra ici à partir de lundi" in out  # the first relayed message
    assert "French Tech Ticket" in out.split("qui vous répondra ici")[1]


@pytest.mark.parametrize(("pressed", "then", "expected"), [
    ("1", [], "waiting_keep"),
    ("2", [], "waiting_withdrawn"),
    ("3", ["marie@exemple.fr"], "waiting_email_noted"),
])
def test_when_nobody_answered_in_time_the_person_chooses_what_next(database_url, pressed, then,
                                                                   expected):
    sender = f"late-{pressed}"
    out = chat(database_url, "je veux parler à une personne", "vous êtes là ?", pressed, *then,
               sender=sender, HANDOFF_ANSWER_WITHIN="0")
    assert out.count(t("waiting_over", "fr")) == 1
    offer = out.split(t("waiting_over", "fr"))[1]
    for number, button in enumerate(("button_keep_waiting", "button_back_to_assistant",
                                     "button_leave_email"), start=1):
        assert f"[{number}] {t(button, 'fr')}" in offer
    assert t(expected, "fr") in offer
    [handoff] = handoffs_of(database_url, sender)
    assert handoff.wait_told_at is not None
    assert handoff.status == ("closed" if pressed == "2" else "open")
    if then:
        assert then[0] in [m["text"] for m in handoff.transcript]
