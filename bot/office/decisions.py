"""A candidacy's page and what the staff decide on it.

Nothing reaches an applicant without a confirmation: the form (a new status, a message, or
both) first shows "you are about to send … to …" with the exact text, in the applicant's
language; only the confirmation (CSRF-checked like every form) changes the status through
bot.staff.applicants, or sends the message alone through the outbox. Either way it is in the
page's history and in the audit log; a form that would change nothing and send nothing says
so (400, form kept). Internal notes are recorded and audited, never sent. A candidacy is
assigned to a staff member (or to no one), audited with before and after; the page links to
its previous and next in the list the staff member last saw (same filters, same order: the
session keeps the list's query, bot.office.listing).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from sqlalchemy.orm import Session

from bot.config import PARIS
from bot.db import candidacy_desk as desk
from bot.db import catalogue, office, outbox
from bot.db.candidacies import STATUSES, add_note, by_reference, notes, status_history
from bot.db.models import Candidacy
from bot.db.queries import as_utc, localized
from bot.db.session import session_scope
from bot.i18n import t
from bot.office import keys, listing
from bot.office.render import page, route
from bot.staff.applicants import change_status, status_message

MAX_TEXT = 2000  # characters of a message or a note
DONE = ("sent", "noted", "assigned")


def paris(moment: Any) -> str:
    return as_utc(moment).astimezone(PARIS).strftime("%Y-%m-%d %H:%M") if moment else "—"


def programme_name(session: Session, candidacy: Candidacy, language: str) -> str:
    programme = catalogue.programme(session, candidacy.programme_key)
    return localized(programme.name, language) if programme else t("network_candidacy",
                                                                     language)


def answer_labels(session: Session, candidacy: Candidacy, language: str) -> dict[str, str]:
    """The scheme's own questions, by their key, in the staff's language (an answer whose
    question the scheme no longer asks keeps its key)."""
    programme = catalogue.programme(session, candidacy.programme_key)
    questions = ((programme.candidacy if programme else None) or {}).get("questions", [])
    return {q["key"]: localized(q.get("text"), language) or q["key"]
            for q in questions if isinstance(q, dict) and "key" in q}


def message_alone(session: Session, candidacy: Candidacy, text: str) -> str:
    """What the applicant receives for a message without a change of status."""
    language = candidacy.language
    return t("team_message", language, reference=candidacy.reference,
             programme=programme_name(session, candidacy, language), note=text)


def _history(session: Session, candidacy: Candidacy) -> list[dict[str, Any]]:
    """Status changes and messages sent, oldest first; internal notes apart."""
    rows = [{"at": c.changed_at, "who": c.changed_by, "before": c.status_from,
             "after": c.status_to, "text": c.note} for c in status_history(session, candidacy)]
    rows += [{"at": n.written_at, "who": n.written_by, "before": None, "after": None,
              "text": n.text} for n in notes(session, candidacy) if n.sent]
    return [{**row, "when": paris(row["at"])}
            for row in sorted(rows, key=lambda row: as_utc(row["at"]))]


def _page(request: web.Request, reference: str, status: int = 200,
          **extra: Any) -> web.Response:
    language = request["language"]
    with session_scope() as db:
        found = by_reference(db, reference)
        if found is None:
            raise web.HTTPNotFound()
        context = {
            "c": found, "statuses": STATUSES, "history": _history(db, found),
            "notes": [{"when": paris(n.written_at), "who": n.written_by, "text": n.text}
                      for n in notes(db, found) if not n.sent],
            "scheme": programme_name(db, found, language), "paris": paris,
            "answer_labels": answer_labels(db, found, language),
            "done": request.query.get("done") if request.query.get("done") in DONE else None,
            **_whereabouts(request, db, found), **extra}
        response = page(request, "candidacy.html", context, status=status)
    return response


def _whereabouts(request: web.Request, db: Session, found: Candidacy) -> dict[str, Any]:
    """Who has the candidacy, whom it can be given to, and its place in the list."""
    listed = dict(parse_qsl(request["list_query"]))
    before, after, position = desk.neighbours(db, listing.desk_query(listed, request["staff_id"]),
                                              found.reference)
    current = desk.assignee(db, found)
    members = dict(desk.staff_members(db))
    if request["staff_id"] is not None:
        members.setdefault(str(request["staff_id"]), request["staff"])
    return {"list_query": request["list_query"], "position": position,
            "before": before, "after": after, "members": sorted(members.items()),
            "assignee": current.staff_name if current else None,
            "assignee_id": current.staff_id if current else None,
            "assigned_when": paris(current.assigned_at) if current else None}


def _back(request: web.Request, reference: str, done: str) -> web.HTTPSeeOther:
    """To the candidacy's page, saying what was done."""
    return web.HTTPSeeOther(route(request, "candidacy", {"done": done}, reference=reference))


