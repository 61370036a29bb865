"""A local stand-in for Telegram's Bot API: an aiohttp app on 127.0.0.1 with the methods zorgbot uses.

python-telegram-bot is pointed at it through its base URL, so the real library does the HTTP, the
parsing and the error mapping (429 with retry_after becomes RetryAfter, 403 Forbidden, 400 BadRequest,
502 a NetworkError). Tests play the people: `user_says`, `user_sends` (media), `user_edits` and
`press` queue updates as Telegram would deliver them, `redeliver` queues one again (Telegram delivers
at least once), and `fail` makes the next calls of a method fail.

It behaves like the real API where zorgbot could tell the difference:
- privacy mode (a bot's default): in a group the bot receives only commands, replies to its own
  messages and messages that mention it; other group talk never arrives;
- a sent message comes back as Telegram returns it: plain text, and a reply_markup only when it is an
  inline keyboard (ForceReply is never echoed);
- what the real API refuses is refused with the same code: empty or too long text, HTML it cannot
  parse, callback data over 64 bytes, an edit that changes nothing ("message is not modified");
- every result is parsed with python-telegram-bot's own classes before it is sent, and a result PTB
  cannot parse is recorded in `parse_errors` (the fixtures fail a test that has any).
"""
from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web
from telegram import Message, Update, User

TOKEN = "123456:TEST-zorgbot-token"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Zorgbot", "username": "zorgbot_test_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64           # bytes
# The HTML tags the Bot API accepts with parse_mode HTML.
_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span",
         "tg-spoiler", "blockquote", "tg-emoji"}
# Parameters PTB sends as plain strings; every other parameter is JSON-encoded.
_PLAIN = {"text", "parse_mode", "callback_query_id", "url", "secret_token", "language_code", "caption"}


@dataclass
class Person:
    id: int
    first_name: str
    language_code: str = "nl"

    def as_user(self) -> dict:
        return {"id": self.id, "is_bot": False, "first_name": self.first_name, "language_code": self.language_code}


@dataclass
class Chat:
    id: int
    type: str = "private"          # private | group | supergroup
    title: str = ""

    def as_chat(self) -> dict:
        chat = {"id": self.id, "type": self.type}
        if self.title:
            chat["title"] = self.title
        return chat


@dataclass
class BotMessage:
    """A message the bot sent, as it currently looks (after edits)."""
    chat_id: int
    message_id: int
    text: str
    reply_markup: dict | None = None
    parse_mode: str | None = None
    reply_to: int | None = None
    thread_id: int | None = None
    document: str | None = None
    edits: int = 0

    @property
    def inline_keyboard(self) -> dict | None:
        """The markup an edit can change: only an inline keyboard stays with a message."""
        markup = self.reply_markup or {}
        return markup if "inline_keyboard" in markup else None

    @property
    def buttons(self) -> list[str]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button["text"] for row in rows for button in row]

    def data_of(self, label: str) -> str:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return next(button["callback_data"] for row in rows for button in row if button["text"] == label)

    @property
    def plain(self) -> str:
        return _plain(self.text)


@dataclass
class Failure:
    kind: str                      # flood | bad_gateway | migrated | blocked | bad_request
    retry_after: int = 1
    new_chat_id: int = 0


