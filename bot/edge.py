"""The HTTP edge of `POST /slack/events`: what a request must pass before Bolt parses it.

Order, cheapest first, and nothing unauthenticated is parsed beyond what the check needs:

1. the body is read with a deadline (a half-sent body is dropped with 408);
2. the Slack signature is verified over the raw bytes: the timestamp must be whole seconds within
   five minutes, the signature `v0=` and 64 hex digits (else 401, and nothing else is looked at);
3. only then is the body decoded (UTF-8) and parsed the way Bolt parses it, and its shape checked:
   a Slack payload is an object whose well-known parts have the right types (else 400).

Rejections are never logged one by one: `RejectionLog` writes at most one summary line per interval
("rejected 500 request(s) in the last 60 s: bad_signature=480, not_utf8=20"), so junk cannot grow
the log faster than that. Nothing from a rejected body is ever logged.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.request.internals import parse_body

SIGNATURE_MAX_AGE = 300  # seconds, as Slack recommends
BODY_READ_SECONDS = 5.0  # a request whose body has not arrived by then is dropped
KEEPALIVE_SECONDS = 5.0  # idle, silent and half-sent connections are closed after this
SUMMARY_SECONDS = 60.0  # at most one line about rejected requests per this interval

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a request is refused: the HTTP status and a short reason (a metric label, never user text)."""

    status: int
    reason: str

    def body(self) -> str:
        return {401: "invalid request signature", 400: "malformed request", 408: "request body too slow",
                413: "request too large"}.get(self.status, "refused")  # fmt: skip


def verify_signature(secret: str, timestamp: str | None, signature: str | None, body: bytes,
                     now: float | None = None) -> Rejection | None:  # fmt: skip
    """Slack's v0 request signature over the raw body; None when it is valid."""
    if not timestamp or not _TIMESTAMP.fullmatch(timestamp):
        return Rejection(401, "bad_timestamp")
    if abs((time.time() if now is None else now) - int(timestamp)) > SIGNATURE_MAX_AGE:
        return Rejection(401, "stale_timestamp")
    if not signature or not _SIGNATURE.fullmatch(signature):
        return Rejection(401, "bad_signature")
    expected = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest("v0=" + expected, signature):
        return Rejection(401, "bad_signature")
    return None


def content_type(headers: Mapping[str, str]) -> str | None:
    value = headers.get("Content-Type") or headers.get("content-type")
    return value.split(";")[0].strip() if value else None


# What the well-known parts of a Slack payload must be, where present (None is allowed as "absent").
_OBJECT_OR_ID = (dict, str)
_TOP_LEVEL: dict[str, tuple[type, ...]] = {
    "type": (str,), "command": (str,), "text": (str,), "trigger_id": (str,), "response_url": (str,),
    "user": (dict,), "team": (dict,), "channel": (dict,), "enterprise": _OBJECT_OR_ID,
    "view": (dict,), "event": (dict,), "actions": (list,), "container": (dict,), "message": (dict,),
    "api_app_id": (str,), "event_id": (str,), "challenge": (str,),
}  # fmt: skip


def shape_error(body: Any) -> str | None:
    """Why a (signed) parsed body is not a Slack payload billbot can route, or None.

    Only the structure is checked here; each handler checks the values it reads (see
    `bot.reports.intake` for the denial form)."""
    if not isinstance(body, dict):
        return "not an object"
    for key, types in _TOP_LEVEL.items():
        value = body.get(key)
        if value is not None and not isinstance(value, types):
            return f"{key} has the wrong type"
    for key in ("user", "team", "channel"):
        value = body.get(key)
        if isinstance(value, dict) and not isinstance(value.get("id", ""), str):
            return f"{key}.id has the wrong type"
    actions = body.get("actions")
    if actions is not None and not all(
        isinstance(a, dict)
        and all(a.get(k) is None or isinstance(a[k], str) for k in ("action_id", "block_id", "value", "type"))
        and isinstance(a.get("selected_option") or {}, dict)
        for a in actions
    ):
        return "actions are not objects"
    event = body.get("event")
    if event is not None:
        for key in ("type", "user", "channel", "text", "ts", "thread_ts", "subtype", "bot_id", "tab", "channel_type"):
            if event.get(key) is not None and not isinstance(event[key], str):
                return f"event.{key} has the wrong type"
    view = body.get("view")
    if view is not None:
        for key in ("callback_id", "id", "private_metadata", "type", "hash"):
            if view.get(key) is not None and not isinstance(view[key], str):
                return f"view.{key} has the wrong type"
        state = view.get("state")
        if state is not None:
            values = state.get("values") if isinstance(state, dict) else None
            if not isinstance(values, dict) or not all(
                isinstance(actions_, dict) and all(isinstance(a, dict) for a in actions_.values())
                for actions_ in values.values()
            ):
                return "view.state.values is not an object of objects"
    return None


