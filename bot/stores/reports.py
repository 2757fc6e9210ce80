"""Anonymous denial reports: storing one, the pattern `/cpt` shows for a code, the milestone posts
and the weekly digest's slots. The only place the Slack side reads or writes report tables.

The anonymous keys (reporter, content) are derived here from BILLBOT_REPORT_SECRET, so callers
pass who reported and never handle the keyed hashes.
"""

from __future__ import annotations

from datetime import datetime

from bot.metrics import REPORTS_STORED
from bot.reports.aggregate import DenialPattern
from bot.reports.digest import PublishedSnapshot
from bot.reports.form import DenialSubmission
from bot.stores.cache import TtlCache
from storage.db import Database
from storage.repositories import posts
from storage.repositories import reports as repo
from storage.repositories.posts import MilestoneClaim
from storage.repositories.reports import StoreResult, StoreStatus

PATTERN_TTL_SECONDS = 10.0


class ReportsOff(Exception):
    """BILLBOT_REPORT_SECRET is not set: no report can be stored."""


class ReportsStore:
    def __init__(self, db: Database, *, threshold: int, secret: str | None, daily_limit: int) -> None:
        self._db = db
        self.threshold = threshold
        self.secret = secret
        self.daily_limit = daily_limit
        self._patterns: TtlCache[str, DenialPattern | None] = TtlCache(ttl=PATTERN_TTL_SECONDS)

    # -- reports and patterns ---------------------------------------------------------------

    async def store(self, submission: DenialSubmission, *, org_id: str, user_id: str, now: datetime) -> StoreResult:
        """Store one report (anonymously) and claim the milestones it reaches. `org_id`: the Enterprise
        Grid org id where there is one, else the team id. `now` is the team's local time: it decides the
        day and week the report counts in."""
        if not self.secret:
            raise ReportsOff("BILLBOT_REPORT_SECRET is not set")
        reporter = repo.reporter_key(self.secret, org_id, user_id)
        keys = repo.report_keys(self.secret, reporter, submission, now.date())
        # One writer at a time (SQLite queues here, in order, instead of polling its lock), and only
        # into the database the operator configured: a file deleted or replaced under the process
        # raises DatabaseReplaced, before and after the write, so nobody is thanked for a lost report.
        async with self._db.writing():
            self._db.watch.check()
            async with self._db.session() as session:
                result = await repo.store_report(
                    session, submission, keys=keys, daily_limit=self.daily_limit, threshold=self.threshold, now=now
                )
            self._db.watch.check()
        if result.status is StoreStatus.STORED:
            REPORTS_STORED.inc()
        self._patterns.drop(submission.hcpcs)  # this process's next /cpt shows the new count at once
        return result

    async def denial_pattern(self, hcpcs: str, *, timeout: float | None = None) -> DenialPattern | None:
        """The anonymous denial pattern for a code once it has enough reports, else None."""

        async def read() -> DenialPattern | None:
            async with self._db.session() as session:
                return await repo.denial_pattern(session, hcpcs, self.threshold)

        return await self._patterns.fetch(hcpcs, read, timeout)

    def clear(self) -> None:
        self._patterns.clear()

    # -- milestone posts --------------------------------------------------------------------

    async def due_milestones(self) -> list[MilestoneClaim]:
        async with self._db.session() as session:
            return await posts.claimable_milestones(session)

    async def lease_milestone(self, milestone_id: int) -> bool:
        async with self._db.session() as session:
            return await posts.lease_milestone(session, milestone_id)

    async def finish_milestone(self, milestone_id: int, *, posted: bool, message_ts: str | None = None) -> None:
        async with self._db.session() as session:
            await posts.finish_milestone(session, milestone_id, posted=posted, message_ts=message_ts)

    async def fresh_pattern(self, hcpcs: str) -> DenialPattern | None:
        """The pattern read now (no cache): what a milestone post shows."""
        async with self._db.session() as session:
            return await repo.denial_pattern(session, hcpcs, self.threshold)

    # -- the weekly digest ------------------------------------------------------------------

    async def published_snapshots(self, up_to_week: str) -> list[PublishedSnapshot]:
        """The snapshots published up to `up_to_week` (ISO week): all the weekly digest reads."""
        async with self._db.session() as session:
            return await repo.published_snapshots(session, up_to_week)

    async def lease_digest_slot(self, slot: str) -> tuple[bool, str | None]:
        """(won, message ts an earlier attempt recorded) for `slot`."""
        async with self._db.session() as session:
            if not await posts.lease_digest_slot(session, slot):
                return False, None
            return True, await posts.digest_message_ts(session, slot)

    async def record_digest_message(self, slot: str, message_ts: str) -> None:
        async with self._db.session() as session:
            await posts.record_digest_message(session, slot, message_ts)

    async def finish_digest_slot(self, slot: str, *, posted: bool, message_ts: str | None = None,
                                 retry_now: bool = False) -> None:  # fmt: skip
        """`retry_now`: hand an interrupted post back as pending, due at once (see `posts.finish_digest_slot`)."""
        async with self._db.session() as session:
            await posts.finish_digest_slot(session, slot, posted=posted, message_ts=message_ts, retry_now=retry_now)

    async def unfinished_digest_slots(self) -> list[str]:
        async with self._db.session() as session:
            return await posts.unfinished_digest_slots(session)

    async def record_first_start(self, slot: str) -> bool:
        """True (and `slot` recorded as a baseline, not to be posted) when no scheduled slot was ever seen."""
        async with self._db.session() as session:
            if await posts.has_scheduled_slots(session):
                return False
            await posts.record_baseline_slot(session, slot)
            return True

    async def prune(self, now: datetime) -> None:
        """Forget expired abuse-control hashes and quota rows from before yesterday (`now`: the team's time)."""
        async with self._db.session() as session:
            await repo.prune(session, now)
