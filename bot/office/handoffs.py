"""Handoffs on the web: the list and a request's page (times in the network's time zone, who
has it and since when, the time to a first answer, the transcript), and Take, Reply and Close
from the page.

Each action goes through the staff chat's own code (bot.telegram.desk.relay): the person
receives a reply on Telegram exactly as if it had been typed in the staff chat, and the
staff chat sees what was done from here. It needs the running bot (the back-office's
`telegram`); without it (no Telegram token) the page says so. Every action is in the audit
log (never a reply's text).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from aiohttp import web

from bot.config import PARIS
from bot.db import audit, office
from bot.db import handoffs as handoff_queries
from bot.db.queries import as_utc
from bot.db.session import session_scope
from bot.db.stats import first_answer
from bot.office import keys
from bot.office.render import page, record_id, route
from bot.telegram.desk import relay

MAX_REPLY = 4000  # characters (Telegram's message is 4,096)
DONE = ("taken", "replied", "closed")


def paris(moment: Any) -> str:
    return as_utc(moment).astimezone(PARIS).strftime("%Y-%m-%d %H:%M") if moment else "—"


def shown_time(value: Any) -> str:
    """A transcript line's moment (a float timestamp or an ISO string), Paris time, to the
    minute; what cannot be read is shown as it is."""
    try:
        return handoff_queries.moment(value).astimezone(PARIS).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError, OverflowError, OSError):
        return "" if value is None else str(value)


async def handoffs(request: web.Request) -> web.StreamResponse:
    status = request.query.get("status") or None
    with session_scope() as db:
        rows = [{"h": h, "first": first_answer(h)}
                for h in handoff_queries.list_handoffs(db, status)]
        db.expunge_all()
    return page(request, "handoffs.html", {"rows": rows, "status": status, "paris": paris,
                                           "statuses": handoff_queries.STATUSES})


def _page(request: web.Request, status: int = 200, **extra: Any) -> web.Response:
    with session_scope() as db:
        found = handoff_queries.get_handoff(db, record_id(request, "handoff_id"))
        if found is None:
            raise web.HTTPNotFound()
        delay = first_answer(found)
        db.expunge_all()
    lines = [{**m, "when": shown_time(m.get("at"))} for m in found.transcript]
    done = request.query.get("done")
    return page(request, "handoff.html", {
        "h": found, "first": delay, "lines": lines, "paris": paris,
        "live": _desk(request) is not None, "done": done if done in DONE else None, **extra},
        status=status)


async def handoff(request: web.Request) -> web.StreamResponse:
    return _page(request)


def _desk(request: web.Request) -> tuple[Any, Any] | None:
    """(a context as the staff chat's handlers get it, the staff desk), or None without a
    running bot."""
    application = request.config_dict.get(keys.TELEGRAM)
    desk = application.bot_data.staff if application is not None else None
    if desk is None:
        return None
    return SimpleNamespace(bot=application.bot, application=application), desk


def _state(handoff_id: int) -> dict[str, Any] | None:
    """What the audit keeps of a handoff, before and after an action (None: no such one)."""
    with session_scope() as db:
        found = handoff_queries.get_handoff(db, handoff_id)
        return {"status": found.status, "taken_by": found.taken_by} if found else None


def _acting(request: web.Request) -> tuple[int, Any, Any]:
    handoff_id = record_id(request, "handoff_id")
    request["before"] = _state(handoff_id)
    if request["before"] is None:
        raise web.HTTPNotFound()
    desk = _desk(request)
    if desk is None:
        raise web.HTTPServiceUnavailable(text="no bot running")
    return handoff_id, *desk


def _audited(request: web.Request, action: str, handoff_id: int) -> web.HTTPSeeOther:
    changed = audit.changes(request["before"] or {}, _state(handoff_id) or {},
                            ("status", "taken_by"))
    with session_scope() as db:
        office.audit(db, request["staff"], action, f"handoff:{handoff_id}",
                     {"changes": changed} if changed else None)
    done = {"handoff_taken": "taken", "handoff_reply": "replied"}.get(action, "closed")
    return web.HTTPSeeOther(route(request, "handoff", {"done": done}, handoff_id=handoff_id))


async def take(request: web.Request) -> web.StreamResponse:
    handoff_id, context, desk = _acting(request)
    await relay.take_handoff(context, desk, handoff_id, request["staff"])
    raise _audited(request, "handoff_taken", handoff_id)


async def reply(request: web.Request) -> web.StreamResponse:
    handoff_id, context, desk = _acting(request)
    text = str((await request.post()).get("text", "")).strip()
    if not text or len(text) > MAX_REPLY:
        return _page(request, 400, problem="office_reply_needed" if not text
                     else "office_too_long", typed=text, limit=MAX_REPLY)
    if not await relay.reply_from_office(context, desk, handoff_id, request["staff"], text):
        return _page(request, 409, problem="office_handoff_already_closed", typed=text)
    raise _audited(request, "handoff_reply", handoff_id)


async def close(request: web.Request) -> web.StreamResponse:
    handoff_id, context, desk = _acting(request)
    await relay.close_handoff(context, desk, handoff_id, request["staff"])
    raise _audited(request, "handoff_closed", handoff_id)
