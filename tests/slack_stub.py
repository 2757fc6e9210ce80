"""A local stand-in for the Slack Web API that records every call the app makes.

It runs an aiohttp server on a loopback port in a background thread (so it works from sync and
async tests alike, and from benchmarks). Point the app at it with `SLACK_API_URL=stub.api_url`.

    stub = SlackStub().start()
    ... run the app ...
    calls = stub.wait_for("chat.postMessage")       # blocks until the call arrives (or fails)
    stub.fail("chat.postMessage", status=429, retry_after=1)   # the next call answers 429
    url = stub.response_url()                       # a `response_url` for a slash command payload
    stub.wait_for("response_url")                   # what the app posted to it

Recorded: `auth.test`, `chat.postMessage`, `chat.postEphemeral`, `chat.update`, `views.open`,
`views.publish`, `views.update`, `views.push`, `files.getUploadURLExternal`, the upload URL itself
(method "upload"), `files.completeUploadExternal`, `response_url` posts, and any other method
(answered `{"ok": true}`). Calls without a bot token get `not_authed`, as Slack answers.

Posted messages are kept per channel with their `metadata` ({event_type, event_payload}), and
`conversations.history` serves them newest first (metadata only with `include_all_metadata`), as Slack
does. `stub.delay("chat.postMessage", 12)` makes Slack accept the next call at once but answer it only
after 12 s — past the app's client timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

BOT_USER_ID = "U0BILLBOT"
BOT_ID = "B0BILLBOT"
TEAM_ID = "T0BILLBOT"

_JSON_FIELDS = ("blocks", "view", "attachments", "files", "metadata")


@dataclass
class Call:
    """One request the app sent: `method` is the Web API method, "upload" or "response_url"."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    path: str
    raw: bytes = b""
    status: int = 200  # what the stub answered
    at: float = field(default_factory=time.time)

    @property
    def text(self) -> str:
        return str(self.params.get("text") or "")

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.params.get("blocks")
        if blocks is None and isinstance(self.params.get("view"), dict):
            blocks = self.params["view"].get("blocks")
        return list(blocks or [])

    def all_text(self) -> str:
        """Every string in the payload joined (text, blocks, view), for assertions about content."""
        out: list[str] = []

        def walk(value: Any) -> None:
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, dict):
                for v in value.values():
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk(self.params)
        return "\n".join(out)


@dataclass
class _Failure:
    status: int
    retry_after: int | None
    error: str | None