def parse_signed(body: bytes, ctype: str | None) -> tuple[str, dict[str, Any]] | Rejection:
    """Decode and parse a body whose signature was verified, exactly as Bolt will; check its shape."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Rejection(400, "not_utf8")
    try:
        parsed = parse_body(text, ctype)
    except (ValueError, TypeError):
        return Rejection(400, "malformed")
    if shape_error(parsed) is not None:
        return Rejection(400, "malformed")
    return text, parsed


def request_label(body: Mapping[str, Any]) -> str:
    """What a request is, for metrics: "/cpt", "view:denial_report", "action:share_quote", "event:app_mention"."""
    if isinstance(body.get("command"), str):
        return str(body["command"])[:40]
    kind = body.get("type")
    if kind in ("view_submission", "view_closed"):
        return f"view:{str((body.get('view') or {}).get('callback_id') or '')[:40]}"
    if kind == "block_actions":
        actions = body.get("actions") or [{}]
        return f"action:{str(actions[0].get('action_id') or '')[:40]}"
    if kind == "event_callback":
        return f"event:{str((body.get('event') or {}).get('type') or '')[:40]}"
    return str(kind or "other")[:40]


async def read_body(request: Any, limit: float = BODY_READ_SECONDS) -> bytes | Rejection:
    """The whole body, or a Rejection when it does not arrive in time or is too large."""
    from aiohttp import web

    try:
        async with asyncio.timeout(limit):
            return bytes(await request.read())
    except TimeoutError:
        return Rejection(408, "slow_body")
    except web.HTTPRequestEntityTooLarge:
        return Rejection(413, "too_large")


class RejectionLog:
    """Counts rejected requests by reason and logs one summary line per `interval` at most."""

    def __init__(self, logger: logging.Logger, interval: float = SUMMARY_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.logger = logger
        self.interval = interval
        self.clock = clock
        self.pending: Counter[str] = Counter()
        self.last: float | None = None

    def note(self, reason: str) -> None:
        self.pending[reason] += 1
        now = self.clock()
        if self.last is None or now - self.last >= self.interval:
            self.flush(now)

    def flush(self, now: float | None = None) -> None:
        if not self.pending:
            return
        since = "" if self.last is None else f" in the last {int((now or self.clock()) - self.last)} s"
        counts = ", ".join(f"{reason}={n}" for reason, n in sorted(self.pending.items()))
        self.logger.warning("rejected %d request(s)%s: %s", sum(self.pending.values()), since, counts)
        self.pending.clear()
        self.last = self.clock() if now is None else now


def rejection_response(rejection: Rejection) -> Any:
    from aiohttp import web

    headers = {"Connection": "close"} if rejection.status in (408, 413) else None
    return web.Response(status=rejection.status, text=rejection.body(), headers=headers)




async def dispatch(request: Any, bolt: Any, secret: str, rejections: RejectionLog) -> Any:
    """`POST /slack/events`: the checks above, then Bolt; every request is counted (`bot.metrics`)."""
    from slack_bolt.adapter.aiohttp import to_aiohttp_response
    from slack_bolt.request.async_request import AsyncBoltRequest

    from bot.logs import new_request_id
    from bot.metrics import observe_request

    started = time.perf_counter()
    request_id = new_request_id()
    label = "unsigned"
    parsed: tuple[str, dict[str, Any]] | Rejection = Rejection(400, "malformed")
    raw = await read_body(request)
    rejection = raw if isinstance(raw, Rejection) else verify_signature(
        secret, request.headers.get("X-Slack-Request-Timestamp"), request.headers.get("X-Slack-Signature"), raw
    )  # fmt: skip
    if rejection is None:
        assert isinstance(raw, bytes)
        parsed = parse_signed(raw, content_type(request.headers))
        if isinstance(parsed, Rejection):
            rejection, label = parsed, "signed"
    if rejection is not None:
        rejections.note(rejection.reason)
        response = rejection_response(rejection)
        if rejection.status in (408, 413):
            response.force_close()
        observe_request(label, rejection.status, time.perf_counter() - started)
        return response
    assert not isinstance(parsed, Rejection)
    text, payload = parsed
    label = request_label(payload)
    bolt_response = await bolt.async_dispatch(
        AsyncBoltRequest(body=text, query=request.query_string, headers=request.headers)
    )
    response = await to_aiohttp_response(bolt_response)
    response.headers["X-Request-Id"] = request_id
    body = response.body if isinstance(response.body, bytes) else None
    observe_request(label, response.status, time.perf_counter() - started, body)
    return response


def payload_guard() -> Any:
    """A Bolt middleware with the same shape checks, for requests that do not come through HTTP
    (Socket Mode): a payload of the wrong shape is answered 400 before any listener runs. It also
    counts the Web API calls of the client Bolt makes for each request (`bot.metrics`)."""
    from slack_bolt.middleware.async_middleware import AsyncMiddleware
    from slack_bolt.response import BoltResponse

    from bot.metrics import count_slack_calls

    class PayloadShapeGuard(AsyncMiddleware):
        async def async_process(self, *, req: Any, resp: Any, next: Any) -> Any:
            if shape_error(req.body) is not None:
                return BoltResponse(status=400, body="malformed request")
            if req.context.client is not None:
                count_slack_calls(req.context.client)
            return await next()

    return PayloadShapeGuard()
