"""The back-office's events: upcoming, past and cancelled ones in their own views with their
subscriber counts; create, edit everything (French and English title and description, date,
place, link) and cancel, through the same code as `ftbot events` and /newevent
(bot.reminders.events): subscribers are told, reminders move.

Nothing reaches a subscriber without a confirmation: a change that would tell anyone (a new
event, a new date or place, a cancellation) first shows how many will be told and what, and
only the confirmation (`confirm=1`, CSRF-checked like every form) makes it. A change nobody
would hear of is saved at once. Every change is in the audit log with before and after.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from aiohttp import web

from bot.config import PARIS
from bot.db import audit, event_desk, office
from bot.db.models import Event
from bot.db.queries import as_utc, localized, utcnow
from bot.db.session import session_scope
from bot.office import keys
from bot.office.render import page, record_id, route
from bot.reminders import events as changes
from bot.reminders.events import EventError

FIELDS = ("title", "title_en", "starts", "place", "url", "description", "description_en")
LIMITS = {"title": 200, "title_en": 200, "place": 300, "url": 500, "description": 2000,
          "description_en": 2000}
AUDITED = ("title", "starts", "place", "url", "description", "cancelled")


def _when(value: str) -> datetime:
    """A datetime-local field ("2027-01-15T18:30"), Paris time."""
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=PARIS)
    except ValueError as error:
        raise EventError("office_event_bad_when") from error


def _typed(form: Mapping[str, Any]) -> dict[str, str]:
    """The form's fields as typed (bounded), the same names as the page's inputs."""
    typed = {name: str(form.get(name, "")).strip() for name in FIELDS if name in form}
    for name, limit in LIMITS.items():
        if len(typed.get(name, "")) > limit:
            raise EventError("office_event_too_long", field=name, limit=limit)
    url = typed.get("url", "")
    if url and not url.startswith(("https://", "http://")):
        raise EventError("office_event_bad_url", field="url")
    return typed


def snapshot(event: Event | None) -> dict[str, Any]:
    """What the audit log keeps of an event, before and after a change."""
    if event is None:
        return {}
    return {"title": event.title, "place": event.place, "url": event.url,
            "description": event.description, "cancelled": event.cancelled,
            "starts": as_utc(event.starts_at).astimezone(PARIS).strftime("%Y-%m-%d %H:%M")}


def values(event: Event) -> dict[str, str]:
    """The edit form's values."""
    title, description = event.title or {}, event.description or {}
    return {"title": title.get("fr", ""), "title_en": title.get("en", ""),
            "starts": as_utc(event.starts_at).astimezone(PARIS).strftime("%Y-%m-%dT%H:%M"),
            "place": event.place or "", "url": event.url or "",
            "description": description.get("fr", ""),
            "description_en": description.get("en", "")}


async def events_page(request: web.Request, error: EventError | None = None, status: int = 200,
                      typed: Mapping[str, str] | None = None) -> web.StreamResponse:
    language = request["language"]
    view = request.query.get("view")
    view = view if view in event_desk.VIEWS else "upcoming"
    with session_scope() as db:
        counts = event_desk.subscribers(db)
        rows = [{"id": e.id, "title": localized(e.title, language), "place": e.place or "",
                 "starts": as_utc(e.starts_at).astimezone(PARIS).strftime("%Y-%m-%d %H:%M"),
                 "subscribers": counts.get(f"event:{e.id}", 0)}
                for e in event_desk.listed(db, view)]
    return page(request, "events.html", {
        "rows": rows, "error": error and error.text(language), "view": view,
        "views": event_desk.VIEWS, "followers": counts.get("all", 0), "typed": typed or {}},
        status=status)


async def event_page(request: web.Request, error: EventError | None = None, status: int = 200,
                     typed: Mapping[str, str] | None = None) -> web.StreamResponse:
    with session_scope() as db:
        event = db.get(Event, record_id(request, "event_id"))
        if event is None:
            raise web.HTTPNotFound()
        shown = {**values(event), **(typed or {})}
        history = [(as_utc(e.at).astimezone(PARIS).strftime("%Y-%m-%d %H:%M"), e.who, e.action)
                   for e in audit.history(db, f"event:{event.id}", (
                       "event_created", "event_changed", "event_cancelled"))]
        context = {"e": event, "values": shown, "history": history,
                   "error": error and error.text(request["language"]),
                   "subscribers": event_desk.subscribers(db).get(f"event:{event.id}", 0),
                   "past": as_utc(event.starts_at) <= utcnow(),
                   "saved": request.query.get("saved") == "1"}
        return page(request, "event.html", context, status=status)


