"""Milestone posts: when a code's reports reach 5, 10, 20, ... the pattern is posted to
BILLBOT_DENIAL_CHANNEL. A lease on the milestone row makes one process post it; a post that fails
after the client's own retries (429 Retry-After, 5xx) returns the row to `pending`, and the
scheduler's sweep posts it later. Each post carries metadata naming its milestone, and a retry first
looks for it in the channel (bot/jobs/once.py), so an answer that came too late never repeats a post."""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.models.blocks import SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject
from slack_sdk.web.async_client import AsyncWebClient

from bot.failures import new_error_id
from bot.jobs.once import MILESTONE_EVENT, find_posted, slot_metadata
from bot.metrics import POSTS_SENT
from bot.reports.text import milestone_text
from bot.stores.reports import ReportsStore
from storage.repositories import posts

log = logging.getLogger("billbot.milestones")


async def post_due_milestones(reports: ReportsStore, channel: str | None, client: AsyncWebClient) -> int:
    """Post every milestone that is pending (or whose poster died). Returns how many were posted."""
    if not channel:
        return 0
    posted = 0
    for claim in await reports.due_milestones():
        if not await reports.lease_milestone(claim.id):
            continue  # another process has it
        try:
            pattern = await reports.fresh_pattern(claim.hcpcs)
            if pattern is None:  # threshold raised since the milestone was reached: nothing to show
                await reports.finish_milestone(claim.id, posted=True)
                continue
            text = milestone_text(pattern, claim.threshold)
            slot = f"{claim.hcpcs}:{claim.threshold}"
            async with asyncio.timeout(posts.POST_DEADLINE_SECONDS):  # within the lease, retries included
                if claim.attempts and await find_posted(client, channel, MILESTONE_EVENT, slot):
                    await reports.finish_milestone(claim.id, posted=True)  # Slack had it: answered too late
                    continue
                response = await client.chat_postMessage(
                    channel=channel, text=text, blocks=[SectionBlock(text=MarkdownTextObject(text=text[:3000]))],
                    metadata=slot_metadata(MILESTONE_EVENT, slot),
                )
            await reports.finish_milestone(claim.id, posted=True, message_ts=str(response.get("ts") or ""))
            posted += 1
            POSTS_SENT.labels("milestone").inc()
            log.info("milestone posted threshold=%d", claim.threshold)
        except asyncio.CancelledError:  # SIGTERM while posting: hand the row back for the next start
            await asyncio.shield(reports.finish_milestone(claim.id, posted=False))
            raise
        except Exception as exc:
            log.warning(
                "milestone post failed threshold=%d error_id=%s: %s (will retry)",
                claim.threshold, new_error_id(), type(exc).__name__,
            )  # fmt: skip
            await reports.finish_milestone(claim.id, posted=False)
    return posted
