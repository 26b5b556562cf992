"""The back-office's web application: its middlewares and routes (the pages are in their own
modules; the login, the session and the CSRF check in `sessions`, error pages in `errors`).

Libraries: aiohttp-session (an encrypted cookie: HttpOnly, SameSite=Lax, Secure over HTTPS,
holding a server-side session's token) and aiohttp-jinja2 (server-rendered pages,
autoescaped). No JavaScript.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp_session import session_middleware
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from bot.config import PROJECT_ROOT, Settings
from bot.db import office
from bot.office import (
    audit,
    decisions,
    events,
    handoffs,
    keys,
    knowledge,
    listing,
    programmes,
    reports,
)
from bot.office.errors import error_pages
from bot.office.logins import Limiter
from bot.office.render import page, security_headers, stylesheet
from bot.office.sessions import (
    PREFIX,
    logged_out,
    login,
    logout,
    require_login,
    session_context,
)

TEMPLATES = PROJECT_ROOT / "bot" / "office" / "templates"


def _secret(settings: Settings) -> bytes:
    """The cookie key (32 bytes): from ADMIN_SECRET (any text), else random (sessions then end
    at a restart)."""
    if settings.admin_secret:
        return hashlib.sha256(settings.admin_secret.encode()).digest()
    return secrets.token_bytes(32)


async def home(request: web.Request) -> web.StreamResponse:
    return page(request, "home.html", {})


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
                            error_pages, require_login])
    app[keys.LANGUAGE] = settings.staff_language
    app[keys.LOGIN_LIMITS] = Limiter()  # failed logins, per source and per account
    app[keys.TELEGRAM], app[keys.STAFF_CHAT_ID] = telegram, settings.staff_chat_id
    app[keys.OUTBOX_WAKE] = outbox_wake
    app[keys.ON_EVENT_CHANGE] = on_event_change  # wakes the reminders' sender
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                         autoescape=jinja2.select_autoescape(["html"]))
    # Each path named once (its GET and POST share it): templates write
    # {{ url("candidacy", reference=c.reference) }} (aiohttp_jinja2's `url`), not a path.
    routes = [("GET", "/office.css", stylesheet, "stylesheet"),
              ("GET", "/login/out", logged_out, "logged_out"),
              ("GET", "/login/{token}", login, "login"), ("POST", "/logout", logout, "logout"),
              ("GET", "/", home, "home"),
              ("GET", "/candidacies", listing.candidacies, "candidacies"),
              ("GET", "/candidacies.csv", listing.candidacies_csv_file, "candidacies_csv"),
              ("GET", "/candidacies/{reference}", decisions.candidacy, "candidacy"),
              ("POST", "/candidacies/{reference}/status", decisions.decide, "candidacy_status"),
              ("POST", "/candidacies/{reference}/notes", decisions.add_internal_note,
               "candidacy_notes"),
              ("POST", "/candidacies/{reference}/assign", decisions.assign, "candidacy_assign"),
              ("GET", "/audit", audit.audit_log, "audit"),
              ("GET", "/handoffs", handoffs.handoffs, "handoffs"),
              ("GET", "/handoffs/{handoff_id:\\d+}", handoffs.handoff, "handoff"),
              ("POST", "/handoffs/{handoff_id:\\d+}/take", handoffs.take, "handoff_take"),
              ("POST", "/handoffs/{handoff_id:\\d+}/reply", handoffs.reply, "handoff_reply"),
              ("POST", "/handoffs/{handoff_id:\\d+}/close", handoffs.close, "handoff_close"),
              ("GET", "/insights", reports.insights_page, "insights"),
              ("GET", "/insights/unanswered.yml", reports.unanswered_yaml, "unanswered_yaml"),
              ("GET", "/events", events.events_page, "events"),
              ("POST", "/events", events.create_event, "events"),
              ("GET", "/events/{event_id:\\d+}", events.event_page, "event"),
              ("POST", "/events/{event_id:\\d+}", events.save_event, "event"),
              ("POST", "/events/{event_id:\\d+}/move", events.save_event,  # the older form
               "event_move"),
              ("POST", "/events/{event_id:\\d+}/cancel", events.cancel_event, "event_cancel"),
              ("GET", "/programmes", programmes.programmes, "programmes"),
              ("GET", "/programmes/{key}", programmes.programme, "programme"),
              ("POST", "/programmes/{key}", programmes.save_programme, "programme"),
              ("GET", "/knowledge", knowledge.knowledge_list, "knowledge"),
              ("POST", "/knowledge", knowledge.create_entry, "knowledge"),
              ("GET", "/knowledge/new", knowledge.new_entry,  # before /knowledge/{key}
               "knowledge_new"),
              ("GET", "/knowledge/{key}", knowledge.entry_page, "knowledge_entry"),
              ("POST", "/knowledge/{key}", knowledge.save_entry, "knowledge_entry"),
              ("POST", "/knowledge/{key}/delete", knowledge.delete_entry, "knowledge_delete")]
    resources: dict[str, web.Resource] = {}
    for method, path, handler, name in routes:
        if name not in resources:
            resources[name] = app.router.add_resource(f"{PREFIX}{path}", name=name)
        resources[name].add_route(method, handler)
    return app
