"""Saving a denial report inside Slack's 3-second ack, and only into the configured database.

`store_within_ack(db, store)` runs `store(session)` as this process's only writer at a time
(`Database.writing()`: SQLite takes one writer, and queueing here is fair and fast where SQLite's own
busy handler sleeps), checks before and after that the database file is still the one the process
opened (`storage.health`: deleted or replaced → `DatabaseReplaced`, so the user is never thanked for
a report that went nowhere), and gives up waiting after `SAVE_SECONDS`: then the user is asked to
press Send again (`SlowSave`) while the save carries on; the report's de-duplication key makes the
second Send count it once, and thank the user only once it is committed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database

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


async def store_within_ack(db: Database, store: Callable[[AsyncSession], Awaitable[T]],
                           seconds: float = SAVE_SECONDS) -> T:  # fmt: skip
    async def run() -> T:
        async with db.writing():
            db.watch.check()
            async with db.session() as session:
                result = await store(session)
            db.watch.check()
            return result

    task = asyncio.ensure_future(run())
    try:
        return await asyncio.wait_for(asyncio.shield(task), seconds)
    except TimeoutError:
        task.add_done_callback(_retrieve)
        raise SlowSave from None
