"""Replies become escaped HTML, split under Telegram's limit, with their buttons last."""

from __future__ import annotations

from bot.reply import Reply
from bot.telegram.render import TELEGRAM_LIMIT, merged, render, split_text


def test_long_text_is_split_at_paragraphs():
    paragraphs = [f"Paragraphe {i} " + "x" * 900 for i in range(6)]
    parts = split_text("\n\n".join(paragraphs), limit=2000)
    assert all(len(part) <= 2000 for part in parts)
    assert parts[0] == "\n\n".join(paragraphs[:2])
    assert "\n\n".join(parts) == "\n\n".join(paragraphs)


def test_a_title_line_is_not_a_message_of_its_own():
    text = "Pass French Tech\n" + "Une phrase du résumé. " * 300
    parts = split_text(text, limit=3000)
    assert parts[0].startswith("Pass French Tech\nUne phrase") and parts[0].endswith("résumé.")
    assert len(parts[0]) > 1500 and "".join(parts).replace(" ", "") == text.replace(" ", "")


def test_text_without_any_break_is_cut_hard():
    parts = split_text("y" * 10_000, limit=4096)
    assert [len(p) for p in parts] == [4096, 4096, 1808]


def test_user_text_is_escaped_and_buttons_go_under_the_last_part():
    reply = Reply("<b>hi</b> & " + "z " * 3000,
                  [{"title": "Pass", "payload": '/ask_funding{"programme":"pass_french_tech"}'}])
    messages = render([reply])
    assert len(messages) == 2
    assert messages[0].html.startswith("&lt;b&gt;hi&lt;/b&gt; &amp; ")
    assert messages[0].keyboard is None
    button = messages[1].keyboard.inline_keyboard[0][0]
    assert button.callback_data == '/ask_funding{"programme":"pass_french_tech"}'
    assert all(len(m.html) <= TELEGRAM_LIMIT for m in messages)


def test_a_payload_too_long_for_telegram_is_dropped_not_sent():
    reply = Reply("Choose", [{"title": "x", "payload": "/" + "a" * 80},
                             {"title": "ok", "payload": "/greet"}])
    buttons = render([reply])[0].keyboard.inline_keyboard
    assert [row[0].callback_data for row in buttons] == ["/greet"]


def test_replies_of_one_turn_share_a_message_unless_buttons_or_length_part_them():
    question = Reply("Votre nom ?", [{"title": "Passer", "payload": "/skip"}])
    assert [r.text for r in merged([Reply("Merci."), question])] == ["Merci.\n\nVotre nom ?"]
    assert merged([Reply("Merci."), question])[0].buttons == question.buttons
    assert len(render([question, Reply("Autre chose ?")])) == 2  # buttons stay under theirs
    long = Reply("x" * 3000)
    assert len(render([long, Reply("y" * 1000)])) == 2