class SlackStub:
    """The stand-in server. `start()` it once; `reset()` between tests."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = 0
        self.calls: list[Call] = []
        self._failures: dict[str, deque[_Failure]] = {}
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._ids = itertools.count(1)
        self._ready = threading.Event()
        self.record_responses = True
        self._sockets: list[web.WebSocketResponse] = []
        self._history: dict[str, list[dict[str, Any]]] = {}
        self._delays: dict[str, deque[float]] = {}

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> SlackStub:
        self._thread = threading.Thread(target=self._run, name="slack-stub", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("Slack stub did not start")
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        fut = asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
        fut.result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)
        self._loop = None

    def __enter__(self) -> SlackStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        loop.run_until_complete(self._startup())
        self._ready.set()
        loop.run_forever()
        loop.close()

    async def _startup(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{rid}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def _shutdown(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # -- URLs ---------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """Value for SLACK_API_URL."""
        return f"{self.base_url}/api/"

    def response_url(self, name: str | None = None) -> str:
        """A fresh `response_url` for a payload; posts to it are recorded as method "response_url"."""
        return f"{self.base_url}/response/{name or next(self._ids)}"

    # -- programming and reading --------------------------------------------------------------

    def fail(
        self, method: str, *, status: int = 500, retry_after: int | None = None, times: int = 1,
        error: str | None = None,
    ) -> None:
        """Make the next `times` calls to `method` fail: HTTP `status` (429 gets Retry-After), or,
        with `error`, HTTP 200 and `{"ok": false, "error": error}`."""
        with self._lock:
            q = self._failures.setdefault(method, deque())
            for _ in range(times):
                q.append(_Failure(status, retry_after if retry_after is not None else (1 if status == 429 else None),
                                  error))

    def delay(self, method: str, seconds: float, *, times: int = 1) -> None:
        """The next `times` calls to `method` are accepted (and take effect) at once, but answered only after
        `seconds` — a slow Slack whose answer arrives after the client gave up."""
        with self._lock:
            self._delays.setdefault(method, deque()).extend([seconds] * times)

    def history(self, channel: str) -> list[dict[str, Any]]:
        """The messages posted in `channel`, oldest first (with their metadata)."""
        with self._lock:
            return list(self._history.get(channel, []))

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._failures.clear()
            self._history.clear()
            self._delays.clear()

    def calls_to(self, method: str, *, ok_only: bool = True) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method and (c.status == 200 or not ok_only)]

    def wait_for(self, method: str, count: int = 1, timeout: float = 15.0, *, ok_only: bool = True) -> list[Call]:
        """Block until at least `count` successful calls to `method` arrived; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                got = [c for c in self.calls if c.method == method and (c.status == 200 or not ok_only)]
                if len(got) >= count:
                    return got
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise AssertionError(f"expected {count} call(s) to {method}, got {len(got)}; saw {seen}")
                self._cond.wait(remaining)

    async def async_wait_for(self, method: str, count: int = 1, timeout: float = 15.0) -> list[Call]:
        return await asyncio.to_thread(self.wait_for, method, count, timeout)

    def assert_quiet(self, method: str, wait: float = 1.0) -> None:
        """Assert no call to `method` arrives within `wait` seconds."""
        time.sleep(wait)
        got = self.calls_to(method, ok_only=False)
        assert not got, f"unexpected call(s) to {method}: {len(got)}"

    # -- handlers -----------------------------------------------------------------------------

    def _record(self, call: Call) -> None:
        if not self.record_responses and call.method == "response_url":
            return
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def _next_failure(self, method: str) -> _Failure | None:
        with self._lock:
            q = self._failures.get(method)
            return q.popleft() if q else None

    @staticmethod
    async def _params(request: web.Request) -> tuple[dict[str, Any], bytes]:
        raw = await request.read()
        params: dict[str, Any] = dict(request.query)
        ctype = request.headers.get("Content-Type", "")
        if raw:
            if "json" in ctype:
                try:
                    params.update(json.loads(raw))
                except ValueError:
                    params["_unparsed"] = raw.decode("utf-8", "replace")
            elif "form" in ctype:
                params.update(dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True)))
        for name in _JSON_FIELDS:
            if isinstance(params.get(name), str):
                with contextlib.suppress(ValueError):
                    params[name] = json.loads(params[name])
        return params, raw

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params, raw = await self._params(request)
        headers = dict(request.headers)
        failure = self._next_failure(method)
        call = Call(method=method, params=params, headers=headers, path=request.path, raw=raw)
        if failure is not None and failure.error is None:
            call.status = failure.status
            self._record(call)
            extra = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            body = {"ok": False, "error": "ratelimited" if failure.status == 429 else "internal_error"}
            return web.json_response(body, status=failure.status, headers=extra)
        auth = headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip() or str(params.get("token") or "")
        if not token:
            call.status = 401
            self._record(call)
            return web.json_response({"ok": False, "error": "not_authed"})
        if failure is not None:
            call.status = 400
            self._record(call)
            return web.json_response({"ok": False, "error": failure.error})
        self._record(call)
        answer = self._answer(method, params)
        with self._lock:
            q = self._delays.get(method)
            delay = q.popleft() if q else 0.0
        if delay:
            await asyncio.sleep(delay)
        return web.json_response(answer)

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        n = next(self._ids)
        ts = f"{int(time.time())}.{n:06d}"
        if method == "auth.test":
            return {"ok": True, "url": "https://billbot-test.slack.com/", "team": "Billbot Test", "user": "billbot",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "chat.postMessage":
            message = {"type": "message", "text": params.get("text", ""), "user": BOT_USER_ID, "bot_id": BOT_ID,
                       "ts": ts}
            if params.get("thread_ts"):
                message["thread_ts"] = params["thread_ts"]
            if isinstance(params.get("metadata"), dict):
                message["metadata"] = params["metadata"]
            with self._lock:
                self._history.setdefault(str(params.get("channel")), []).append(message)
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
        if method == "conversations.history":
            with self._lock:
                stored = list(self._history.get(str(params.get("channel")), []))
            limit = int(params.get("limit") or 100)
            with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
            messages = [m if with_metadata else {k: v for k, v in m.items() if k != "metadata"}
                        for m in reversed(stored)][:limit]  # fmt: skip
            return {"ok": True, "messages": messages, "has_more": len(stored) > limit}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"), "text": params.get("text")}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            view = dict(params.get("view") or {})
            view.update({"id": f"V{n:08d}", "hash": f"{n}.hash", "team_id": TEAM_ID})
            return {"ok": True, "view": view}
        if method == "files.getUploadURLExternal":
            file_id = f"F{n:08d}"
            return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = params.get("files") or []
            return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://{self.host}:{self.port}/socket"}
        if method == "conversations.info":
            return {"ok": True, "channel": {"id": params.get("channel"), "is_member": True}}
        return {"ok": True}

    # -- Socket Mode ------------------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode endpoint (`apps.connections.open` hands out its URL). Messages the app sends
        back (envelope acks) are recorded as method "socket"."""
        from aiohttp import WSMsgType

        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        with self._cond:
            self._cond.notify_all()
        await ws.send_json({"type": "hello", "num_connections": len(self._sockets),
                            "connection_info": {"app_id": "A0BILLBOT"}, "debug_info": {"host": "stub"}})
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    try:
                        data = json.loads(msg.data)
                    except ValueError:
                        data = {"_unparsed": msg.data}
                    self._record(Call(method="socket", params=data, headers={}, path="/socket",
                                      raw=msg.data.encode()))
        finally:
            self._sockets.remove(ws)
        return ws

    def wait_for_socket(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self._sockets:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError("no Socket Mode connection")
                self._cond.wait(remaining)

    def socket_send(self, envelope: dict[str, Any]) -> None:
        """Push a Socket Mode envelope (e.g. {"type": "slash_commands", "envelope_id": ..., "payload": ...})."""
        assert self._loop is not None and self._sockets, "no Socket Mode connection"

        async def send() -> None:
            for ws in list(self._sockets):
                await ws.send_json(envelope)

        asyncio.run_coroutine_threadsafe(send(), self._loop).result(10)

    async def _upload(self, request: web.Request) -> web.Response:
        raw = await request.read()
        call = Call(method="upload", params={"file_id": request.match_info["file_id"], "length": len(raw)},
                    headers=dict(request.headers), path=request.path, raw=raw)
        failure = self._next_failure("upload")
        if failure is not None:
            call.status = failure.status
            self._record(call)
            return web.Response(status=failure.status, text="failed")
        self._record(call)
        return web.Response(text=f"OK - {len(raw)}")

    async def _response_url(self, request: web.Request) -> web.Response:
        params, raw = await self._params(request)
        call = Call(method="response_url", params=params, headers=dict(request.headers), path=request.path, raw=raw)
        failure = self._next_failure("response_url")
        if failure is not None:
            call.status = failure.status
            self._record(call)
            return web.Response(status=failure.status, text="failed")
        self._record(call)
        return web.Response(text="ok")
