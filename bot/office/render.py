"""One page of the back-office: a template with the staff's language, the session's name and
CSRF token."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.i18n import t


def page(request: web.Request, template: str, context: dict[str, Any],
          status: int = 200) -> web.Response:
    language = request["language"]
    base = {"t": lambda key, **values: t(key, language, **values), "language": language,
            "staff": request.get("staff"), "csrf": request.get("csrf", "")}
    response = aiohttp_jinja2.render_template(template, request, {**base, **context})
    response.set_status(status)
    return response
