"""Exactly-once posts when Slack is slow: every milestone and digest post carries Slack message metadata
naming its slot, and before a retry the channel's recent history is searched for that metadata.

A post Slack accepted but answered after the client's timeout is then found and not repeated. If the
history cannot be read (a missing scope, Slack down), the retry posts anyway: a post is never lost.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.failures import new_error_id

log = logging.getLogger("billbot.once")

MILESTONE_EVENT = "billbot_denial_milestone"
DIGEST_EVENT = "billbot_denial_digest"
HISTORY_LIMIT = 200  # messages searched: a retry comes minutes, not days, after the first attempt


def slot_metadata(event_type: str, slot: str) -> dict[str, Any]:
    """The `metadata` argument of chat.postMessage naming the slot ("77002:5", "2026-11-30T14:00Z")."""
    return {"event_type": event_type, "event_payload": {"slot": slot}}


async def find_posted(client: AsyncWebClient, channel: str, event_type: str, slot: str) -> str | None:
    """The ts of a message in `channel`'s recent history carrying this slot's metadata, else None
    (also None when the history cannot be read: the caller then posts, never losing the post)."""
    try:
        response = await client.conversations_history(
            channel=channel, limit=HISTORY_LIMIT, include_all_metadata=True
        )
    except Exception as exc:
        log.warning("history lookup failed error_id=%s: %s (posting anyway)", new_error_id(), type(exc).__name__)
        return None
    for message in response.get("messages") or []:
        metadata = message.get("metadata") or {}
        payload = metadata.get("event_payload") or {}
        if metadata.get("event_type") == event_type and payload.get("slot") == slot:
            return str(message.get("ts") or "") or "found"
    return None
