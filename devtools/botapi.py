"""A fake Telegram Bot API server on loopback: the project's own test double.

Bot side, as python-telegram-bot calls it (`TELEGRAM_API_URL=http://127.0.0.1:PORT/bot`):
getMe, getUpdates (offset, limit, long polling), sendMessage, sendDocument (multipart),
editMessageText, editMessageReplyMarkup, answerCallbackQuery, deleteMessage, sendChatAction,
set/get/deleteMyCommands, setWebhook (updates then POSTed with the secret header),
deleteWebhook, getWebhookInfo, getChatMember; errors in Telegram's shape. Test side (POST,
JSON), the client API of telegram-test-api, which the tests were first written against:
/sendMessage, /sendCommand, /sendCallback (act as a user), /getUpdates {token, chatId} (the
bot's messages to a chat not read yet), /getUpdatesHistory {token}, /getCallbackAnswers,
/leaveChat {chatId, userId} (a member leaves a group: getChatMember says "left" from then on).

Run: `python -m devtools.botapi --port 9000`. No state survives the process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from devtools.botapi_methods import BOT_USER, BotMethods

logger = logging.getLogger("botapi")
MAX_POLL = 50.0  # seconds, as Telegram


def _json_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Form fields carry JSON-serialised objects (reply_markup, entities): read them back."""
    for key in ("reply_markup", "reply_parameters", "entities", "commands", "allowed_updates"):
        if isinstance(values.get(key), str):
            with contextlib.suppress(ValueError):
                values[key] = json.loads(values[key])
    return values


@dataclass
class Entry:
    """One stored message: the bot's (`message` holds the raw call) or a user's update."""

    token: str
    message: dict[str, Any]
    message_id: int
    update_id: int
    time: float = field(default_factory=time.time)
    is_read: bool = False
    callback: dict[str, Any] | None = None
    callback_id: int | None = None
    edit_date: int | None = None

    def client_view(self) -> dict[str, Any]:
        """As telegram-test-api's client API shows it."""
        view = {"time": int(self.time * 1000), "botToken": self.token, "message": self.message,
                "messageId": self.message_id, "updateId": self.update_id,
                "isRead": self.is_read}
        if self.callback is not None:
            view["callbackQuery"] = self.callback
        return view


