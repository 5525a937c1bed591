"""A loopback Telegram Bot API server for tests: the real PTB code path over real HTTP.

``FakeTelegram`` is an aiohttp app serving the methods our bot uses (getMe, getUpdates with long
polling, sendMessage, editMessageText, editMessageReplyMarkup, answerCallbackQuery, sendPhoto,
sendDocument, getFile and file download, setWebhook, deleteWebhook, getWebhookInfo,
setMyCommands, deleteMessage, sendChatAction). It parses form, JSON and multipart bodies as PTB
sends them, answers in the real ``{"ok": ..., "result": ...}`` envelope and records every call
in ``calls``. Point PTB at ``base_url`` / ``base_file_url``.

Play users with ``fake.user(id)`` (see ``FakeUser``): each helper builds a real update, queues it
for getUpdates and returns it, so a test can ``redeliver`` it later. ``fail_next`` makes the next
call of a method fail with a Bot API error (429 with retry_after, 403 blocked, ...); ``hang_next``
keeps the next call unanswered until released (a request in flight when the sender dies).

Opt-in rate limits as Telegram enforces them: ``FakeTelegram(overall_per_s=30, per_chat_interval_s=1)``
answers a message beyond 30 in any second overall, or a second one to a chat within 1 s, with 429
and ``retry_after`` (``rate_limited`` counts them; refused calls are not in ``calls``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123456789:TEST-token-for-the-loopback-bot-api"
BOT_ID = 123456789
BOT_USERNAME = "inspection_test_bot"
DOWNLOAD_LIMIT = 20 * 1024 * 1024  # Telegram's getFile limit for bots
RATE_LIMITED = {"sendMessage", "sendPhoto", "sendDocument", "sendLocation", "sendMediaGroup", "editMessageText"}


@dataclass
class BotCall:
    """One request the bot made: the method, its parameters (JSON-decoded) and uploaded files."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None
    at: float = field(default_factory=time.monotonic)  # when the fake received it

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline buttons of the call's reply_markup, flattened ({"text", "callback_data"} ...)."""
        markup = self.params.get("reply_markup") or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]

    @property
    def keyboard(self) -> list[dict[str, Any]]:
        """Reply-keyboard buttons, flattened (each ``{"text": ...}``, maybe ``request_location``)."""
        markup = self.params.get("reply_markup") or {}
        return [b if isinstance(b, dict) else {"text": b} for row in markup.get("keyboard", []) for b in row]


