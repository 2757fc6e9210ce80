"""Saving a denial report inside Slack's 3-second ack.

`within_ack(save)` waits for the save at most `SAVE_SECONDS`. When it takes longer (a burst of
reports queueing for SQLite's one writer, a slow database) the user is asked to press Send again
(`SlowSave`) while the save carries on in the background: the report's de-duplication key makes the
second Send count it once, and the user is thanked only once it is committed. Never a thank-you for
a save that has not finished (see `bot.stores.reports.ReportsStore.store` for which database).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

log = logging.getLogger("billbot.denial")

T = TypeVar("T")
SAVE_SECONDS = 2.0  # Slack shows an error after 3 s; validation and the reply need the rest
SLOW_SAVE = ("Saving is taking longer than usual. Please press Send again in a few seconds: "
             "your report is counted once.")  # fmt: skip


class SlowSave(Exception):
    """The save did not finish within SAVE_SECONDS (it goes on in the background)."""


def _retrieve(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("a report save that outlived its ack failed: %s", type(task.exception()).__name__)


async def within_ack(save: Awaitable[T], seconds: float = SAVE_SECONDS) -> T:
    task = asyncio.ensure_future(save)
    try:
        return await asyncio.wait_for(asyncio.shield(task), seconds)
    except TimeoutError:
        task.add_done_callback(_retrieve)
        raise SlowSave from None