@dataclass
class FakeBotAPI:
    calls: list[tuple[str, dict]] = field(default_factory=list)
    sent: list[BotMessage] = field(default_factory=list)           # in sending order
    answers: list[dict] = field(default_factory=list)               # answerCallbackQuery
    commands: dict[str | None, list[dict]] = field(default_factory=dict)   # language code -> menu
    webhook: dict | None = None
    base_url: str = ""
    privacy_mode: bool = True                                       # a bot's default in groups
    undelivered: list[dict] = field(default_factory=list)           # group talk privacy mode kept back
    parse_errors: list[str] = field(default_factory=list)           # results PTB could not parse
    expected_unhandled: int = 0     # updates a test breaks on purpose (the fixtures allow exactly these)

    def __post_init__(self) -> None:
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._callback_ids = itertools.count(1)
        self._by_id: dict[tuple[int, int], BotMessage] = {}
        self._failures: dict[str, list[Failure]] = {}
        self._arrived = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._polls_since_batch = 0     # getUpdates calls after the last batch handed out

    # -- running --------------------------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}/bot"
        return self.base_url

    async def stop(self) -> None:
        self._arrived.set()            # end a long poll still waiting, so the server stops at once
        if self._runner is not None:
            await self._runner.cleanup()

    # -- what people do -------------------------------------------------------------------------
    def user_says(self, chat: Chat, person: Person, text: str, *, thread_id: int | None = None,
                  reply_to: BotMessage | None = None) -> dict:
        """A text message; in a group under privacy mode it is queued only when the bot would get it."""
        message = self._user_message(chat, person, thread_id, reply_to)
        message["text"] = text
        message.update(_entities(text, "entities"))
        return self._deliver_or_keep({"message": message}, chat, text, reply_to)

    def user_sends(self, chat: Chat, person: Person, kind: str = "photo", *, caption: str = "",
                   thread_id: int | None = None, reply_to: BotMessage | None = None) -> dict:
        """A photo, sticker, voice note or document, with an optional caption."""
        message = self._user_message(chat, person, thread_id, reply_to)
        message[kind] = _MEDIA[kind]
        if caption:
            message["caption"] = caption
            message.update(_entities(caption, "caption_entities"))
        return self._deliver_or_keep({"message": message}, chat, caption, reply_to)

    def user_edits(self, update: dict, text: str) -> dict:
        """The member edits a message they sent earlier: Telegram sends the new version as an update."""
        original = update["message"]
        message = dict(original, text=text, edit_date=int(time.time()))
        message.pop("entities", None)
        message.update(_entities(text, "entities"))
        chat = Chat(original["chat"]["id"], original["chat"]["type"])
        replied = original.get("reply_to_message")
        to_bot = bool(replied) and replied.get("from", {}).get("id") == BOT_USER["id"]
        return self._deliver_or_keep({"edited_message": message}, chat, text, None, to_bot=to_bot)

    def _user_message(self, chat: Chat, person: Person, thread_id: int | None,
                      reply_to: BotMessage | None) -> dict[str, Any]:
        message: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()),
                                   "chat": chat.as_chat(), "from": person.as_user()}
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        if reply_to is not None:
            message["reply_to_message"] = self._message_json(reply_to)
        return message

    def reaches_bot(self, chat: Chat, text: str, *, to_bot: bool) -> bool:
        """Privacy mode: in groups only commands (not those for another bot), replies to the bot and
        mentions of it arrive."""
        if chat.type == "private" or not self.privacy_mode:
            return True
        command = text.split(None, 1)[0] if text.startswith("/") else ""
        for_another_bot = "@" in command and command.split("@", 1)[1].casefold() != BOT_USER["username"].casefold()
        return (bool(command) and not for_another_bot) or to_bot \
            or f"@{BOT_USER['username']}".casefold() in text.casefold()

    def _deliver_or_keep(self, body: dict, chat: Chat, text: str, reply_to: BotMessage | None, *,
                         to_bot: bool | None = None) -> dict:
        if to_bot is None:
            to_bot = reply_to is not None and reply_to in self.sent
        if self.reaches_bot(chat, text, to_bot=to_bot):
            return self._queue(body)
        update = {"update_id": None, **body}
        self.undelivered.append(update)
        return update

    def press(self, message: BotMessage, person: Person, label: str) -> dict:
        """Tap the button `label` under a bot message."""
        return self.press_data(message, person, message.data_of(label))

    def press_data(self, message: BotMessage, person: Person, data: str) -> dict:
        query = {"id": f"cbq{next(self._callback_ids)}", "from": person.as_user(), "chat_instance": "ci",
                 "data": data, "message": self._message_json(message)}
        return self._queue({"callback_query": query})

    def redeliver(self, update: dict) -> None:
        """Telegram delivers at least once: the same update (same id) arrives again."""
        self._updates.append(dict(update, _redelivered=True))
        self._arrived.set()

    def fail(self, method: str, kind: str = "flood", *, times: int = 1, retry_after: int = 1,
             new_chat_id: int = 0) -> None:
        self._failures.setdefault(method, []).extend(Failure(kind, retry_after, new_chat_id) for _ in range(times))

    def _queue(self, body: dict) -> dict:
        update = {"update_id": next(self._update_ids), **body}
        self._updates.append(update)
        self._arrived.set()
        return update

    async def drained(self, timeout: float = 15) -> None:
        """Wait until every queued update was fetched and the bot came back for more, which it does
        only after handling the batch (and saving the offset)."""
        async def settled() -> None:
            while self._updates or self._polls_since_batch == 0:
                await asyncio.sleep(0.01)
        await asyncio.wait_for(settled(), timeout)

    # -- what tests look at ---------------------------------------------------------------------
    def in_chat(self, chat: Chat) -> list[BotMessage]:
        return [m for m in self.sent if m.chat_id == chat.id]

    def texts(self, chat: Chat) -> list[str]:
        return [m.plain for m in self.in_chat(chat)]

    def last(self, chat: Chat) -> BotMessage:
        return self.in_chat(chat)[-1]

    def called(self, method: str) -> list[dict]:
        return [params for name, params in self.calls if name == method]

    # -- the API --------------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append((method, params))
        failures = self._failures.get(method)
        if failures:
            failure = failures.pop(0)
            if failure.kind == "flood":
                return web.json_response({"ok": False, "error_code": 429,
                                          "description": f"Too Many Requests: retry after {failure.retry_after}",
                                          "parameters": {"retry_after": failure.retry_after}}, status=429)
            if failure.kind == "migrated":
                return web.json_response({"ok": False, "error_code": 400,
                                          "description": "Bad Request: group chat was upgraded to a supergroup chat",
                                          "parameters": {"migrate_to_chat_id": failure.new_chat_id}}, status=400)
            if failure.kind == "blocked":
                return _error(403, "Forbidden: bot was blocked by the user")
            if failure.kind == "bad_request":
                return _error(400, "Bad Request: chat not found")
            return web.Response(status=502, text="Bad Gateway")
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        try:
            result = await handler(params)
        except _Refused as refused:
            return _error(refused.code, refused.description)
        except LookupError as problem:
            return _error(400, f"Bad Request: {problem}")
        self._check_parses(method, result)
        return web.json_response({"ok": True, "result": result})

    def _check_parses(self, method: str, result: Any) -> None:
        """Parse the result the way python-telegram-bot will; record what it cannot read."""
        try:
            if method == "getMe":
                User.de_json(result, None)
            elif method == "getUpdates":
                for update in result:
                    Update.de_json(update, None)
            elif isinstance(result, dict):
                Message.de_json(result, None)
            elif not isinstance(result, bool):
                raise TypeError(f"unexpected result type {type(result).__name__}")
        except Exception as problem:   # any failure to parse is what the tests must see
            self.parse_errors.append(f"{method}: {type(problem).__name__}: {problem}")

    @staticmethod
    async def _params(request: web.Request) -> dict:
        if request.content_type == "application/json":
            return await request.json()
        form = await request.post()
        params: dict[str, Any] = {}
        for key, value in form.items():
            if hasattr(value, "file"):
                params[key] = {"filename": value.filename, "content": value.file.read()}
            elif key in _PLAIN:
                params[key] = value
            else:
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    params[key] = value
        return params

    def _message_json(self, message: BotMessage) -> dict:
        chat_type = "private" if message.chat_id > 0 else "supergroup"
        data: dict[str, Any] = {"message_id": message.message_id, "date": int(time.time()),
                                "chat": {"id": message.chat_id, "type": chat_type}, "from": BOT_USER,
                                "text": message.plain}
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            data["reply_markup"] = message.reply_markup     # the API never echoes ForceReply
        if message.document:
            data.pop("text")
            data["document"] = {"file_id": "f1", "file_unique_id": "u1", "file_name": message.document}
        if message.thread_id is not None:
            data["message_thread_id"] = message.thread_id
            data["is_topic_message"] = True
        return data

    def _find(self, params: dict) -> BotMessage:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self._by_id:
            raise LookupError("message to edit not found")
        return self._by_id[key]

    def _store(self, message: BotMessage) -> dict:
        self.sent.append(message)
        self._by_id[(message.chat_id, message.message_id)] = message
        return self._message_json(message)

    async def _api_getMe(self, params: dict) -> dict:
        return BOT_USER

    async def _api_getUpdates(self, params: dict) -> list[dict]:
        if self.webhook is not None:
            raise _Refused(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        offset = params.get("offset") or 0
        timeout = min(float(params.get("timeout") or 0), 2.0)

        def ready() -> list[dict]:
            return [u for u in self._updates if u.get("_redelivered") or u["update_id"] >= offset]

        self._polls_since_batch += 1
        # Confirmed updates are forgotten, as Telegram does.
        self._updates = [u for u in self._updates if u.get("_redelivered") or u["update_id"] >= offset]
        if not ready() and timeout:
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), timeout)
            except asyncio.TimeoutError:
                pass
        batch = ready()
        if batch:
            self._polls_since_batch = 0
        self._updates = [u for u in self._updates if u not in batch]
        return [{k: v for k, v in u.items() if k != "_redelivered"} for u in batch]

    async def _api_sendMessage(self, params: dict) -> dict:
        _check_text(params.get("text") or "", params.get("parse_mode"))
        _check_markup(params.get("reply_markup"))
        reply = params.get("reply_parameters") or {}
        return self._store(BotMessage(chat_id=int(params["chat_id"]), message_id=next(self._message_ids),
                                      text=params["text"], reply_markup=params.get("reply_markup"),
                                      parse_mode=params.get("parse_mode"), reply_to=reply.get("message_id"),
                                      thread_id=params.get("message_thread_id")))

    async def _api_sendDocument(self, params: dict) -> dict:
        document = params["document"]
        message = BotMessage(chat_id=int(params["chat_id"]), message_id=next(self._message_ids), text="",
                             document=document["filename"] if isinstance(document, dict) else str(document))
        return self._store(message)

    async def _api_editMessageText(self, params: dict) -> dict:
        message = self._find(params)
        _check_text(params.get("text") or "", params.get("parse_mode"))
        _check_markup(params.get("reply_markup"))
        if _plain(params["text"]) == message.plain and params.get("reply_markup") == message.inline_keyboard:
            raise LookupError("message is not modified: specified new message content and reply markup "
                              "are exactly the same as a current content and reply markup of the message")
        message.text, message.parse_mode = params["text"], params.get("parse_mode")
        message.reply_markup = params.get("reply_markup")
        message.edits += 1
        return self._message_json(message)

    async def _api_editMessageReplyMarkup(self, params: dict) -> dict:
        message = self._find(params)
        _check_markup(params.get("reply_markup"))
        if (params.get("reply_markup") or None) == message.inline_keyboard:
            raise LookupError("message is not modified: specified new message content and reply markup "
                              "are exactly the same as a current content and reply markup of the message")
        message.reply_markup = params.get("reply_markup")
        message.edits += 1
        return self._message_json(message)

    async def _api_answerCallbackQuery(self, params: dict) -> bool:
        self.answers.append(params)
        return True

    async def _api_setMyCommands(self, params: dict) -> bool:
        self.commands[params.get("language_code")] = params["commands"]
        return True

    async def _api_setWebhook(self, params: dict) -> bool:
        self.webhook = params
        return True

    async def _api_deleteWebhook(self, params: dict) -> bool:
        self.webhook = None
        return True


