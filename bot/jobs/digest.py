"""The weekly denial digest: its schedule (BILLBOT_DIGEST_CRON in BILLBOT_TIMEZONE), its slots and
posting it.

Exactly one digest per slot, across restarts and instances: the slot key (the fire time in UTC) is
a primary key in `digest_slots`; the process that wins the lease posts. The message is posted
first and its ts recorded; the chart (`files_upload_v2`) follows in the message's thread, so a
retry after a failed upload does not repeat the message.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger
from slack_sdk.models.blocks import SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject
from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import Clock, TimezoneError, zone
from bot.failures import new_error_id
from bot.jobs.once import DIGEST_EVENT, find_posted, slot_metadata
from bot.metrics import POSTS_SENT
from bot.reports.digest import Digest, build_digest, chart_png, covered_week, digest_text
from bot.stores.reports import ReportsStore
from storage.repositories import posts

log = logging.getLogger("billbot.digest")


class DigestConfigError(ValueError):
    """BILLBOT_DIGEST_CRON or BILLBOT_TIMEZONE cannot be used; the message names the variable."""


def make_trigger(cron: str, timezone: str) -> CronTrigger:
    try:
        tz = zone(timezone)
    except TimezoneError as exc:
        raise DigestConfigError(str(exc)) from exc
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


def week_of_slot(clock: Clock, slot: str) -> str:
    """The ISO week a slot's digest covers (the week of the day before, in BILLBOT_TIMEZONE)."""
    return covered_week(clock.local(slot_time(slot)))


async def gather_digest(reports: ReportsStore, week: str) -> Digest:
    """The digest of `week`, from the snapshots published up to that week only (never live counts)."""
    return build_digest(week, await reports.published_snapshots(week), reports.threshold)


async def _post_digest_message(reports: ReportsStore, client: AsyncWebClient, channel: str, slot: str, week: str,
                               message_ts: str | None) -> str | None:  # fmt: skip
    """The message (unless a previous attempt posted it) and then the chart in its thread."""
    digest = await gather_digest(reports, week)
    text = digest_text(digest)
    if not message_ts:  # an earlier attempt may have posted it and heard back too late: look first
        message_ts = await find_posted(client, channel, DIGEST_EVENT, slot)
        if message_ts:
            await reports.record_digest_message(slot, message_ts)
    if not message_ts:
        response = await client.chat_postMessage(
            channel=channel, text=text, blocks=[SectionBlock(text=MarkdownTextObject(text=text[:3000]))],
            metadata=slot_metadata(DIGEST_EVENT, slot),
        )
        message_ts = str(response.get("ts") or "")
        await reports.record_digest_message(slot, message_ts)
    await client.files_upload_v2(
        channel=channel,
        file=chart_png(digest),
        filename=f"denial-digest-{digest.week}.png",
        title=f"Denial reports, {digest.week}",
        thread_ts=message_ts or None,
    )
    return message_ts


async def post_digest(reports: ReportsStore, client: AsyncWebClient, channel: str | None, slot: str,
                      week: str) -> bool:  # fmt: skip
    """Post the digest for `slot` if this process wins the slot's lease. True when it was posted now."""
    if not channel:
        log.warning("BILLBOT_DENIAL_CHANNEL is not set: digest %s not posted", slot)
        return False
    won, message_ts = await reports.lease_digest_slot(slot)
    if not won:
        return False
    try:
        async with asyncio.timeout(posts.POST_DEADLINE_SECONDS):  # within the slot's lease, retries included
            message_ts = await _post_digest_message(reports, client, channel, slot, week, message_ts)
    except asyncio.CancelledError:  # SIGTERM while posting: hand the slot back, due at once for the next start
        await asyncio.shield(reports.finish_digest_slot(slot, posted=False, retry_now=True))
        raise
    except Exception as exc:
        log.warning("digest %s failed error_id=%s: %s (will retry)", slot, new_error_id(), type(exc).__name__)
        await reports.finish_digest_slot(slot, posted=False)
        return False
    await reports.finish_digest_slot(slot, posted=True, message_ts=message_ts)
    POSTS_SENT.labels("digest").inc()
    log.info("digest posted slot=%s week=%s", slot, week)
    return True


async def post_now(reports: ReportsStore, clock: Clock, client: AsyncWebClient, channel: str | None,
                   now: datetime | None = None) -> bool:  # fmt: skip
    """`billbot digest --now`: post the current week's digest immediately (recorded as a manual slot)."""
    now = now or datetime.now(UTC)
    slot = "now-" + now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return await post_digest(reports, client, channel, slot, week_of_slot(clock, slot))
