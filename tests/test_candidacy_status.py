"""Where one's candidacies stand (actions/candidacy_status.py), on a real database, through the
in-process action endpoint; the trained model's part is in test_candidacy_console.py."""

from __future__ import annotations

from bot.db.candidacies import anonymise_for_chat, set_status
from bot.db.session import session_scope
from tests.support.actions import run_candidacy_action as run_action
from tests.support.factories import make_candidacy, make_programme, texts


def responses(result: dict) -> list[dict]:
    return result["responses"]


async def test_every_candidacy_of_the_chat_newest_first_with_its_status(database_url):
    with session_scope() as session:
        make_programme(session, "pass_french_tech", name=texts("Pass French Tech"))
        first = make_candidacy(session, "status-1", "pass_french_tech")
        second = make_candidacy(session, "status-1", None)  # to join the network
        make_candidacy(session, "someone-else", "pass_french_tech")
        set_status(session, first.reference, "in_review", by="Camille")
    [answer] = responses(await run_action("action_candidacy_status", {}, sender="status-1"))
    assert answer["response"] == "utter_candidacy_status"
    newest, oldest = answer["candidacies"].splitlines()
    assert newest.startswith(f"• {second.reference} — adhésion à la Normandy French Tech, "
                             "envoyée le ")
    assert newest.endswith(" : reçue, pas encore examinée")
    assert oldest.startswith(f"• {first.reference} — Pass French Tech, envoyée le ")
    assert " : en cours d'examen (depuis le " in oldest


async def test_in_english(database_url):
    with session_scope() as session:
        make_programme(session, "pass_french_tech", name=texts("Pass French Tech",
                                                               "Pass French Tech"))
        sent = make_candidacy(session, "status-en", "pass_french_tech", language="en")
        set_status(session, sent.reference, "accepted", by="Camille")
    [answer] = responses(await run_action("action_candidacy_status", {"language": "en"},
                                          sender="status-en"))
    assert f"• {sent.reference} — Pass French Tech, sent on " in answer["candidacies"]
    assert ": accepted (since " in answer["candidacies"]


async def test_no_candidacy_says_how_to_send_one(database_url):
    [answer] = responses(await run_action("action_candidacy_status", {}, sender="nobody"))
    assert answer["response"] == "utter_candidacy_status_none"


async def test_a_candidacy_started_and_not_sent_is_mentioned(database_url):
    with session_scope() as session:
        make_programme(session, "pass_french_tech", name=texts("Pass French Tech"))
    started = {"candidacy_programme": "pass_french_tech", "applicant_name": "Marie Dupont"}
    [answer] = responses(await run_action("action_candidacy_status", started, sender="draft"))
    assert (answer["response"], answer["programme"]) == ("utter_candidacy_status_draft",
                                                         "Pass French Tech")


async def test_an_erased_applicants_candidacies_are_no_longer_theirs(database_url):
    with session_scope() as session:
        make_candidacy(session, "forgotten", "bourse_french_tech")
        anonymise_for_chat(session, "forgotten")
    [answer] = responses(await run_action("action_candidacy_status", {}, sender="forgotten"))
    assert answer["response"] == "utter_candidacy_status_none"
