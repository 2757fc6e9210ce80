"""The Bolt `AsyncApp`: one app object with every listener, talking to `settings.slack_api_url`.

`build_app(services)` wires the Web API client (`bot.slack_client`), turns signature verification
on, installs the retry guard, registers the `/cpt`, App Home, mention/watch and `/denial`
listeners, and answers any listener failure with the one failure message (`bot.failures`).
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.failures import failure_text, log_failure, new_error_id
from bot.handlers import cpt, denial, home, mentions
from bot.services import Services
from bot.slack_client import make_client

log = logging.getLogger("billbot.app")


class MissingSecret(Exception):
    """A required environment variable is not set; the message names it."""


def request_key(body: dict[str, Any]) -> str | None:
    """What identifies one user action across Slack's retries: the event id or the trigger id."""
    if body.get("event_id"):
        return f"event:{body['event_id']}"
    if body.get("trigger_id"):
        return f"trigger:{body['trigger_id']}"
    return None


class RecentKeys:
    """Keys of requests this process has already started handling (bounded)."""

    def __init__(self, size: int = 20_000) -> None:
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def add(self, key: str) -> bool:
        """True when `key` is new."""
        if key in self._keys:
            return False
        self._keys[key] = None
        if len(self._keys) > self._size:
            self._keys.popitem(last=False)
        return True


class RetryGuard(AsyncMiddleware):
    """A Slack retry (X-Slack-Retry-Num) of a request this process already took is acknowledged and
    dropped. (A class middleware: no per-request argument injection.) Side effects that must be
    once across processes also claim their key in the database (`RequestLog.claim_once`)."""

    def __init__(self, recent: RecentKeys) -> None:
        self.recent = recent

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse | None:
        key = request_key(req.body)
        if key is not None and not self.recent.add(key) and req.headers.get("x-slack-retry-num"):
            return BoltResponse(status=200, body="")
        return await next()


class RedactSlackBodies(logging.Filter):
    """Slack's libraries log request bodies in some messages (e.g. a bad signature): withhold them.

    Attached to the handlers of the root logger by `billbot serve`, so it sees every record."""

    _BODY = re.compile(r"(body|text|payload)\s*[:=].*", re.IGNORECASE | re.DOTALL)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(("slack_bolt", "slack_sdk", "billbot.bolt")):
            message = record.getMessage()
            redacted = self._BODY.sub(r"\1: (withheld)", message)
            if redacted != message:
                record.msg, record.args = redacted, ()
        return True


def install_log_redaction() -> None:
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactSlackBodies) for f in handler.filters):
            handler.addFilter(RedactSlackBodies())


def build_app(services: Services) -> AsyncApp:
    settings = services.settings
    if not settings.slack_signing_secret and not settings.slack_app_token:
        raise MissingSecret("SLACK_SIGNING_SECRET is not set: copy it from your Slack app's Basic Information page.")
    if not settings.slack_bot_token:
        raise MissingSecret("SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token from OAuth & Permissions.")

    app = AsyncApp(
        client=make_client(settings),
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=True,
        name="billbot",
        logger=logging.getLogger("billbot.bolt"),
    )
    recent = RecentKeys()
    app.state = {"recent": recent}  # type: ignore[attr-defined]

    app.use(RetryGuard(recent))

    @app.error
    async def on_error(error: Exception, body: dict[str, Any], respond: Any | None = None) -> None:
        error_id = new_error_id()
        log_failure(log, error_id, f"listener for {body.get('type') or body.get('command') or 'request'}", error)
        if respond is not None and body.get("response_url"):
            try:
                await respond(text=failure_text(error_id), response_type="ephemeral",
                              replace_original=False)
            except Exception as exc:  # pragma: no cover - best effort
                log_failure(log, error_id, "error reply", exc)

    cpt.register(app, services)
    home.register(app, services)
    mentions.register(app, services)
    denial.register(app, services)
    return app