def _confirm(request: web.Request, what: str, told: int, title: str,
             form: Mapping[str, str], action: str) -> web.Response:
    return page(request, "event_confirm.html", {"what": what, "told": told, "title": title,
                                                "form": form, "action": action})


async def _change(request: web.Request, action: Callable[..., changes.Change], what: str,
                  event_id: int | None, done: str, **arguments: object) -> web.StreamResponse:
    """Make the change and audit it with before and after; wake the reminders' sender."""
    try:
        with session_scope() as db:
            before = snapshot(db.get(Event, event_id)) if event_id else {}
            change = action(db, **({"event_id": event_id} if event_id else {}), **arguments)
            after = snapshot(change.event)
            office.audit(db, request["staff"], what, f"event:{change.event.id}", {
                "notified": change.notified, "changes": audit.changes(before, after, AUDITED)})
            event_id = change.event.id
    except EventError as error:
        if done == "created":
            return await events_page(request, error, 400, typed=_posted(request))
        return await event_page(request, error, 400, typed=_posted(request))
    wake = request.config_dict.get(keys.ON_EVENT_CHANGE)
    if wake is not None:
        wake()
    raise web.HTTPSeeOther(route(request, "event", {"saved": "1"}, event_id=event_id)
                           if done != "created" else route(request, "events"))


def _posted(request: web.Request) -> dict[str, str]:
    form = request.get("form") or {}
    return {name: str(form.get(name, ""))[:LIMITS.get(name, 100)] for name in FIELDS
            if name in form}


async def create_event(request: web.Request) -> web.StreamResponse:
    form = request["form"] = await request.post()
    try:
        typed = _typed(form)
        starts = _when(typed.get("starts", ""))
    except EventError as error:
        return await events_page(request, error, 400, typed=_posted(request))
    with session_scope() as db:
        told = event_desk.told_of_news(db, None)
    if told and form.get("confirm") != "1" and as_utc(starts) > utcnow() and typed.get("title"):
        return _confirm(request, "announce", told, typed["title"], typed,
                        route(request, "events"))
    return await _change(request, changes.create, "event_created", None, "created",
                         title=typed.get("title", ""), starts_at=starts,
                         place=typed.get("place") or None, url=typed.get("url") or None,
                         description=typed.get("description") or None,
                         title_en=typed.get("title_en") or None,
                         description_en=typed.get("description_en") or None)


async def save_event(request: web.Request) -> web.StreamResponse:
    """The edit form (every field), or the list's older move form (date, place, title): a
    field the form does not carry keeps its value."""
    event_id = record_id(request, "event_id")
    form = request["form"] = await request.post()
    try:
        typed = _typed(form)
        with session_scope() as db:
            event = db.get(Event, event_id)
            if event is None:
                raise web.HTTPNotFound()
            current = values(event)
            starts = _when(typed.get("starts") or current["starts"])
            moved = starts != _when(current["starts"])  # to the minute, as the form shows it
            news = as_utc(event.starts_at) > utcnow() and not event.cancelled and (
                moved or ("place" in typed and (typed["place"] or None) != event.place))
            told = event_desk.told_of_news(db, event_id) if news else 0
            title = localized(event.title, request["language"]) or ""
    except EventError as error:
        return await event_page(request, error, 400, typed=_posted(request))
    if told and form.get("confirm") != "1":
        return _confirm(request, "change", told, title, {**current, **typed},
                        route(request, "event", event_id=event_id))
    return await _change(request, changes.update, "event_changed", event_id, "changed",
                         starts_at=starts if moved else None,
                         title=typed.get("title") or None,
                         place=typed.get("place"), url=typed.get("url"),
                         description=typed.get("description"),
                         title_en=typed.get("title_en") or None,
                         description_en=typed.get("description_en") or None)


async def cancel_event(request: web.Request) -> web.StreamResponse:
    event_id = record_id(request, "event_id")
    form = request["form"] = await request.post()
    with session_scope() as db:
        event = db.get(Event, event_id)
        if event is None:
            raise web.HTTPNotFound()
        upcoming = as_utc(event.starts_at) > utcnow() and not event.cancelled
        told = event_desk.told_of_news(db, event_id) if upcoming else 0
        title = localized(event.title, request["language"]) or ""
    if told and form.get("confirm") != "1":
        return _confirm(request, "cancel", told, title, {},
                        route(request, "event_cancel", event_id=event_id))
    return await _change(request, changes.cancel, "event_cancelled", event_id, "cancelled")
