"""The audit log's page: every change with who, when, which record, and its before and after
values; filtered by who, what, which record and when, PAGE_SIZE rows a page with a count (all
asked of the database, bot.db.audit); the filters kept in the pages' and language's links."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from bot.config import PARIS
from bot.db import audit
from bot.db.queries import as_utc
from bot.db.session import session_scope
from bot.office.render import page

PAGE_SIZE = 50
FILTERS = ("who", "action", "target", "from", "to")
SHOWN_VALUE = 300  # characters of a before/after value on the page


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def shown(value: Any) -> str:
    """A before/after value as one short line ("—" for none)."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, dict):  # {"fr": …, "en": …}, a source
        text = " · ".join(f"{key}: {shown(item)}" for key, item in value.items())
    elif isinstance(value, list):
        text = ", ".join(shown(item) for item in value)
    else:
        text = str(value)
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE] + "…"


def row(entry: Any) -> dict[str, Any]:
    detail = dict(entry.detail or {}) if isinstance(entry.detail, dict) else {}
    changed = detail.pop("changes", None) or {}
    detail.pop("fields", None)  # the changes name them
    return {"when": as_utc(entry.at).astimezone(PARIS).strftime("%Y-%m-%d %H:%M"),
            "who": entry.who, "action": entry.action, "target": entry.target,
            "changes": [(name, shown(pair[0]), shown(pair[1])) for name, pair in changed.items()
                        if isinstance(pair, list) and len(pair) == 2],
            "detail": ", ".join(f"{k}: {shown(v)}" for k, v in detail.items())}


async def audit_log(request: web.Request) -> web.StreamResponse:
    query = request.query
    where = audit.AuditFilter(who=query.get("who") or None, action=query.get("action") or None,
                              target=(query.get("target") or "").strip()[:200] or None,
                              since=_day(query.get("from")), until=_day(query.get("to")))
    kept = {name: query[name] for name in FILTERS if query.get(name)}
    asked = query.get("page", "1")
    with session_scope() as db:
        total = audit.count(db, where)
        pages = max(1, -(-total // PAGE_SIZE))
        number = min(int(asked), pages) if asked.isascii() and asked.isdigit() and int(
            asked) > 0 else 1
        rows = [row(e) for e in audit.entries(db, where, (number - 1) * PAGE_SIZE, PAGE_SIZE)]
        people, actions = audit.choices(db)
    link = lambda n: urlencode({**kept, "page": n})  # noqa: E731
    return page(request, "audit.html", {
        "rows": rows, "query": query, "people": people, "actions": actions, "total": total,
        "number": number, "pages": pages,
        "previous": link(number - 1) if number > 1 else None,
        "next": link(number + 1) if number < pages else None})
