"""The back-office's error pages: a 400, 403, 404, 405, 409, 413 or 503 is a page in the staff
member's language, with the header's navigation (or, logged out, the way to log in) and a link
home, never aiohttp's bare text; a form whose body cannot be read (not UTF-8, a broken
multipart), and a NUL character anywhere in the path, the query or a form (no browser sends
one; PostgreSQL refuses it in any text) are a 400 like any other invalid input."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.office.render import in_office, page

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
SHOWN = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "not_allowed",
         409: "conflict", 413: "too_large", 503: "unavailable"}


def error_page(request: web.Request, status: int) -> web.Response:
    name = SHOWN.get(status, "bad_request")
    return page(request, "error.html", {"title": f"office_error_{name}",
                                        "text": f"office_error_{name}_help"}, status=status)


@web.middleware
async def error_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Placed after the session's middleware: the page knows the member and their language."""
    if not in_office(request):
        return await handler(request)
    if "\x00" in request.path or any("\x00" in value for value in request.query.values()):
        return error_page(request, 400)
    try:
        if request.method == "POST" and request["staff"]:
            try:  # read once here (aiohttp keeps it for the handler)
                form = await request.post()
            except (ValueError, UnicodeDecodeError):  # not UTF-8, a broken multipart
                return error_page(request, 400)
            if any(isinstance(value, str) and "\x00" in value for value in form.values()):
                return error_page(request, 400)
        return await handler(request)
    except web.HTTPException as error:
        if error.status in SHOWN:
            return error_page(request, error.status)
        raise
