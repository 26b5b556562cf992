"""The back-office's events page: create, move, cancel, through the same code as
`ftbot events` and /newevent (bot.reminders.events): subscribers are told, reminders move."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from bot.config import PARIS
from bot.db import office
from bot.db.queries import as_utc, list_events, localized, utcnow
from bot.db.session import session_scope
from bot.office.render import page, record_id
from bot.reminders import events as changes
from bot.reminders.events import EventError


def _when(value: str) -> datetime:
    """A datetime-local field ("2027-01-15T18:30"), Paris time."""
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=PARIS)
    except ValueError as error:
        raise EventError("Give a date and a time, e.g. 2027-01-15 18:30.") from error


def _optional(form: object, name: str) -> str | None:
    return str(form.get(name, "")).strip() or None  # type: ignore[attr-defined]


async def events_page(request: web.Request, error: str | None = None,
                      status: int = 200) -> web.StreamResponse:
    language = request["language"]
    now = utcnow()
    with session_scope() as db:
        rows = [{"id": e.id, "title": localized(e.title, language), "place": e.place or "",
                 "starts": as_utc(e.starts_at).astimezone(PARIS).strftime("%Y-%m-%dT%H:%M"),
                 "cancelled": e.cancelled, "past": as_utc(e.starts_at) <= now}
                for e in list_events(db)]
    upcoming = [row for row in rows if not row["past"]]
    return page(request, "events.html", {"rows": upcoming, "error": error}, status=status)


async def _change(request: web.Request, action: Callable[..., changes.Change], what: str,
                  **values: object) -> web.StreamResponse:
    try:
        with session_scope() as db:
            change = action(db, **values)
            office.audit(db, request["staff"], what, f"event:{change.event.id}",
                         {"notified": change.notified})
    except EventError as error:
        return await events_page(request, str(error), status=400)
    wake = request.config_dict.get("on_event_change")
    if wake is not None:
        wake()
    raise web.HTTPSeeOther("/admin/events")


async def create_event(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    try:
        starts = _when(str(form.get("starts", "")))
    except EventError as error:
        return await events_page(request, str(error), status=400)
    return await _change(request, changes.create, "event_created",
                         title=str(form.get("title", "")), starts_at=starts,
                         place=_optional(form, "place"), url=_optional(form, "url"),
                         description=_optional(form, "description"))


async def move_event(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    try:
        starts = _when(str(form.get("starts", "")))
    except EventError as error:
        return await events_page(request, str(error), status=400)
    return await _change(request, changes.update, "event_changed",
                         event_id=record_id(request, "event_id"), starts_at=starts,
                         place=str(form.get("place", "")).strip(),
                         title=str(form.get("title", "")).strip() or None)


async def cancel_event(request: web.Request) -> web.StreamResponse:
    return await _change(request, changes.cancel, "event_cancelled",
                         event_id=record_id(request, "event_id"))
