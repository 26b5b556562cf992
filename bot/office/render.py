"""One page of the back-office: a template with the staff's language, the session's name and
CSRF token."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.i18n import t

LARGEST_ID = 2**31 - 1  # an INTEGER column on PostgreSQL; SQLite overflows past 2**63 - 1


def page(request: web.Request, template: str, context: dict[str, Any],
          status: int = 200) -> web.Response:
    language = request["language"]
    base = {"t": lambda key, **values: t(key, language, **values), "language": language,
            "staff": request.get("staff"), "csrf": request.get("csrf", "")}
    response = aiohttp_jinja2.render_template(template, request, {**base, **context})
    response.set_status(status)
    return response


def record_id(request: web.Request, name: str) -> int:
    """A record's id from the path (digits only, by the route): past what a column holds, no
    record has it, a 404 rather than the database's overflow."""
    value = int(request.match_info[name])
    if value > LARGEST_ID:
        raise web.HTTPNotFound()
    return value
