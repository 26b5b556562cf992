"""No token in any log line, at any level, whoever logs it."""

from __future__ import annotations

import logging

from bot.log import RedactingFormatter, redact

TOKEN = "123456789:AAH4rEaLlYlOoKiNgToKeN_abcdefghijk"


def line(message: str, *args: object, exc: BaseException | None = None) -> str:
    record = logging.LogRecord("telegram.ext", logging.DEBUG, __file__, 1, message, args,
                               (type(exc), exc, exc.__traceback__) if exc else None)
    return RedactingFormatter(secrets=("configured-secret",)).format(record)


def test_a_token_in_a_url_is_taken_out():
    logged = line("POST %s failed", f"https://api.telegram.org/bot{TOKEN}/getUpdates")
    assert TOKEN not in logged and "bot<token>/getUpdates" in logged


def test_a_token_in_a_traceback_is_taken_out():
    try:
        raise ConnectionError(f"cannot reach https://api.telegram.org/bot{TOKEN}/sendMessage")
    except ConnectionError as error:
        logged = line("request failed", exc=error)
    assert TOKEN not in logged and "<token>" in logged


def test_the_configured_secret_is_taken_out_even_if_it_does_not_look_like_a_token():
    assert line("webhook secret is %s", "configured-secret") .endswith("webhook secret is <token>")


def test_ordinary_text_is_left_alone():
    text = "Update 42 processed at 12:30:45; reference NFT-2026-0001"
    assert redact(text) == text


def test_a_failed_statement_is_reported_without_its_values(database_url):
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from bot.db.session import session_scope

    insert = text("INSERT INTO network_settings (key, value) VALUES (:key, :value)")
    with pytest.raises(IntegrityError) as failure, session_scope() as session:
        session.execute(insert, {"key": "contact", "value": "marie.dupont@exemple.fr"})
        session.execute(insert, {"key": "contact", "value": "marie.dupont@exemple.fr"})
    assert "marie.dupont@exemple.fr" not in str(failure.value)


def test_json_lines_carry_the_fields_and_no_token():
    import json

    from bot.log import JsonFormatter

    record = logging.LogRecord("bot.telegram", logging.WARNING, __file__, 1,
                               "update %s failed at %s", (42, f"bot{TOKEN}/sendMessage"), None)
    entry = json.loads(JsonFormatter().format(record))
    assert (entry["level"], entry["logger"]) == ("WARNING", "bot.telegram")
    assert entry["message"] == "update 42 failed at bot<token>/sendMessage"
