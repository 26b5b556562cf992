"""The back-office's read-only pages: handoffs (open, taken, closed, transcripts, time to first
answer) and insights (messages per day, intents, fallback and out-of-scope rates, the top
unanswered questions with their YAML snippet for nlu/, candidacies per scheme and status)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.config import PARIS
from bot.db import handoffs as handoff_queries
from bot.db.insights import unanswered
from bot.db.queries import list_programmes, localized
from bot.db.session import session_scope
from bot.db.stats import first_answer, insights
from bot.office.render import page, record_id
from bot.staff.unanswered import as_nlu_yaml, group

TOP_UNANSWERED = 15


async def handoffs(request: web.Request) -> web.StreamResponse:
    status = request.query.get("status") or None
    with session_scope() as db:
        rows = [{"h": h, "first": first_answer(h)}
                for h in handoff_queries.list_handoffs(db, status)]
        db.expunge_all()
    return page(request, "handoffs.html", {"rows": rows, "status": status,
                                           "statuses": handoff_queries.STATUSES})


async def handoff(request: web.Request) -> web.StreamResponse:
    with session_scope() as db:
        found = handoff_queries.get_handoff(db, record_id(request, "handoff_id"))
        if found is None:
            raise web.HTTPNotFound()
        delay = first_answer(found)
        db.expunge_all()
    lines = [{**m, "when": shown_time(m.get("at"))} for m in found.transcript]
    return page(request, "handoff.html", {"h": found, "first": delay, "lines": lines})


def shown_time(value: Any) -> str:
    """A transcript line's moment (a float timestamp or an ISO string), Paris time, to the
    minute; what cannot be read is shown as it is."""
    try:
        return handoff_queries.moment(value).astimezone(PARIS).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError, OverflowError, OSError):
        return "" if value is None else str(value)


async def insights_page(request: web.Request) -> web.StreamResponse:
    language = request["language"]
    with session_scope() as db:
        figures = insights(db)
        groups = group(unanswered(db, days=30))[:TOP_UNANSWERED]
        names = {p.key: localized(p.name, language) for p in list_programmes(db)}
    peak = max((count for _, count in figures.days), default=0) or 1
    return page(request, "insights.html", {"f": figures, "groups": groups, "peak": peak,
                                           "names": names})


async def unanswered_yaml(request: web.Request) -> web.StreamResponse:
    with session_scope() as db:
        groups = group(unanswered(db, days=30))
    return web.Response(text=as_nlu_yaml(groups), content_type="text/yaml", headers={
        "Content-Disposition": 'attachment; filename="unanswered.yml"'})
