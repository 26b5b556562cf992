"""The candidacies' list: filters, sort order, whose they are, pages of PAGE_SIZE with a count,
and the CSV of exactly the rows the filter holds (every page). Everything is asked of the
database (bot.db.candidacy_desk); the filters ride along in every link (pages, CSV, language),
and the session keeps the list last shown, so that a candidacy's page links to its previous
and next in it (same filters, same order).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode

from aiohttp import web
from aiohttp_session import get_session

from bot.db import candidacy_desk as desk
from bot.db import office
from bot.db.candidacies import STATUSES, CandidacyFilter, as_dict
from bot.db.queries import list_programmes, localized
from bot.db.session import session_scope
from bot.office.render import page
from bot.staff.export import candidacies_csv

PAGE_SIZE = 50  # candidacies a page
FILTERS = ("programme", "status", "from", "to", "q", "sort", "assigned")
MAX_SEARCH = 200  # characters searched (a longer one finds nothing anyway)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def desk_query(query: Mapping[str, str], staff_id: object) -> desk.DeskQuery:
    """The list's filters: scheme, status, submitted between two days, a search in the
    reference, name, company, e-mail and town; the order; whose ("me", "none", an id)."""
    assigned = query.get("assigned") or None
    if assigned == "me":
        assigned = str(staff_id)
    return desk.DeskQuery(
        where=CandidacyFilter(status=query.get("status") or None,
                              programme_key=query.get("programme") or None,
                              search=(query.get("q") or "").strip()[:MAX_SEARCH] or None,
                              since=_day(query.get("from")), until=_day(query.get("to"))),
        sort=query.get("sort") if query.get("sort") in desk.SORTS else desk.DEFAULT_SORT,
        assigned=assigned)


def kept(query: Mapping[str, str]) -> dict[str, str]:
    """The filters as typed (each cut as the search is: the session's cookie keeps them), for
    the links that keep them (pages, CSV, language) and a candidacy's previous/next."""
    return {name: query[name][:MAX_SEARCH] for name in FILTERS if query.get(name)}


async def candidacies(request: web.Request) -> web.StreamResponse:
    where, filters = desk_query(request.query, request["staff_id"]), kept(request.query)
    asked = request.query.get("page", "1")
    with session_scope() as db:
        total = desk.count(db, where)
        pages = max(1, -(-total // PAGE_SIZE))
        number = min(int(asked), pages) if asked.isascii() and asked.isdigit() and int(
            asked) > 0 else 1
        rows = desk.rows(db, where, (number - 1) * PAGE_SIZE, PAGE_SIZE)
        programmes = {p.key: localized(p.name, request["language"])
                      for p in list_programmes(db)}
        members = desk.staff_members(db)
        db.expunge_all()
    if request["list_query"] != urlencode(filters):  # the list a candidacy's page walks
        (await get_session(request))["list"] = urlencode(filters)
    link = lambda n: urlencode({**filters, "page": n})  # noqa: E731
    return page(request, "candidacies.html", {
        "rows": rows, "programmes": programmes, "statuses": STATUSES, "query": request.query,
        "sorts": tuple(desk.SORTS), "members": members, "sort": where.sort,
        "total": total, "number": number, "pages": pages, "csv_query": urlencode(filters),
        "previous": link(number - 1) if number > 1 else None,
        "next": link(number + 1) if number < pages else None})


async def candidacies_csv_file(request: web.Request) -> web.StreamResponse:
    """The list as filtered and ordered (every page), for a spreadsheet (formula-safe cells,
    bot.staff.export)."""
    with session_scope() as db:
        rows = [{**as_dict(c), "assigned_to": name or ""}
                for c, name in desk.rows(db, desk_query(request.query, request["staff_id"]))]
    with session_scope() as db:
        office.audit(db, request["staff"], "candidacies_exported", "csv", {"rows": len(rows)})
    return web.Response(text=candidacies_csv(rows), content_type="text/csv", headers={
        "Content-Disposition": 'attachment; filename="candidacies.csv"'})