def _decode(value: Any) -> Any:
    """PTB sends non-strings JSON-encoded inside a form; turn them back into data."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class FakeTelegram:
    def __init__(self, *, token: str = TOKEN, username: str = BOT_USERNAME, overall_per_s: float | None = None,
                 per_chat_interval_s: float | None = None, retry_after: int = 1) -> None:
        self.token = token
        self.overall_per_s, self.per_chat_interval_s, self.retry_after = overall_per_s, per_chat_interval_s, retry_after
        self.rate_limited = 0
        self._recent_sends: list[float] = []
        self._chat_last: dict[int, float] = {}
        self._hang: dict[str, asyncio.Event] = {}
        self.username = username
        self.calls: list[BotCall] = []
        self.files: dict[str, tuple[bytes | None, int, str]] = {}  # file_id -> (content, size, path)
        self.webhook: dict[str, Any] = {}
        self._sent: dict[tuple[int, int], dict[str, Any]] = {}  # (chat_id, message_id) -> the bot's message
        self._pending: list[dict[str, Any]] = []
        self._forced: set[int] = set()
        self._arrived = asyncio.Event()
        self._offset_seen = 0
        self._offset_changed = asyncio.Event()
        self._failures: dict[str, list[tuple[int, str, int | None]]] = {}
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle -----------------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        return app

    async def start(self) -> FakeTelegram:
        self._runner = web.AppRunner(self.app())
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        self._arrived.set()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- what the bot did ----------------------------------------------------------------------

    def sent(self, chat_id: int | None = None, method: str | None = None) -> list[BotCall]:
        """Calls that talk to users (messages, edits, photos, callback answers), optionally filtered."""
        talking = {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument",
                   "answerCallbackQuery", "sendLocation", "sendMediaGroup"}
        out = [c for c in self.calls if c.method in talking]
        if method:
            out = [c for c in out if c.method == method]
        if chat_id is not None:
            out = [c for c in out if c.chat_id == chat_id or c.method == "answerCallbackQuery"]
        return out

    def messages(self, chat_id: int | None = None) -> list[BotCall]:
        return [c for c in self.sent(chat_id) if c.method != "answerCallbackQuery"]

    def fail_next(self, method: str, status: int = 400, description: str = "Bad Request: test failure",
                  retry_after: int | None = None) -> None:
        """The next call of ``method`` fails with this Bot API error."""
        self._failures.setdefault(method, []).append((status, description, retry_after))

    def hang_next(self, method: str) -> asyncio.Event:
        """The next call of ``method`` is recorded but not answered until the returned event is set."""
        event = asyncio.Event()
        self._hang[method] = event
        return event

    @property
    def too_many(self) -> int:
        """Calls refused with 429 (they are not among ``calls``)."""
        return self.rate_limited

    def _over_limit(self, method: str, params: dict[str, Any]) -> bool:
        if method not in RATE_LIMITED or "chat_id" not in params:
            return False
        now = time.monotonic()
        chat = int(params["chat_id"])
        if self.overall_per_s is not None:
            self._recent_sends = [t for t in self._recent_sends if t > now - 1.0]
            if len(self._recent_sends) >= self.overall_per_s:
                return True
        if self.per_chat_interval_s is not None and now - self._chat_last.get(chat, -1e9) < self.per_chat_interval_s:
            return True
        self._recent_sends.append(now)
        self._chat_last[chat] = now
        return False

    # -- updates -------------------------------------------------------------------------------

    def user(self, user_id: int, first_name: str = "张三", *, language_code: str | None = "zh-hans",
             username: str | None = None) -> FakeUser:
        return FakeUser(self, user_id, first_name, language_code, username)

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def next_message_id(self) -> int:
        return next(self._message_ids)

    def enqueue(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for the next getUpdates; returns it."""
        self._pending.append(update)
        self._arrived.set()
        return update

    def redeliver(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update again, as Telegram does when it never saw the offset confirmed."""
        self._forced.add(update["update_id"])
        return self.enqueue(json.loads(json.dumps(update)))

    def take_back(self, update: dict[str, Any]) -> dict[str, Any]:
        """Remove a queued update from getUpdates (e.g. to deliver it by webhook instead); returns it."""
        self._pending = [u for u in self._pending if u["update_id"] != update["update_id"]]
        return update

    async def wait_taken(self, update_id: int, wait_s: float = 10.0) -> None:
        """Wait until the poller confirmed ``update_id`` (asked for a later offset): it is queued in PTB."""
        deadline = time.monotonic() + wait_s
        while not (self._offset_seen > update_id and all(u["update_id"] != update_id for u in self._pending)):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"update {update_id} was not taken by the bot within {wait_s}s")
            self._offset_changed.clear()
            try:
                await asyncio.wait_for(self._offset_changed.wait(), remaining)
            except TimeoutError:
                pass

    def add_file(self, content: bytes | None, *, size: int | None = None, suffix: str = "jpg") -> tuple[str, str]:
        """Register a downloadable file; returns (file_id, file_unique_id). ``content=None`` with
        ``size`` stands for a file too big to hold (getFile refuses over 20 MB, as Telegram does)."""
        n = next(self._file_ids)
        file_id, unique = f"FILE{n:06d}-{'x' * 20}", f"U{n:06d}"
        self.files[file_id] = (content, size if size is not None else len(content or b""), f"files/{n}.{suffix}")
        return file_id, unique

    # -- HTTP ----------------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
        params: dict[str, Any] = dict(request.query)
        files: dict[str, bytes] = {}
        ctype = request.content_type
        if ctype == "application/json":
            body = await request.read()
            if body:
                params.update(json.loads(body))
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = value.file.read()
                elif isinstance(value, str):
                    params[key] = _decode(value)
        return params, files

    @staticmethod
    def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        method = request.match_info["method"]
        params, files = await self._params(request)
        if method == "getUpdates":
            if self.webhook.get("url"):
                return self._error(409, "Conflict: can't use getUpdates method while webhook is active; "
                                        "use deleteWebhook to delete the webhook first")
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        if (self.overall_per_s is not None or self.per_chat_interval_s is not None) and self._over_limit(method, params):
            self.rate_limited += 1
            return self._error(429, f"Too Many Requests: retry after {self.retry_after}", self.retry_after)
        call = BotCall(method, params, files)
        self.calls.append(call)
        hang = self._hang.pop(method, None)
        if hang is not None:
            await hang.wait()
        failures = self._failures.get(method)
        if failures:
            return self._error(*failures.pop(0))

        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._error(400, f"Bad Request: method {method} is not served by the fake")
        try:
            call.result = handler(params, files)
        except _ApiError as exc:
            return self._error(exc.status, exc.description)
        return web.json_response({"ok": True, "result": call.result})

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        if offset > self._offset_seen:
            self._offset_seen = offset
        self._pending = [u for u in self._pending if u["update_id"] >= offset or u["update_id"] in self._forced]
        self._offset_changed.set()
        # PTB's read timeout is 5 s + timeout: answer well before it.
        timeout = min(float(params.get("timeout") or 0), 2.0)
        if not self._pending and timeout > 0:
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), timeout)
            except TimeoutError:
                pass
        # As Telegram does, an update stays until a later offset confirms it: a poll whose client
        # went away (a stopped bot) loses nothing.
        batch = [u for u in self._pending if u["update_id"] >= offset or u["update_id"] in self._forced][:100]
        for u in batch:
            self._forced.discard(u["update_id"])
        return batch

    async def _download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        for content, _size, file_path in self.files.values():
            if file_path == path and content is not None:
                return web.Response(body=content, content_type="application/octet-stream")
        return web.Response(status=404, text="Not Found")

    # -- methods -------------------------------------------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Inspection", "username": self.username}

    def _message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        if "chat_id" not in params:
            raise _ApiError(400, "Bad Request: chat_id is empty")
        chat_id = int(params["chat_id"])
        msg: dict[str, Any] = {
            "message_id": self.next_message_id(), "date": int(time.time()), "from": self._bot_user(),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
        }
        if isinstance(params.get("reply_markup"), dict) and "inline_keyboard" in params["reply_markup"]:
            msg["reply_markup"] = params["reply_markup"]
        msg.update(extra)
        self._sent[(chat_id, msg["message_id"])] = msg
        return msg

    def _edit(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        """Edit a message the bot sent, refusing an edit that changes nothing, as Telegram does.

        A message this fake never sent (e.g. the stub under ``FakeUser.press``) is edited as new."""
        if "chat_id" not in params:
            raise _ApiError(400, "Bad Request: chat_id is empty")
        key = (int(params["chat_id"]), int(params.get("message_id") or 0))
        old = self._sent.get(key)
        if old is None:
            msg = self._message(params, **content)
            del self._sent[(key[0], msg["message_id"])]
            msg["message_id"] = key[1] or msg["message_id"]
            self._sent[(key[0], msg["message_id"])] = msg
            return msg
        markup = params.get("reply_markup")
        new = {k: v for k, v in old.items() if k != "reply_markup"} | content | {"edit_date": int(time.time())}
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            new["reply_markup"] = markup
        if all(new.get(k) == old.get(k) for k in ("text", "reply_markup")):
            raise _ApiError(400, "Bad Request: message is not modified: specified new message content and reply "
                                 "markup are exactly the same as a current content and reply markup of the message")
        self._sent[key] = new
        return new

    def _m_getMe(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        return {**self._bot_user(), "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    def _m_sendMessage(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        if not str(params.get("text", "")).strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if len(str(params["text"])) > 4096:
            raise _ApiError(400, "Bad Request: message is too long")
        return self._message(params, text=params["text"])

    def _m_editMessageText(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        if not str(params.get("text", "")).strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        return self._edit(params, text=params["text"])

    def _m_editMessageReplyMarkup(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        return self._edit(params)

    def _m_sendPhoto(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        content = files.get("photo")
        file_id, unique = self.add_file(content) if content is not None else (str(params.get("photo")), "Ux")
        size = {"file_id": file_id, "file_unique_id": unique, "width": 640, "height": 480}
        return self._message(params, photo=[size], caption=params.get("caption"))

    def _m_sendDocument(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        content = files.get("document")
        file_id, unique = self.add_file(content, suffix="bin") if content is not None else (str(params["document"]), "Ux")
        return self._message(params, document={"file_id": file_id, "file_unique_id": unique},
                             caption=params.get("caption"))

    def _m_getFile(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            raise _ApiError(400, "Bad Request: invalid file_id")
        _content, size, path = self.files[file_id]
        if size > DOWNLOAD_LIMIT:
            raise _ApiError(400, "Bad Request: file is too big")
        return {"file_id": file_id, "file_unique_id": "U" + file_id[4:10], "file_size": size, "file_path": path}

    def _m_answerCallbackQuery(self, params: dict[str, Any], files: dict[str, bytes]) -> bool:
        return True

    def _m_setWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> bool:
        self.webhook = dict(params)
        return True

    def _m_deleteWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> bool:
        self.webhook = {}
        return True

    def _m_getWebhookInfo(self, params: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": len(self._pending)}

    def _m_setMyCommands(self, params: dict[str, Any], files: dict[str, bytes]) -> bool:
        return True

    def _m_deleteMessage(self, params: dict[str, Any], files: dict[str, bytes]) -> bool:
        return True

    def _m_sendChatAction(self, params: dict[str, Any], files: dict[str, bytes]) -> bool:
        return True


class _ApiError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


class FakeUser:
    """A Telegram user in a private chat with the bot; every helper queues the update and returns it."""

    def __init__(self, fake: FakeTelegram, user_id: int, first_name: str, language_code: str | None,
                 username: str | None) -> None:
        self.fake, self.id, self.first_name = fake, user_id, first_name
        self.language_code, self.username = language_code, username

    @property
    def chat_id(self) -> int:
        return self.id

    def as_user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            user["language_code"] = self.language_code
        if self.username:
            user["username"] = self.username
        return user

    def _message(self, *, date: int | None = None, **content: Any) -> dict[str, Any]:
        return {
            "message_id": self.fake.next_message_id(), "date": date if date is not None else int(time.time()),
            "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
            "from": self.as_user(), **content,
        }

    def _send(self, message: dict[str, Any], kind: str = "message") -> dict[str, Any]:
        return self.fake.enqueue({"update_id": self.fake.next_update_id(), kind: message})

    def text(self, text: str, **extra: Any) -> dict[str, Any]:
        return self._send(self._message(text=text, **extra))

    def command(self, command: str, *args: str) -> dict[str, Any]:
        """``/cmd arg ...`` with the bot_command entity Telegram adds."""
        name = command if command.startswith("/") else "/" + command
        text = " ".join([name, *args])
        return self._send(self._message(text=text, entities=[{"type": "bot_command", "offset": 0, "length": len(name)}]))

    def press(self, data: str, message: dict[str, Any] | BotCall | None = None) -> dict[str, Any]:
        """Press an inline button with ``data`` on ``message`` (a bot message or call; default: a stub)."""
        if isinstance(message, BotCall):
            message = message.result if isinstance(message.result, dict) else None
        msg = message or {"message_id": self.fake.next_message_id(), "date": int(time.time()),
                          "chat": {"id": self.id, "type": "private"}, "text": ""}
        query = {"id": str(self.fake.next_update_id()), "from": self.as_user(), "chat_instance": f"ci{self.id}",
                 "data": data, "message": msg}
        return self.fake.enqueue({"update_id": self.fake.next_update_id(), "callback_query": query})

    def location(self, lat: float, lon: float, *, accuracy: float | None = None, live_period: int | None = None,
                 forwarded: bool = False, age_s: int = 0) -> dict[str, Any]:
        """Share a location (static, or live with ``live_period``); ``forwarded`` as if from another chat."""
        loc: dict[str, Any] = {"latitude": lat, "longitude": lon}
        if accuracy is not None:
            loc["horizontal_accuracy"] = accuracy
        if live_period is not None:
            loc["live_period"] = live_period
        extra: dict[str, Any] = {}
        if forwarded:
            sender = {"id": self.id + 1, "is_bot": False, "first_name": "别人"}
            extra["forward_origin"] = {"type": "user", "date": int(time.time()) - 600, "sender_user": sender}
        return self._send(self._message(location=loc, date=int(time.time()) - age_s, **extra))

    def move_live_location(self, live: dict[str, Any], lat: float, lon: float,
                           accuracy: float | None = None) -> dict[str, Any]:
        """A live location moving on: Telegram sends it as an edited_message of the first one."""
        msg = json.loads(json.dumps(live["message"]))
        msg["location"].update({"latitude": lat, "longitude": lon})
        if accuracy is not None:
            msg["location"]["horizontal_accuracy"] = accuracy
        msg["edit_date"] = int(time.time())
        return self._send(msg, kind="edited_message")

    def photo(self, content: bytes = b"\xff\xd8\xff fake jpeg", *, caption: str | None = None,
              media_group_id: str | None = None, size: int | None = None) -> dict[str, Any]:
        file_id, unique = self.fake.add_file(content if size is None else None, size=size)
        sizes = [{"file_id": file_id, "file_unique_id": unique, "width": 1280, "height": 960,
                  "file_size": size if size is not None else len(content)}]
        extra: dict[str, Any] = {"photo": sizes}
        if caption:
            extra["caption"] = caption
        if media_group_id:
            extra["media_group_id"] = media_group_id
        return self._send(self._message(**extra))

    def album(self, contents: list[bytes], caption: str | None = None) -> list[dict[str, Any]]:
        group = f"album{self.fake.next_update_id()}"
        return [self.photo(c, caption=caption if i == 0 else None, media_group_id=group)
                for i, c in enumerate(contents)]

    def document(self, content: bytes, file_name: str = "file.pdf", mime_type: str = "application/pdf",
                 *, size: int | None = None) -> dict[str, Any]:
        file_id, unique = self.fake.add_file(content if size is None else None, size=size, suffix="bin")
        doc = {"file_id": file_id, "file_unique_id": unique, "file_name": file_name, "mime_type": mime_type,
               "file_size": size if size is not None else len(content)}
        return self._send(self._message(document=doc))
