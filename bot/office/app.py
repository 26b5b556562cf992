"""The back-office's web application: its routes, the candidacies' pages and the audit log
(the login, the session and the CSRF check are in `sessions`).

Libraries: aiohttp-session (an encrypted cookie: HttpOnly, SameSite=Lax, Secure over HTTPS,
holding a server-side session's token) and aiohttp-jinja2 (server-rendered pages,
autoescaped). No JavaScript.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp_session import session_middleware
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from bot.config import PROJECT_ROOT, Settings
from bot.db import office
from bot.db.candidacies import (
    STATUSES,
    CandidacyFilter,
    as_dict,
    count_candidacies,
    list_candidacies,
)
from bot.db.queries import list_programmes, localized
from bot.db.session import session_scope
from bot.office import decisions, events, handoffs, knowledge, programmes, reports
from bot.office.render import page, security_headers, stylesheet
from bot.office.sessions import (
    PREFIX,
    logged_out,
    login,
    logout,
    require_login,
    session_context,
)
from bot.staff.export import candidacies_csv

TEMPLATES = PROJECT_ROOT / "bot" / "office" / "templates"
PAGE_SIZE = 50  # candidacies a page
FILTERS = ("programme", "status", "from", "to", "q")


def _secret(settings: Settings) -> bytes:
    """The cookie key (32 bytes): from ADMIN_SECRET (any text), else random (sessions then end
    at a restart)."""
    if settings.admin_secret:
        return hashlib.sha256(settings.admin_secret.encode()).digest()
    return secrets.token_bytes(32)


async def home(request: web.Request) -> web.StreamResponse:
    return page(request, "home.html", {})


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filter(query: Mapping[str, str]) -> CandidacyFilter:
    """The list's filters: scheme, status, submitted between two days, and a search in the
    reference, name, company, e-mail and town (all in the database)."""
    return CandidacyFilter(status=query.get("status") or None,
                           programme_key=query.get("programme") or None,
                           search=(query.get("q") or "").strip() or None,
                           since=_day(query.get("from")), until=_day(query.get("to")))


def _kept(query: Mapping[str, str]) -> dict[str, str]:
    """The filters as typed, for the links that keep them (pages, CSV, language)."""
    return {name: query[name] for name in FILTERS if query.get(name)}


async def candidacies(request: web.Request) -> web.StreamResponse:
    where, kept = _filter(request.query), _kept(request.query)
    asked = request.query.get("page", "1")
    with session_scope() as db:
        total = count_candidacies(db, where)
        pages = max(1, -(-total // PAGE_SIZE))
        number = min(max(int(asked), 1), pages) if asked.isdigit() else 1
        rows = list_candidacies(db, where, (number - 1) * PAGE_SIZE, PAGE_SIZE)
        programmes = {p.key: localized(p.name, request["language"])
                      for p in list_programmes(db)}
        db.expunge_all()
    link = lambda n: urlencode({**kept, "page": n})  # noqa: E731
    return page(request, "candidacies.html", {
        "rows": rows, "programmes": programmes, "statuses": STATUSES, "query": request.query,
        "total": total, "number": number, "pages": pages, "csv_query": urlencode(kept),
        "previous": link(number - 1) if number > 1 else None,
        "next": link(number + 1) if number < pages else None})


async def candidacies_csv_file(request: web.Request) -> web.StreamResponse:
    """The list as filtered (every page), for a spreadsheet (formula-safe cells,
    bot.staff.export)."""
    with session_scope() as db:
        rows = [as_dict(c) for c in list_candidacies(db, _filter(request.query))]
    with session_scope() as db:
        office.audit(db, request["staff"], "candidacies_exported", "csv", {"rows": len(rows)})
    return web.Response(text=candidacies_csv(rows), content_type="text/csv", headers={
        "Content-Disposition": 'attachment; filename="candidacies.csv"'})


async def audit_log(request: web.Request) -> web.StreamResponse:
    with session_scope() as db:
        entries = office.audit_entries(db)
        db.expunge_all()
    return page(request, "audit.html", {"entries": entries})


def add_office(app: web.Application, settings: Settings,
               outbox_wake: asyncio.Event | None = None,
               on_event_change: Callable[[], object] | None = None,
               telegram: Any = None) -> web.Application:
    """The back-office's routes under /admin, added to `app` (the bot's admin server). Not a
    sub-application: aiohttp 3.9's prefixed sub-apps read `request.url`, which the pinned yarl
    refuses for a Host with a port; the middlewares leave every other path alone. `telegram`:
    the bot's Application (its bot asks whether a member is still in the staff chat)."""
    secure = (settings.admin_url or "").startswith("https://")
    storage = EncryptedCookieStorage(
        _secret(settings), cookie_name="ftbot_office",
        max_age=int(office.SESSION_LIFETIME.total_seconds()), httponly=True, secure=secure,
        samesite="Lax", path="/admin")
    app.middlewares.extend([security_headers, session_middleware(storage), session_context,
                            require_login])
    app["language"] = settings.staff_language
    app["telegram"], app["staff_chat_id"] = telegram, settings.staff_chat_id
    app["outbox_wake"] = outbox_wake
    app["on_event_change"] = on_event_change  # wakes the reminders' sender
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                         autoescape=jinja2.select_autoescape(["html"]))
    routes = [("GET", "/office.css", stylesheet), ("GET", "/login/out", logged_out),
              ("GET", "/login/{token}", login), ("POST", "/logout", logout), ("GET", "/", home),
              ("GET", "/candidacies", candidacies),
              ("GET", "/candidacies.csv", candidacies_csv_file),
              ("GET", "/candidacies/{reference}", decisions.candidacy),
              ("POST", "/candidacies/{reference}/status", decisions.decide),
              ("POST", "/candidacies/{reference}/notes", decisions.add_internal_note),
              ("GET", "/audit", audit_log),
              ("GET", "/handoffs", handoffs.handoffs),
              ("GET", "/handoffs/{handoff_id:\\d+}", handoffs.handoff),
              ("POST", "/handoffs/{handoff_id:\\d+}/take", handoffs.take),
              ("POST", "/handoffs/{handoff_id:\\d+}/reply", handoffs.reply),
              ("POST", "/handoffs/{handoff_id:\\d+}/close", handoffs.close),
              ("GET", "/insights", reports.insights_page),
              ("GET", "/insights/unanswered.yml", reports.unanswered_yaml),
              ("GET", "/events", events.events_page),
              ("POST", "/events", events.create_event),
              ("POST", "/events/{event_id:\\d+}/move", events.move_event),
              ("POST", "/events/{event_id:\\d+}/cancel", events.cancel_event),
              ("GET", "/programmes", programmes.programmes),
              ("GET", "/programmes/{key}", programmes.programme),
              ("POST", "/programmes/{key}", programmes.save_programme),
              ("GET", "/knowledge", knowledge.knowledge_list),
              ("POST", "/knowledge", knowledge.create_entry),
              ("GET", "/knowledge/new", knowledge.new_entry),  # before /knowledge/{key}
              ("GET", "/knowledge/{key}", knowledge.entry_page),
              ("POST", "/knowledge/{key}", knowledge.save_entry),
              ("POST", "/knowledge/{key}/delete", knowledge.delete_entry)]
    for method, path, handler in routes:
        app.router.add_route(method, f"{PREFIX}{path}", handler)
    return app


def login_url(settings: Settings, token: str) -> str:
    base = settings.admin_url or f"http://{settings.admin_listen}:{settings.admin_port}/admin"
    return f"{base.rstrip('/')}/login/{token}"

