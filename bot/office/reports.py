"""The back-office's insights (messages per day, intents, fallback and out-of-scope rates, the
top unanswered questions with their YAML snippet for nlu/, candidacies per scheme and status);
handoffs are in `handoffs`."""

from __future__ import annotations

from aiohttp import web

from bot.db.insights import unanswered
from bot.db.queries import list_programmes, localized
from bot.db.session import session_scope
from bot.db.stats import insights
from bot.office.render import page
from bot.staff.unanswered import as_nlu_yaml, group

TOP_UNANSWERED = 15


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