async def candidacy(request: web.Request) -> web.StreamResponse:
    return _page(request, request.match_info["reference"])


async def decide(request: web.Request) -> web.StreamResponse:
    """The form's first post shows what would be sent (confirm.html); the confirmation
    (`confirm=1`) does it."""
    reference = request.match_info["reference"]
    form = await request.post()
    status, text = str(form.get("status", "")), str(form.get("message", "")).strip()
    if status not in STATUSES:
        raise web.HTTPBadRequest(text="unknown status")
    kept = {"typed": {"status": status, "message": text}}
    if len(text) > MAX_TEXT:
        return _page(request, reference, 400, problem="office_too_long", **kept)
    with session_scope() as db:
        found = by_reference(db, reference)
        if found is None:
            raise web.HTTPNotFound()
        before, chat = found.status, found.chat_id
        if status == before and not text:
            nothing = True
        else:
            nothing = False
            said = (status_message(db, SimpleNamespace(
                language=found.language, programme_key=found.programme_key,
                reference=reference, status=status), text or None) if status != before
                else message_alone(db, found, text))
            shown = {"c": found, "before": before, "after": status, "said": said,
                     "message": text, "reachable": chat is not None}
    if nothing:
        return _page(request, reference, 400, problem="office_nothing_to_send", **kept)
    if form.get("confirm") != "1":
        return page(request, "confirm.html", shown)
    who = request["staff"]
    with session_scope() as db:
        if status != before:
            change_status(db, reference, status, who, text or None)  # audited there
        else:
            found = by_reference(db, reference)
            add_note(db, found, who, text, sent=True)
            office.audit(db, who, "candidacy_message", reference, {"status": status})
            if found.chat_id:
                outbox.queue(db, found.chat_id, said)
    wake = request.config_dict.get(keys.OUTBOX_WAKE)
    if wake is not None:
        wake.set()
    raise _back(request, reference, "sent")


async def add_internal_note(request: web.Request) -> web.StreamResponse:
    reference = request.match_info["reference"]
    text = str((await request.post()).get("note", "")).strip()
    if not text or len(text) > MAX_TEXT:
        return _page(request, reference, 400, note_problem="office_note_needed" if not text
                     else "office_too_long", typed_note=text)
    with session_scope() as db:
        found = by_reference(db, reference)
        if found is None:
            raise web.HTTPNotFound()
        add_note(db, found, request["staff"], text)
        office.audit(db, request["staff"], "candidacy_note", reference)
    raise _back(request, reference, "noted")


async def assign(request: web.Request) -> web.StreamResponse:
    """Give the candidacy to a staff member (anyone who ever logged in, or oneself), or to no
    one (an empty choice)."""
    reference = request.match_info["reference"]
    chosen = str((await request.post()).get("staff", ""))
    with session_scope() as db:
        found = by_reference(db, reference)
        if found is None:
            raise web.HTTPNotFound()
        members = dict(desk.staff_members(db))
        if request["staff_id"] is not None:
            members.setdefault(str(request["staff_id"]), request["staff"])
        if chosen and chosen not in members:
            unknown = True
        else:
            unknown = False
            before, after = desk.assign(db, found, (chosen, members[chosen]) if chosen
                                        else None, request["staff"])
            if before != after:
                office.audit(db, request["staff"], "candidacy_assigned", reference,
                             {"changes": {"assigned_to": [before, after]}})
    if unknown:
        return _page(request, reference, 400, assign_problem="office_assign_unknown")
    raise _back(request, reference, "assigned")
