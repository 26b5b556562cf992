"""The insights' period is chosen (issue 33, point 6): 7, 30, 90 or 365 days, for the figures,
the unanswered questions and their YAML export; anything else is the 30 days
(bot/office/reports.py)."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text

from bot.db.queries import utcnow
from bot.db.session import session_scope
from tests.support.office import logged_in, site  # noqa: F401 (the fixture)


def asked(url: str, *questions: tuple[str, int]) -> None:
    """Rasa's events table holding these out-of-scope questions, asked `days` ago."""
    table = Table("events", MetaData(), Column("id", Integer, primary_key=True),
                  Column("sender_id", String(255)), Column("type_name", String(255)),
                  Column("timestamp", Float), Column("intent_name", String(255)),
                  Column("action_name", String(255)), Column("data", Text))
    with session_scope(url) as session:
        table.create(session.get_bind(), checkfirst=True)
        for n, (text, days) in enumerate(questions):
            session.execute(table.insert().values(
                sender_id=f"s{n}", type_name="user", intent_name="out_of_scope",
                timestamp=(utcnow() - timedelta(days=days)).timestamp(),
                data=json.dumps({"event": "user", "text": text,
                                 "parse_data": {"intent": {"name": "out_of_scope"}}})))


async def test_the_period_is_chosen_for_the_page_and_the_export(site, database_url):  # noqa: F811
    asked(database_url, ("horaires de la piscine", 3), ("prix du ticket de bus", 60))
    await logged_in(site, database_url)
    shown = {}
    for days in ("7", "30", "90", "forty"):
        async with site.get("/admin/insights", params={"days": days}) as response:
            assert response.status == 200
            shown[days] = await response.text()
    assert "horaires de la piscine" in shown["7"] and "ticket de bus" not in shown["7"]
    assert "Messages par jour (7 jours)" in shown["7"]
    assert "ticket de bus" not in shown["30"] and "ticket de bus" in shown["90"]
    assert "Messages par jour (30 jours)" in shown["forty"]
    assert 'href="/admin/insights/unanswered.yml?days=90"' in shown["90"]
    async with site.get("/admin/insights/unanswered.yml", params={"days": "90"}) as response:
        assert "ticket de bus" in await response.text()
    async with site.get("/admin/insights/unanswered.yml") as response:
        assert "ticket de bus" not in await response.text()
