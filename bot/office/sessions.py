"""The back-office's sessions: a login by one-time link opens a session kept in the database
(bot.db.office); the encrypted cookie carries only its random token, the CSRF token and the
chosen language. Every request reads the session again, so that it ends for good:
- at logout (the old cookie no longer opens anything),
- when its member has left the staff chat (asked to Telegram again when the last answer is
  older than MEMBERSHIP_RECHECK; a Telegram that cannot be reached keeps the session and asks
  at the next request),
- SESSION_LIFETIME after the login, whatever was asked in between (`?lang=` re-issues the
  cookie, never the session).
Failed logins are counted and limited per source and per account (bot.office.logins).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from datetime import timedelta

from aiohttp import web
from aiohttp_session import get_session, new_session
from telegram import ChatMember
from telegram.error import BadRequest, TelegramError

from bot.config import LANGUAGES, language_for
from bot.db import office
from bot.db.queries import as_utc, utcnow
from bot.db.session import session_scope
from bot.office import keys
from bot.office.logins import source as client_source
from bot.office.render import PREFIX, in_office, page, route

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
OPEN_PATHS = (f"{PREFIX}/login/", f"{PREFIX}/office.css")  # the login, its stylesheet
MEMBERSHIP_RECHECK = timedelta(minutes=10)
MEMBERS = (ChatMember.OWNER, ChatMember.ADMINISTRATOR, ChatMember.MEMBER)


async def still_member(request: web.Request, staff_id: str) -> bool | None:
    """Whether this Telegram user is still in the staff chat; None when it cannot be told
    (no bot in this process, Telegram unreachable)."""
    telegram = request.config_dict.get(keys.TELEGRAM)
    chat_id = request.config_dict.get(keys.STAFF_CHAT_ID)
    if telegram is None or chat_id is None:
        return None
    try:
        member = await telegram.bot.get_chat_member(chat_id, int(staff_id))
    except BadRequest:  # "user not found": not in the chat
        return False
    except TelegramError:
        return None
    return member.status in MEMBERS or (member.status == ChatMember.RESTRICTED
                                        and bool(getattr(member, "is_member", False)))


async def _staff(request: web.Request, token: str) -> tuple[str, str] | None:
    """(name, id) of the live session this token holds, its membership checked if due."""
    with session_scope() as db:
        found = office.live_session(db, token)
        if found is None:
            return None
        who = (found.staff_name, found.staff_id)
        due = utcnow() - as_utc(found.checked_at) > MEMBERSHIP_RECHECK
    if not due or not who[1].isdigit():  # "command line": an operator on the server
        return who
    member = await still_member(request, who[1])
    with session_scope() as db:
        if member is False:
            office.end_sessions_of(db, who[1], "left")
            office.audit(db, who[0], "session_ended", f"telegram:{who[1]}", {"why": "left"})
            return None
        if member:
            office.membership_confirmed(db, token)
    return who


@web.middleware
async def session_context(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not in_office(request):
        return await handler(request)
    session = await get_session(request)
    token = str(session.get("sid") or "")
    found = await _staff(request, token) if token else None
    if found is None and token:
        session.invalidate()  # an ended session's cookie is dropped
    chosen = request.query.get("lang")
    if chosen in LANGUAGES and found:  # the header's Français / English
        session["language"] = chosen
    request["staff"], request["staff_id"] = found or (None, None)
    request["csrf"] = session.get("csrf", "") if found else ""
    request["list_query"] = str(session.get("list", "")) if found else ""  # bot.office.listing
    # the one rule (bot.config.language_for): the member's choice, else STAFF_LANGUAGE
    request["language"] = language_for(session.get("language") if found else None, locked=True,
                                       default=request.config_dict[keys.LANGUAGE])
    return await handler(request)


@web.middleware
async def require_login(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not in_office(request) or request.path.startswith(OPEN_PATHS):
        return await handler(request)
    if not request["staff"]:  # read from the session by session_context
        return page(request, "message.html", {"title": "office_login_needed",
                                               "text": "office_login_how"}, status=401)
    if request.method == "POST":
        form = await request.post()
        token = str(form.get("csrf", ""))
        if not hmac.compare_digest(token.encode("utf-8", "surrogatepass"),  # any text
                                   request["csrf"].encode()):
            return page(request, "message.html", {"title": "office_refused",
                                                   "text": "office_csrf"}, status=403)
    return await handler(request)


def _too_many(request: web.Request, retry: int) -> web.Response:
    response = page(request, "message.html", {"title": "office_too_many_tries",
                                               "text": "office_login_how"}, status=429)
    response.headers["Retry-After"] = str(retry)
    return response


async def login(request: web.Request) -> web.StreamResponse:
    """A one-time link opens a session; a failed one is counted against its source and, when
    the link was a staff member's, against their account (bot.office.logins)."""
    limits = request.config_dict[keys.LOGIN_LIMITS]
    source, link = client_source(request), request.match_info["token"][:100]
    if limits.blocked(source):
        return _too_many(request, limits.retry_after(source))
    with session_scope() as db:
        owner = office.login_owner(db, link)
        account = f"account:{owner[0]}" if owner else None
        if account and limits.blocked(account):
            blocked, token = True, None
        else:
            blocked, opened = False, office.use_login(db, link)
            token = office.open_session(db, opened) if opened else None
            if opened:
                office.audit(db, opened.staff_name, "login", f"telegram:{opened.staff_id}")
            elif owner:  # a used or expired link replayed: the account hears of it
                office.audit(db, owner[1], "login_failed", f"telegram:{owner[0]}")
    if blocked:
        return _too_many(request, limits.retry_after(account))
    if token is None:
        limits.failed(source)
        if account:
            limits.failed(account)
        return page(request, "message.html", {"title": "office_link_dead",
                                               "text": "office_login_how"}, status=403)
    session = await new_session(request)
    session["sid"], session["csrf"] = token, secrets.token_urlsafe(24)
    raise web.HTTPSeeOther(route(request, "home"))


async def logout(request: web.Request) -> web.StreamResponse:
    session = await get_session(request)
    with session_scope() as db:
        office.end_session(db, str(session.get("sid") or ""), "logout")
        office.audit(db, request["staff"], "logout", f"telegram:{request['staff_id']}")
    session.invalidate()
    raise web.HTTPSeeOther(route(request, "logged_out"))


async def logged_out(request: web.Request) -> web.StreamResponse:
    return page(request, "message.html", {"title": "office_logged_out",
                                           "text": "office_login_how"})
