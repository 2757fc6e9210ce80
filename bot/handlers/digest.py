"""The weekly digest schedule and posting, and the background sweep for milestone posts.

Inside `billbot serve`, `start_digest_scheduler(services)` starts an APScheduler `AsyncIOScheduler` with:
- the digest job: `BILLBOT_DIGEST_CRON` (default "0 9 * * MON", `CronTrigger.from_crontab`) in
  `BILLBOT_TIMEZONE` (default America/New_York);
- a start-up job: a slot missed while no instance was running is posted once (the latest slot only);
  on the very first start the latest past slot is recorded as a baseline and not posted;
- a sweep every `BILLBOT_SWEEP_SECONDS` (default 60): milestone posts and digest slots whose post
  failed are retried; expired abuse-control hashes are deleted.

Exactly one digest per slot, across restarts and instances: the slot key (the fire time in UTC) is
a primary key in `digest_slots`; the process that wins the lease posts. The message is posted
first and its ts recorded; the chart (`files_upload_v2`) follows in the message's thread, so a
retry after a failed upload does not repeat the message. `stop_digest_scheduler()` shuts it down.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from slack_sdk.models.blocks import SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject
from slack_sdk.web.async_client import AsyncWebClient

from bot.metrics import POSTS_SENT
from bot.reports.digest import CHART_WEEKS, Digest, build_digest, chart_png, covered_week, digest_text, previous_weeks
from bot.services import Services, new_error_id
from storage.repositories import reports as repo

log = logging.getLogger("billbot.digest")


class DigestConfigError(ValueError):
    """BILLBOT_DIGEST_CRON or BILLBOT_TIMEZONE cannot be used; the message names the variable."""


def make_trigger(cron: str, timezone: str) -> CronTrigger:
    try:
        tz = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DigestConfigError(
            f"BILLBOT_TIMEZONE={timezone!r} is not a time zone name (use one like America/New_York)."
        ) from exc
    try:
        return CronTrigger.from_crontab(cron, timezone=tz)
    except ValueError as exc:
        raise DigestConfigError(
            f"BILLBOT_DIGEST_CRON={cron!r} is not a crontab expression (five fields, e.g. '0 9 * * MON'): {exc}"
        ) from exc


def slot_key(fire: datetime) -> str:
    return fire.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def slot_time(slot: str) -> datetime:
    """The instant a slot key names (scheduled "2026-11-30T14:00Z" or manual "now-2026-11-27T03:50:12Z")."""
    if slot.startswith("now-"):
        return datetime.strptime(slot[4:], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return datetime.strptime(slot, "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)


def latest_slot(trigger: CronTrigger, now: datetime) -> datetime | None:
    """The most recent fire time at or before `now` (looking back up to ~2 months)."""
    for window in (timedelta(minutes=3), timedelta(hours=3), timedelta(days=2), timedelta(days=9),
                   timedelta(days=63)):  # fmt: skip
        fire: datetime | None = trigger.get_next_fire_time(None, now - window)
        last: datetime | None = None
        while fire is not None and fire <= now:
            last = fire
            fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
        if last is not None:
            return last
    return None


async def gather_digest(services: Services, week: str) -> Digest:
    weeks = previous_weeks(week, CHART_WEEKS)
    async with services.db.session() as session:
        reports = await repo.load_reports(session, weeks=weeks)
        totals = await repo.report_counts(session)
        reached = await repo.milestones_reached_in(session, [week])
        appeals = await repo.appeal_counts(session)
    return build_digest(week, reports, totals, reached, services.settings.report_threshold, appeals)


def _local(services: Services, moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(services.settings.timezone))


async def _post_digest_message(
    services: Services, client: AsyncWebClient, channel: str, slot: str, week: str, message_ts: str | None
) -> str | None:
    """The message (unless a previous attempt posted it) and then the chart in its thread."""
    digest = await gather_digest(services, week)
    text = digest_text(digest)
    if not message_ts:
        response = await client.chat_postMessage(
            channel=channel, text=text, blocks=[SectionBlock(text=MarkdownTextObject(text=text[:3000]))]
        )
        message_ts = str(response.get("ts") or "")
        async with services.db.session() as session:
            await repo.record_digest_message(session, slot, message_ts)
    await client.files_upload_v2(
        channel=channel,
        file=chart_png(digest),
        filename=f"denial-digest-{digest.week}.png",
        title=f"Denial reports, {digest.week}",
        thread_ts=message_ts or None,
    )
    return message_ts


async def post_digest(services: Services, client: AsyncWebClient, slot: str, week: str) -> bool:
    """Post the digest for `slot` if this process wins the slot's lease. True when it was posted now."""
    channel = services.settings.denial_channel
    if not channel:
        log.warning("BILLBOT_DENIAL_CHANNEL is not set: digest %s not posted", slot)
        return False
    async with services.db.session() as session:
        if not await repo.lease_digest_slot(session, slot):
            return False
        message_ts = await repo.digest_message_ts(session, slot)
    try:
        async with asyncio.timeout(repo.POST_DEADLINE_SECONDS):  # within the slot's lease, retries included
            message_ts = await _post_digest_message(services, client, channel, slot, week, message_ts)
    except Exception as exc:
        log.warning("digest %s failed error_id=%s: %s (will retry)", slot, new_error_id(), type(exc).__name__)
        async with services.db.session() as session:
            await repo.finish_digest_slot(session, slot, posted=False)
        return False
    async with services.db.session() as session:
        await repo.finish_digest_slot(session, slot, posted=True, message_ts=message_ts)
    POSTS_SENT.labels("digest").inc()
    log.info("digest posted slot=%s week=%s", slot, week)
    return True


