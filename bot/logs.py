"""Logging for `billbot serve`: plain lines by default, one JSON object per line with
`BILLBOT_LOG_FORMAT=json`, and a request id on every line logged while a request is handled.

The request id is set by the HTTP edge (`new_request_id()`) in a context variable; Bolt runs the
listeners in tasks created from that context, so their lines carry it too. Log messages never carry
user text (handlers log codes, outcomes and error ids only; `bot.app.RedactSlackBodies` withholds
bodies that Slack's libraries would print).
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

REQUEST_ID: ContextVar[str | None] = ContextVar("billbot_request_id", default=None)
LOG_FORMAT_VARIABLE = "BILLBOT_LOG_FORMAT"


def new_request_id() -> str:
    value = uuid.uuid4().hex[:16]
    REQUEST_ID.set(value)
    return value


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (or None) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id"?, "exception"?}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            out["request_id"] = request_id
        if record.exc_info and record.exc_info[0] is not None:
            # The type and the stack, never the exception's message (it may quote user text).
            import traceback

            out["exception"] = record.exc_info[0].__name__
            out["stack"] = "".join(traceback.format_tb(record.exc_info[2]))
        return json.dumps(out, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = getattr(record, "request_id", None)
        return f"{line} [request {request_id}]" if request_id else line


def wants_json(value: str | None = None) -> bool:
    return (value if value is not None else os.environ.get(LOG_FORMAT_VARIABLE, "")).strip().lower() == "json"


def configure(level: str, fmt: str | None = None) -> None:
    """Install one stderr handler on the root logger with the chosen format and the request-id filter."""
    root = logging.getLogger()
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if wants_json(fmt) else PlainFormatter())
    handler.addFilter(RequestIdFilter())
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