class FakeBotApi(BotMethods):
    def __init__(self) -> None:
        self.bot_messages: list[Entry] = []
        self.user_updates: list[Entry] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.webhooks: dict[str, dict[str, str | None]] = {}
        self.commands: dict[str, Any] = {}
        self.members: set[tuple[str, str]] = set()
        self.departed: set[tuple[str, str]] = set()  # left the group: never members again
        self._next_message = 1
        self._next_update = 1
        self._next_callback = 1
        self._next_file = 1
        self._arrived = asyncio.Condition()
        self._session: aiohttp.ClientSession | None = None

    # --- the bot's view ---------------------------------------------------------------------
    def bot_message(self, entry: Entry) -> dict[str, Any]:
        """A Message object as Telegram returns it for one of the bot's messages."""
        raw = entry.message
        chat_id = int(raw["chat_id"])
        chat = ({"id": chat_id, "type": "supergroup", "title": "Group"} if chat_id < 0
                else {"id": chat_id, "type": "private"})
        message = {"message_id": entry.message_id, "date": int(entry.time), "chat": chat,
                   "from": BOT_USER, "text": raw.get("text", "")}
        if "document" in raw:
            message.pop("text")
            message["document"] = {k: v for k, v in raw["document"].items()
                                   if k != "content_b64"}
            if raw.get("caption") is not None:
                message["caption"] = raw["caption"]
        markup = raw.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        if entry.edit_date:
            message["edit_date"] = entry.edit_date
        return message

    def find_bot_message(self, chat_id: Any, message_id: Any) -> Entry | None:
        return next((e for e in self.bot_messages if str(e.message_id) == str(message_id)
                     and str(e.message.get("chat_id")) == str(chat_id)), None)

    def update_of(self, entry: Entry) -> dict[str, Any]:
        if entry.callback is not None:
            query = entry.callback
            given = query.get("message") or {}
            chat_id = (given.get("chat") or {}).get("id") or (query.get("from") or {}).get("id")
            shown = self.find_bot_message(chat_id, given.get("message_id"))
            return {"update_id": entry.update_id, "callback_query": {
                "id": str(entry.callback_id), "from": query.get("from"),
                "message": self.bot_message(shown) if shown else given,
                "chat_instance": str(query.get("chat_instance") or chat_id or 1),
                "data": query.get("data")}}
        message = {k: v for k, v in entry.message.items() if k != "botToken"}
        message["message_id"] = entry.message_id
        message["date"] = int(message.get("date") or entry.time)
        return {"update_id": entry.update_id, "message": message}

    # --- stored by the test side --------------------------------------------------------------
    async def add_user_update(self, token: str, message: dict[str, Any] | None = None,
                              callback: dict[str, Any] | None = None) -> None:
        entry = Entry(token, message or {}, self._next_message, self._next_update,
                      callback=callback)
        self._next_update += 1
        if callback is not None:
            entry.callback_id = self._next_callback
            self._next_callback += 1
            chat = ((callback.get("message") or {}).get("chat") or {}).get("id")
            sender = (callback.get("from") or {}).get("id")
        else:
            self._next_message += 1
            chat = (message.get("chat") or {}).get("id")
            sender = (message.get("from") or {}).get("id")
        if chat is not None and sender is not None \
                and (str(chat), str(sender)) not in self.departed:
            self.members.add((str(chat), str(sender)))
        webhook = self.webhooks.get(token)
        if webhook:
            await self._post_to_webhook(webhook, self.update_of(entry))
            return
        async with self._arrived:
            self.user_updates.append(entry)
            self._arrived.notify_all()

    async def _post_to_webhook(self, webhook: dict[str, str | None], update: dict) -> None:
        headers = ({"X-Telegram-Bot-Api-Secret-Token": webhook["secret"]}
                   if webhook.get("secret") else {})
        try:
            async with self._session.post(webhook["url"], json=update, headers=headers) as reply:
                await reply.read()
        except aiohttp.ClientError as error:
            logger.warning("Webhook delivery to %s failed: %s", webhook["url"], error)

    # --- HTTP ---------------------------------------------------------------------------------
    @staticmethod
    def ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def fail(code: int, description: str) -> web.Response:
        return web.json_response({"ok": False, "error_code": code, "description": description},
                                 status=code)

    async def params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, Any]]:
        """(fields, files) of a Bot API call: query string, JSON, form or multipart."""
        values: dict[str, Any] = dict(request.query)
        files: dict[str, Any] = {}
        if request.content_type == "application/json":
            with contextlib.suppress(ValueError):
                values.update(await request.json() or {})
        elif request.content_type in ("application/x-www-form-urlencoded",
                                      "multipart/form-data"):
            for name, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    files[name] = (value.filename, value.content_type, value.file.read())
                else:
                    values[name] = value
        return _json_fields(values), files

    async def bot_call(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        values, files = await self.params(request)
        handler = getattr(self, f"api_{method}", None)
        if handler is None:
            return self.fail(404, "Not Found: method not found")
        return await handler(token, values, files)

    async def api_getUpdates(self, token: str, values: dict, files: dict) -> web.Response:
        offset = int(values.get("offset") or 0)
        limit = min(int(values.get("limit") or 100), 100)
        timeout = min(float(values.get("timeout") or 0), MAX_POLL)

        def pending() -> list[Entry]:
            mine = [e for e in self.user_updates if e.token == token]
            for entry in mine:
                if offset and entry.update_id < offset:
                    entry.is_read = True  # confirmed by the offset
            return [e for e in mine if not e.is_read and e.update_id >= offset][:limit]

        async with self._arrived:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._arrived.wait_for(lambda: bool(pending())),
                                       timeout)
            return self.ok([self.update_of(e) for e in pending()])

    def _store_bot_message(self, token: str, raw: dict[str, Any]) -> Entry:
        entry = Entry(token, raw, self._next_message, self._next_update)
        self._next_message += 1
        self._next_update += 1
        self.bot_messages.append(entry)
        return entry

    # --- the test side ------------------------------------------------------------------------
    async def client_call(self, request: web.Request) -> web.Response:
        body = await request.json()
        action = request.match_info["action"]
        if action in ("sendMessage", "sendCommand"):
            await self.add_user_update(body["botToken"], message=_json_fields(dict(body)))
            return self.ok(None)
        if action == "sendCallback":
            await self.add_user_update(body["botToken"], callback=body)
            return self.ok(None)
        if action == "getUpdates":
            unread = [e for e in self.bot_messages if e.token == body.get("token")
                      and str(e.message.get("chat_id")) == str(body.get("chatId"))
                      and not e.is_read]
            for entry in unread:
                entry.is_read = True
            return self.ok([e.client_view() for e in unread])
        if action == "getUpdatesHistory":
            entries = [e for e in (*self.bot_messages, *self.user_updates)
                       if e.token == body.get("token")]
            return self.ok([e.client_view() for e in sorted(entries, key=lambda e: e.time)])
        if action == "leaveChat":  # a member leaves a group (getChatMember: "left")
            member = (str(body.get("chatId")), str(body.get("userId")))
            self.members.discard(member)
            self.departed.add(member)
            return self.ok(True)
        if action == "getCallbackAnswers":
            return self.ok([a for a in self.callback_answers if a["token"] == body.get("token")])
        return self.fail(404, f"Not Found: {action}")

    async def start_session(self, _app: web.Application) -> None:
        self._session = aiohttp.ClientSession()

    async def close_session(self, _app: web.Application) -> None:
        await self._session.close()

    def application(self) -> web.Application:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self.bot_call)
        app.router.add_post("/{action}", self.client_call)
        app.on_startup.append(self.start_session)
        app.on_cleanup.append(self.close_session)
        return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=9000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    # No state to keep: a long poll of a killed bot must not hold the shutdown up.
    web.run_app(FakeBotApi().application(), host="127.0.0.1", port=args.port, print=None,
                shutdown_timeout=1.0)


if __name__ == "__main__":
    main()
