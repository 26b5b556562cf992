"""The back-office's insights (messages per day, intents, fallback and out-of-scope rates, the
top unanswered questions with their YAML snippet for nlu/, candidacies per scheme and status),
over a period the staff member chooses (PERIODS, in days; the YAML export follows it);
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
PERIODS = (7, 30, 90, 365)  # days
DEFAULT_PERIOD = 30


def period(request: web.Request) -> int:
    asked = request.query.get("days", "")
    return int(asked) if asked in {str(days) for days in PERIODS} else DEFAULT_PERIOD


async def insights_page(request: web.Request) -> web.StreamResponse:
    language, days = request["language"], period(request)
    with session_scope() as db:
        figures = insights(db, days=days)
        groups = group(unanswered(db, days=days))[:TOP_UNANSWERED]
        names = {p.key: localized(p.name, language) for p in list_programmes(db)}
    peak = max((count for _, count in figures.days), default=0) or 1
    return page(request, "insights.html", {"f": figures, "groups": groups, "peak": peak,
                                           "names": names, "days": days, "periods": PERIODS})


async def unanswered_yaml(request: web.Request) -> web.StreamResponse:
    with session_scope() as db:
        groups = group(unanswered(db, days=period(request)))
    return web.Response(text=as_nlu_yaml(groups), content_type="text/yaml", headers={
        "Content-Disposition": 'attachment; filename="unanswered.yml"'})
