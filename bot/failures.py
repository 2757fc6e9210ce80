"""Failures in one place: error ids, how a failure is logged, and the one "something went wrong" reply.

A failure is logged with its id and stack, never with the exception's message (it may quote what
the user typed). The user sees the same sentence everywhere, with the id the log has.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from typing import Any

from slack_sdk.models.blocks import SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

FAILURE_MESSAGE = (
    "Sorry, something went wrong on our side and nothing was changed. "
    "Please try again in a moment. If it keeps happening, tell your admin the error id `{error_id}`."
)


def new_error_id() -> str:
    return uuid.uuid4().hex[:10]


def log_failure(logger: logging.Logger, error_id: str, where: str, exc: BaseException) -> None:
    """Log a failure with its id and stack, never the exception's message (it may quote user text)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logger.error("error_id=%s in %s: %s\n%s", error_id, where, type(exc).__name__, frames)


def record_failure(logger: logging.Logger, where: str, exc: BaseException) -> str:
    """Log `exc` under a new error id and return the id (to show the user)."""
    error_id = new_error_id()
    log_failure(logger, error_id, where, exc)
    return error_id


def failure_text(error_id: str) -> str:
    return FAILURE_MESSAGE.format(error_id=error_id)


def failure_blocks(error_id: str) -> list[SectionBlock]:
    return [SectionBlock(text=MarkdownTextObject(text=":warning: " + failure_text(error_id)))]


def failure_reply(logger: logging.Logger, where: str, exc: BaseException) -> dict[str, Any]:
    """Log `exc` and return the ephemeral reply that tells the user, with the error id."""
    error_id = record_failure(logger, where, exc)
    return {"response_type": "ephemeral", "text": failure_text(error_id),
            "blocks": [b.to_dict() for b in failure_blocks(error_id)]}