class DigestScheduler:
    def __init__(self, services: Services, client: AsyncWebClient | None = None) -> None:
        from bot.app import make_client

        self.services = services
        self.client = client or make_client(services)
        settings = services.settings
        self.trigger = make_trigger(settings.digest_cron, settings.timezone)
        self.scheduler = AsyncIOScheduler(timezone=ZoneInfo(settings.timezone))

    def start(self) -> None:
        self.scheduler.add_job(self.run_due, self.trigger, id="digest", coalesce=True, max_instances=1,
                               misfire_grace_time=300)  # fmt: skip
        self.scheduler.add_job(self.sweep, "interval", seconds=self.services.settings.sweep_seconds, id="sweep",
                               coalesce=True, max_instances=1)  # fmt: skip
        self.scheduler.add_job(self.startup, id="startup")  # runs once, now
        self.scheduler.start()
        log.info("digest scheduler started: cron=%r timezone=%s", self.services.settings.digest_cron,
                 self.services.settings.timezone)  # fmt: skip

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def _week_for(self, fire: datetime) -> str:
        return covered_week(_local(self.services, fire))

    async def run_due(self, now: datetime | None = None) -> bool:
        """Post the digest of the latest slot at or before `now` (the scheduler calls this at each slot)."""
        now = now or datetime.now(UTC)
        fire = latest_slot(self.trigger, now)
        if fire is None:
            return False
        return await post_digest(self.services, self.client, slot_key(fire), self._week_for(fire))

    async def startup(self, now: datetime | None = None) -> None:
        """Catch up the latest missed slot (once), or record a baseline on the very first start."""
        now = now or datetime.now(UTC)
        fire = latest_slot(self.trigger, now)
        try:
            if fire is not None:
                async with self.services.db.session() as session:
                    first_start = not await repo.has_scheduled_slots(session)
                    if first_start:
                        await repo.record_baseline_slot(session, slot_key(fire))
                if not first_start:
                    await post_digest(self.services, self.client, slot_key(fire), self._week_for(fire))
            await self.sweep()
        except Exception as exc:
            log.warning("digest start-up check failed error_id=%s: %s", new_error_id(), type(exc).__name__)

    async def sweep(self) -> None:
        """Retry what failed: milestone posts and unfinished digest slots; forget expired hashes."""
        from bot.handlers.denial import post_due_milestones

        try:
            await post_due_milestones(self.services, self.client)
            async with self.services.db.session() as session:
                unfinished = await repo.unfinished_digest_slots(session)
            for slot in unfinished:
                await post_digest(self.services, self.client, slot, self._week_for(slot_time(slot)))
            async with self.services.db.session() as session:
                await repo.prune(session)
        except Exception as exc:
            log.warning("sweep failed error_id=%s: %s", new_error_id(), type(exc).__name__)


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


async def post_now(services: Services, client: AsyncWebClient, now: datetime | None = None) -> bool:
    """`billbot digest --now`: post the current week's digest immediately (recorded as a manual slot)."""
    now = now or datetime.now(UTC)
    slot = "now-" + now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return await post_digest(services, client, slot, covered_week(_local(services, slot_time(slot))))
