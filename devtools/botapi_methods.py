"""The Bot API methods of the test double other than getUpdates (see devtools.botapi).

Each method takes the bot's token, the call's fields and its files, and answers as Telegram
does: the result, or an error in Telegram's shape.
"""

from __future__ import annotations

import base64
import time

from aiohttp import web

BOT_USER = {"id": 666, "is_bot": True, "first_name": "Test Bot", "username": "TestNameBot",
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False}


class BotMethods:
    """Mixed into `FakeBotApi`, whose storage and helpers these methods use."""

    bot_messages: list
    callback_answers: list
    webhooks: dict
    commands: dict
    members: set
    user_updates: list
    _next_file: int

    async def api_getMe(self, token: str, values: dict, files: dict) -> web.Response:
        return self.ok(BOT_USER)

    async def api_sendMessage(self, token: str, values: dict, files: dict) -> web.Response:
        if not values.get("chat_id") or values.get("text") in (None, ""):
            return self.fail(400, "Bad Request: message text is empty")
        reply = values.get("reply_parameters")
        if (isinstance(reply, dict) and not reply.get("allow_sending_without_reply")
                and not self._exists(reply.get("chat_id", values["chat_id"]),
                                     reply.get("message_id"))):
            return self.fail(400, "Bad Request: message to be replied not found")
        return self.ok(self.bot_message(self._store_bot_message(token, dict(values))))

    def _exists(self, chat_id: object, message_id: object) -> bool:
        """A message of that chat, the bot's or a user's, still there (not deleted)."""
        return self.find_bot_message(chat_id, message_id) is not None or any(
            str(e.message_id) == str(message_id)
            and str((e.message.get("chat") or {}).get("id")) == str(chat_id)
            for e in self.user_updates)

    async def api_sendDocument(self, token: str, values: dict, files: dict) -> web.Response:
        document = values.get("document")
        upload = None
        if isinstance(document, str) and document.startswith("attach://"):
            upload = files.get(document.removeprefix("attach://"))
        upload = upload or files.get("document")
        if not values.get("chat_id") or (upload is None and not document):
            return self.fail(400, "Bad Request: there is no document in the request")
        number = self._next_file
        self._next_file += 1
        if upload is not None:
            name, mime, data = upload
            stored = {"file_id": f"doc{number}", "file_unique_id": f"udoc{number}",
                      "file_name": name, "mime_type": mime, "file_size": len(data),
                      "content_b64": base64.b64encode(data).decode()}
        else:
            stored = {"file_id": str(document), "file_unique_id": f"udoc{number}"}
        raw = {"chat_id": values["chat_id"], "text": values.get("caption") or "",
               "caption": values.get("caption"), "document": stored}
        if values.get("reply_markup"):
            raw["reply_markup"] = values["reply_markup"]
        return self.ok(self.bot_message(self._store_bot_message(token, raw)))

    async def _edit(self, values: dict, text: bool) -> web.Response:
        if values.get("inline_message_id"):
            return self.ok(True)
        entry = self.find_bot_message(values.get("chat_id"), values.get("message_id"))
        if entry is None:
            return self.fail(400, "Bad Request: message to edit not found")
        if text:
            entry.message = {**entry.message, "text": values.get("text", "")}
            for key in ("parse_mode", "reply_markup"):
                if key in values:
                    entry.message[key] = values[key]
            if "reply_markup" not in values:
                entry.message.pop("reply_markup", None)
        elif values.get("reply_markup"):
            entry.message = {**entry.message, "reply_markup": values["reply_markup"]}
        else:
            entry.message = {k: v for k, v in entry.message.items() if k != "reply_markup"}
        entry.edit_date = int(time.time())
        return self.ok(self.bot_message(entry))

    async def api_editMessageText(self, token: str, values: dict, files: dict) -> web.Response:
        return await self._edit(values, text=True)

    async def api_editMessageReplyMarkup(self, token: str, values: dict, files: dict
                                         ) -> web.Response:
        return await self._edit(values, text=False)

    async def api_answerCallbackQuery(self, token: str, values: dict, files: dict
                                      ) -> web.Response:
        self.callback_answers.append({"token": token, **values, "time": time.time()})
        return self.ok(True)

    async def api_deleteMessage(self, token: str, values: dict, files: dict) -> web.Response:
        entry = self.find_bot_message(values.get("chat_id"), values.get("message_id"))
        if entry is None:
            return self.fail(400, "Bad Request: message to delete not found")
        self.bot_messages.remove(entry)
        return self.ok(True)

    async def api_sendChatAction(self, token: str, values: dict, files: dict) -> web.Response:
        return self.ok(True)

    async def api_setMyCommands(self, token: str, values: dict, files: dict) -> web.Response:
        self.commands[f"{token}:{values.get('language_code', '')}"] = values.get("commands")
        return self.ok(True)

    async def api_getMyCommands(self, token: str, values: dict, files: dict) -> web.Response:
        return self.ok(self.commands.get(f"{token}:{values.get('language_code', '')}") or [])

    async def api_deleteMyCommands(self, token: str, values: dict, files: dict
                                   ) -> web.Response:
        self.commands.pop(f"{token}:{values.get('language_code', '')}", None)
        return self.ok(True)

    async def api_setWebhook(self, token: str, values: dict, files: dict) -> web.Response:
        if not values.get("url"):
            return self.fail(400, "Bad Request: bad webhook: URL must be provided")
        self.webhooks[token] = {"url": values["url"], "secret": values.get("secret_token")}
        return self.ok(True)

    async def api_deleteWebhook(self, token: str, values: dict, files: dict) -> web.Response:
        self.webhooks.pop(token, None)
        return self.ok(True)

    async def api_getWebhookInfo(self, token: str, values: dict, files: dict) -> web.Response:
        url = (self.webhooks.get(token) or {}).get("url") or ""
        return self.ok({"url": url, "has_custom_certificate": False, "pending_update_count": 0})

    async def api_getChatMember(self, token: str, values: dict, files: dict) -> web.Response:
        chat, user = str(values.get("chat_id") or ""), str(values.get("user_id") or "")
        if not chat or not user:
            return self.fail(400, "Bad Request: chat_id and user_id are required")
        member = (chat == user) if int(chat) > 0 else (chat, user) in self.members
        return self.ok({"status": "member" if member else "left",
                        "user": {"id": int(user), "is_bot": False, "first_name": f"User{user}"}})

    async def api_logOut(self, token: str, values: dict, files: dict) -> web.Response:
        return self.ok(True)

