"""The scheduler inside `billbot serve` (APScheduler `AsyncIOScheduler`, in BILLBOT_TIMEZONE):

- the digest job: BILLBOT_DIGEST_CRON (default "0 9 * * MON", `CronTrigger.from_crontab`);
- a start-up job: a slot missed while no instance was running is posted once (the latest slot only);
  on the very first start the latest past slot is recorded as a baseline and not posted;
- a sweep every BILLBOT_SWEEP_SECONDS (default 60): milestone posts and digest slots whose post
  failed are retried; expired abuse-control hashes and request keys older than a day are deleted.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from slack_sdk.web.async_client import AsyncWebClient

from bot.failures import new_error_id
from bot.jobs.digest import latest_slot, make_trigger, post_digest, slot_key, week_of_slot
from bot.jobs.milestones import post_due_milestones
from bot.services import Services
from bot.slack_client import make_client

log = logging.getLogger("billbot.scheduler")


class DigestScheduler:
    def __init__(self, services: Services, client: AsyncWebClient | None = None) -> None:
        self.services = services
        self.client = client or make_client(services.settings)
        settings = services.settings
        self.channel = settings.denial_channel
        self.trigger = make_trigger(settings.digest_cron, settings.timezone)
        self.scheduler = AsyncIOScheduler(timezone=services.clock.zone)

    def start(self) -> None:
        self.scheduler.add_job(_stoppable("digest", self.run_due), self.trigger, id="digest", coalesce=True,
                               max_instances=1, misfire_grace_time=300)  # fmt: skip
        self.scheduler.add_job(_stoppable("sweep", self.sweep), "interval", id="sweep", coalesce=True,
                               seconds=self.services.settings.sweep_seconds, max_instances=1)  # fmt: skip
        self.scheduler.add_job(_stoppable("startup", self.startup), id="startup")  # runs once, now
        self.scheduler.start()
        log.info("digest scheduler started: cron=%r timezone=%s", self.services.settings.digest_cron,
                 self.services.settings.timezone)  # fmt: skip

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def _post(self, slot: str) -> bool:
        reports = self.services.reports
        return await post_digest(reports, self.client, self.channel, slot, week_of_slot(self.services.clock, slot))

    async def run_due(self, now: datetime | None = None) -> bool:
        """Post the digest of the latest slot at or before `now` (the scheduler calls this at each slot)."""
        fire = latest_slot(self.trigger, now or datetime.now(UTC))
        if fire is None:
            return False
        return await self._post(slot_key(fire))

    async def startup(self, now: datetime | None = None) -> None:
        """Catch up the latest missed slot (once), or record a baseline on the very first start."""
        fire = latest_slot(self.trigger, now or datetime.now(UTC))
        try:
            if fire is not None and not await self.services.reports.record_first_start(slot_key(fire)):
                await self._post(slot_key(fire))
            await self.sweep()
        except Exception as exc:
            log.warning("digest start-up check failed error_id=%s: %s", new_error_id(), type(exc).__name__)

    async def sweep(self) -> None:
        """Retry what failed (milestone posts, unfinished digest slots); forget what has expired
        (abuse-control hashes, handled-request keys)."""
        reports = self.services.reports
        try:
            await post_due_milestones(reports, self.channel, self.client)
            for slot in await reports.unfinished_digest_slots():
                await self._post(slot)
            await reports.prune(self.services.clock.now())
            await self.services.requests.prune()
        except Exception as exc:
            log.warning("sweep failed error_id=%s: %s", new_error_id(), type(exc).__name__)


def _stoppable(name: str, job: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[None]]:
    """A job that a stop (SIGTERM: the scheduler cancels what runs) ends with one log line, not a traceback.
    A post it interrupts has already handed its row back (`post_digest`, `post_due_milestones`)."""

    @functools.wraps(job)
    async def run() -> None:
        try:
            await job()
        except asyncio.CancelledError:
            log.info("scheduler job %s cancelled by shutdown; unfinished posts are left for the next start", name)

    return run


_current: DigestScheduler | None = None


def start_digest_scheduler(services: Services, client: AsyncWebClient | None = None) -> DigestScheduler:
    """Start the digest scheduler and sweep in the running event loop (idempotent per process)."""
    global _current
    if _current is None:
        _current = DigestScheduler(services, client)
        _current.start()
    return _current


def stop_digest_scheduler() -> None:
    global _current
    if _current is not None:
        _current.stop()
        _current = None
