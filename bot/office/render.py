"""One page of the back-office: a template with the staff's language, the session's name and
CSRF token; the headers every back-office response carries; its stylesheet; why a form saved
nothing (`FormError`, shown above the form in the staff's language)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
from aiohttp import web
from pydantic import ValidationError

from bot import config
from bot.db.seed_schema import SchemaRefusal
from bot.i18n import Refusal, t

PREFIX = "/admin"  # the back-office's paths on the bot's admin server (bot/office/app.py)
LARGEST_ID = 2**31 - 1  # an INTEGER column on PostgreSQL; SQLite overflows past 2**63 - 1
STYLESHEET = (Path(__file__).parent / "office.css").read_text(encoding="utf-8")
# No script at all, styles only from the stylesheet, forms only to this site, never in a frame.
POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
          "base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": POLICY, "X-Frame-Options": "DENY",
           "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class FormError(Refusal):
    """A form nothing can be saved from: a key of bot/messages.yml and its values, shown
    (`text`) in the staff's language."""


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """On every response under /admin, errors and redirects included; nothing kept in a cache
    (every page but the stylesheet shows staff or applicants' data: Back after logout shows
    nothing)."""
    if not in_office(request):
        return await handler(request)
    try:
        response = await handler(request)
    except web.HTTPException as error:
        _protect(error)
        raise
    _protect(response)
    return response


def in_office(request: web.Request) -> bool:
    """A back-office path: the bot's admin server has others (health, metrics) left alone."""
    return request.path == PREFIX or request.path.startswith(f"{PREFIX}/")


def route(request: web.Request, name: str, query: Mapping[str, str] | None = None,
          **parts: object) -> str:
    """A back-office path by its route's name (bot/office/app.py), never written by hand: the
    route table is the one place paths are spelled, and its parts are quoted as paths."""
    url = request.app.router[name].url_for(**{k: str(v) for k, v in parts.items()})
    return str(url.with_query(query) if query else url)


def _protect(response: web.StreamResponse) -> None:
    response.headers.update(HEADERS)
    response.headers.setdefault("Cache-Control", "no-store")


async def stylesheet(_request: web.Request) -> web.StreamResponse:
    return web.Response(text=STYLESHEET, content_type="text/css",
                        headers={"Cache-Control": "max-age=3600"})


def page(request: web.Request, template: str, context: dict[str, Any],
          status: int = 200) -> web.Response:
    language = request["language"]
    base = {"t": lambda key, **values: t(key, language, **values), "language": language,
            "staff": request.get("staff"), "csrf": request.get("csrf", ""),
            "languages": config.LANGUAGES, "language_name": language_name,
            "switches": [(other, switch(request, other))
                         for other in config.LANGUAGES if other != language]}
    response = aiohttp_jinja2.render_template(template, request, {**base, **context})
    response.set_status(status)
    return response


def language_name(language: str) -> str:
    """A language's name as its speakers write it: the link to it reads right to them."""
    return t("language_name", language)


def switch(request: web.Request, language: str) -> str:
    """The header's link to another language: this page with its filters (a form's answer,
    a POST, goes to the home page)."""
    if request.method != "GET":
        return route(request, "home", {"lang": language})
    kept = [(name, value) for name, value in request.query.items() if name != "lang"]
    return f"{request.rel_url.raw_path}?{urlencode([*kept, ('lang', language)])}"


def record_id(request: web.Request, name: str) -> int:
    """A record's id from the path (digits only, by the route): past what a column holds, no
    record has it, a 404 rather than the database's overflow."""
    value = int(request.match_info[name])
    if value > LARGEST_ID:
        raise web.HTTPNotFound()
    return value


# pydantic's own refusals, by the start of their type, as the staff read them
SCHEMA_TYPES = (("value_error.missing", "office_schema_missing"),
                ("value_error.extra", "office_schema_extra"),
                ("value_error.any_str.max_length", "office_schema_too_long"),
                ("value_error.any_str.min_length", "office_schema_empty"),
                ("value_error.list.min_items", "office_schema_empty"),
                ("value_error.const", "office_schema_not_allowed"),
                ("value_error.str.regex", "office_schema_not_a_key"),
                ("type_error", "office_schema_wrong_type"))


def refusal_of(error: ValidationError) -> FormError:
    """The first refusal of the scheme's schema, in the staff's language: one of ours with its
    key; one of pydantic's by its type; else that the value is refused."""
    first = error.errors()[0]
    field = ".".join(map(str, first["loc"]))
    refused = next((e.exc for e in _flat(error.raw_errors)), None)
    if isinstance(refused, SchemaRefusal):
        return FormError(refused.key, field=field, **refused.values)
    key = next((key for start, key in SCHEMA_TYPES if first["type"].startswith(start)),
               "office_schema_refused")
    return FormError(key, field=field)


def _flat(errors: Any) -> list:
    """pydantic's raw errors in `errors()`'s order: nested lists and sub-models' flattened."""
    leaves = []
    for item in errors:
        if isinstance(item, list):
            leaves += _flat(item)
        elif isinstance(item.exc, ValidationError):
            leaves += _flat(item.exc.raw_errors)
        else:
            leaves.append(item)
    return leaves
