"""End to end: the real `ftbot run` console, a trained model and a seeded SQLite database."""

from __future__ import annotations

import pytest

from bot.db.queries import get_programme
from bot.db.session import session_scope
from tests.support.assistant import ftbot, needs_model, seeded_database
from tests.support.assistant import programme_fact as fact
from tests.support.factories import seed_data, write_seed

pytestmark = [needs_model, pytest.mark.slow]


def chat(database_url: str, *lines: str, sender: str = "tester") -> str:
    result = ftbot("run", "--sender", sender, database_url=database_url,
                   stdin="".join(f"{line}\n" for line in lines))
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    return seeded_database(tmp_path_factory.mktemp("console"))


def test_french_questions_on_the_three_main_schemes(database_url):
    out = chat(database_url,
               "salut",
               "c'est quoi la bourse french tech ?",
               "et c'est combien ?",
               "qui peut avoir le pass french tech",
               "le french tech ticket c'est quoi",
               sender="fr-user")
    assert fact(database_url, "bourse_french_tech", "summary", "fr") in out
    assert fact(database_url, "bourse_french_tech", "funding", "fr") in out  # from the slot
    assert fact(database_url, "pass_french_tech", "eligibility_summary", "fr") in out
    assert fact(database_url, "french_tech_ticket", "summary", "fr") in out


def test_english_questions_on_the_three_main_schemes(database_url):
    out = chat(database_url,
               "hello",
               "what is the bourse french tech?",
               "how much money does the pass french tech give?",
               "who can apply for the french tech ticket?",
               sender="en-user")
    assert fact(database_url, "bourse_french_tech", "summary", "en") in out
    assert fact(database_url, "pass_french_tech", "funding", "en") in out
    assert fact(database_url, "french_tech_ticket", "eligibility_summary", "en") in out
    assert "Bonjour" not in out


def test_a_question_without_a_scheme_offers_buttons_and_a_number_picks_one(database_url):
    out = chat(database_url, "c'est quoi le montant ?", "3", sender="button-user")
    assert "[3] French Tech Ticket" in out
    assert fact(database_url, "french_tech_ticket", "funding", "fr") in out


def test_a_button_number_still_presses_its_button_after_a_restart(database_url):
    """A console stopped after showing buttons: at the next start, "3" is still the third
    button of the last answer, not the text "3" (found by a persona trial)."""
    first = chat(database_url, "c'est quoi le montant ?", sender="button-restart")
    assert "[3] French Tech Ticket" in first
    out = chat(database_url, "3", sender="button-restart")
    assert fact(database_url, "french_tech_ticket", "funding", "fr") in out


def test_bad_input_gets_a_clear_answer_and_breaks_nothing(database_url):
    out = chat(database_url,
               "",
               "a" * 10_000,
               "😀🚀🎉",
               "Wie hoch ist die Förderung für mein Unternehmen?",
               "'; DROP TABLE programmes; --",
               "<b>c'est quoi</b> le pass french tech ?",
               sender="bad-input-user")
    assert "Votre message est vide" in out
    assert "trop long (10000 caractères" in out
    assert "Je ne comprends que le texte" in out
    assert "Je ne parle que français et anglais" in out
    assert fact(database_url, "pass_french_tech", "summary", "fr") in out
    with session_scope(database_url) as session:
        assert get_programme(session, "pass_french_tech") is not None


def test_the_conversation_survives_a_restart(database_url):
    chat(database_url, "c'est quoi le pass french tech ?", sender="restart-user")
    out = chat(database_url, "et c'est combien ?", sender="restart-user")
    assert fact(database_url, "pass_french_tech", "funding", "fr") in out


def test_a_console_killed_in_a_turn_prints_its_answer_at_the_next_start(database_url):
    """Killed once the turn was saved, before printing: the next start prints the answer
    without running the message again, and only once."""
    killed = ftbot("run", "--sender", "killed", database_url=database_url,
                   stdin="c'est quoi le pass french tech ?\n", FTBOT_CRASH_AT="turn_saved@killed")
    assert killed.returncode == -9
    summary = fact(database_url, "pass_french_tech", "summary", "fr")
    assert summary not in killed.stdout
    assert summary in chat(database_url, sender="killed")
    assert summary not in chat(database_url, sender="killed")
    with session_scope(database_url) as session:
        from bot.db.privacy import export_chat

        said = [m["text"] for m in export_chat(session, "killed")["conversation"]
                if m["from"] == "user"]
    assert said == ["c'est quoi le pass french tech ?"]


def test_answers_follow_the_database_staff_keep(tmp_path):
    data = seed_data()
    pass_ft = next(p for p in data["programmes"] if p["key"] == "pass_french_tech")
    pass_ft["summary"]["fr"] = "Texte mis à jour par l'équipe du réseau."
    url = seeded_database(tmp_path, write_seed(tmp_path / "edited.yml", data))
    out = chat(url, "c'est quoi le pass french tech ?")
    assert "Texte mis à jour par l'équipe du réseau." in out


def test_actions_can_run_on_a_separate_action_server(database_url):
    """The documented scale-out option: `rasa run actions` and ACTION_ENDPOINT_URL."""
    import os
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    from bot.config import PROJECT_ROOT
    from tests.support.assistant import ftbot

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    rasa = Path(sys.executable).with_name("rasa")
    server = subprocess.Popen(
        [str(rasa), "run", "actions", "--actions", "actions", "--port", str(port)],
        cwd=PROJECT_ROOT, env={**os.environ, "DATABASE_URL": database_url},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        result = ftbot("run", "--sender", "remote-actions", database_url=database_url,
                       stdin="c'est quoi le pass french tech ?\n",
                       ACTION_ENDPOINT_URL=f"http://127.0.0.1:{port}/webhook")
        assert fact(database_url, "pass_french_tech", "summary", "fr") in result.stdout
    finally:
        server.terminate()
        server.wait(30)
    stopped = ftbot("run", "--sender", "remote-actions-down", database_url=database_url,
                    stdin="c'est quoi le pass french tech ?\n",
                    ACTION_ENDPOINT_URL=f"http://127.0.0.1:{port}/webhook")
    assert fact(database_url, "pass_french_tech", "summary", "fr") not in stopped.stdout
    assert "un problème technique m'empêche de répondre" in stopped.stdout
    assert stopped.returncode == 0


def test_mydata_and_forget_work_in_the_console_as_on_telegram(database_url):
    from bot.i18n import t

    out = chat(database_url, "c'est quoi la bourse french tech ?", "/mydata", sender="gdpr-user")
    assert t("mydata_intro", "fr") in out
    assert "c'est quoi la bourse french tech ?" in out  # the exported conversation
    out = chat(database_url, "/forget", "2", sender="gdpr-user")  # 2: "no"
    assert t("forget_confirm", "fr") in out and t("forget_cancelled", "fr") in out
    out = chat(database_url, "/forget", "1", "/mydata", sender="gdpr-user")  # 1: "yes"
    assert t("forget_done", "fr", events=0)[:20] in out  # "C'est fait : j'ai ef…"
    assert "c'est quoi la bourse french tech ?" not in out.split(t("mydata_intro", "fr"))[-1]