# -- how the real API answers and checks ----------------------------------------------------------
_MEDIA = {
    "photo": [{"file_id": "p1", "file_unique_id": "up1", "width": 90, "height": 90}],
    "sticker": {"file_id": "s1", "file_unique_id": "us1", "type": "regular", "width": 512, "height": 512,
                "is_animated": False, "is_video": False},
    "voice": {"file_id": "v1", "file_unique_id": "uv1", "duration": 3},
    "document": {"file_id": "d1", "file_unique_id": "ud1", "file_name": "verslag.pdf"},
}


def _plain(text: str) -> str:
    from html import unescape
    return unescape(re.sub(r"<[^>]+>", "", text))


def _entities(text: str, key: str) -> dict:
    """A command at the start of a text or caption is marked as Telegram marks it."""
    if text.startswith("/") and len(text) > 1:
        return {key: [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]}
    return {}


class _Refused(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


def _error(code: int, description: str, **parameters) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)


class _TagCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problem = ""

    def handle_starttag(self, tag, attrs):
        if tag not in _TAGS:
            self.problem = self.problem or f"unsupported start tag \"{tag}\""
        self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.problem = self.problem or f"unexpected end tag \"{tag}\""


def _check_text(text: str, parse_mode: str | None) -> None:
    visible = text
    if parse_mode == "HTML":
        if re.search(r"&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)", text) or re.search(r"<(?![a-zA-Z/])", text):
            raise LookupError("can't parse entities: unescaped character in the text")
        check = _TagCheck()
        check.feed(text)
        check.close()
        if check.problem or check.open:
            raise LookupError(f"can't parse entities: {check.problem or 'unclosed tag'}")
        visible = _plain(text)
    if not visible.strip():
        raise LookupError("message text is empty")
    if len(visible) > MAX_TEXT:
        raise LookupError("message is too long")


def _check_markup(markup: dict | None) -> None:
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise LookupError("text buttons are unallowed in the inline keyboard")
            if len(button.get("callback_data", "").encode()) > MAX_CALLBACK_DATA:
                raise LookupError("BUTTON_DATA_INVALID")
