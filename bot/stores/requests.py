"""Request de-duplication across processes: a Slack action is handled once even when Slack retries
it or several instances share the database. Keys older than a day are pruned by the sweep."""

from __future__ import annotations

import logging
from datetime import datetime

from storage.db import Database
from storage.repositories import slack as slack_repo

log = logging.getLogger("billbot.requests")


class RequestLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim_once(self, key: str, *, fail_open: bool = False) -> bool:
        """True the first time `key` is claimed across every process sharing the database.

        `fail_open=True`: when the database cannot be reached, answer True (and log it) so a
        reply is not lost; the app's in-process retry guard still drops Slack's retries."""
        try:
            async with self._db.session() as session:
                return await slack_repo.claim_once(session, key)
        except Exception as exc:
            if not fail_open:
                raise
            log.warning("could not record a handled request (%s); relying on the in-process guard",
                        type(exc).__name__)
            return True

    async def prune(self, cutoff: datetime | None = None) -> int:
        """Forget keys seen before `cutoff` (default: a day ago; Slack retries within minutes)."""
        async with self._db.session() as session:
            return await slack_repo.forget_seen_before(session, cutoff)
