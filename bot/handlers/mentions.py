"""Codes named in conversation: @-mentions, and messages in channels with watching turned on.

Only the HCPCS codes are extracted from the message; the text itself is dropped at once and is
never stored or logged. A message naming two or more codes known to the fee schedule gets a
threaded reply with the NCCI/fee-schedule flags — in a watched channel only when there is
something to flag (a PTP edit, units over an MUE, an add-on problem, a status B/T code), so those
channels stay quiet otherwise. A mention always gets an answer (it was a question to the bot).
Each event is handled once across Slack retries and app instances (its event id is claimed in
the database before replying).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.models.blocks import ContextBlock, SectionBlock

from bot.answer import DB_TIMEOUT
from bot.command_text import codes_in_text
from bot.failures import record_failure
from bot.pricing.lines import ClaimLine
from bot.pricing.ncci.check import check_bundling
from bot.pricing.ncci.findings import BundlingResult
from bot.pricing.ncci.types import EditSet
from bot.render.bundling import bundling_blocks
from bot.render.mrkdwn import DISCLAIMER, MAX_BLOCKS, BlockLike, as_dicts, esc, md
from bot.services import Services

log = logging.getLogger("billbot.mentions")

IGNORED_SUBTYPES = {
    "bot_message", "message_changed", "message_deleted", "channel_join", "channel_leave", "thread_broadcast",
    "message_replied", "channel_topic", "channel_purpose", "channel_name", "pinned_item", "unpinned_item",
}


def known_codes(services: Services, lines: list[ClaimLine]) -> list[ClaimLine]:
    """Keep the codes the newest fee schedule knows (any modifier row)."""
    try:
        schedule = services.catalogue.select_schedule(None)
    except Exception:  # nothing loaded (DataMissing) or no release in force: nothing to check
        return []
    known = {code for code, _mod in schedule.rvus}
    return [line for line in lines if line.hcpcs in known]


def has_flags(result: BundlingResult) -> bool:
    if result.pairs:
        return True
    if any(m.exceeded for m in result.mue):
        return True
    if any(a.eligible is False for a in result.addon):
        return True
    return any(("status B" in n or "status T" in n) for n in result.notes)


async def check_codes(services: Services, lines: list[ClaimLine]) -> BundlingResult:
    dos = services.clock.today()
    schedule = services.catalogue.select_schedule(None)
    codes = frozenset(line.hcpcs for line in lines)
    try:
        edits = await services.ncci.edits(sorted(codes), dos, timeout=DB_TIMEOUT)
    except Exception as exc:  # database trouble: still answer from the fee schedule, and say so
        log.warning("NCCI edits unavailable for a mention: %s", type(exc).__name__)
        edits = EditSet(dos=dos, codes=codes, notes=(
            "NCCI edits could not be read just now (database unavailable); only the fee-schedule checks ran",))
    claim = list(lines)
    return check_bundling(claim, dos, edits, schedule)


def reply_blocks(result: BundlingResult, lines: list[ClaimLine], *, flagged: bool) -> list[BlockLike]:
    codes = ", ".join(line.label for line in lines)
    head = (f"*Bundling check for {esc(codes)}*" if flagged
            else f"*Nothing to flag for {esc(codes)}*")
    blocks: list[BlockLike] = [SectionBlock(text=md(head))]
    blocks.extend(bundling_blocks(result))
    blocks.append(ContextBlock(elements=[md(
        "I read only the codes in messages; the text is never stored. `/cpt CODE CODE` for amounts. "
        + esc(DISCLAIMER))]))
    return blocks[: MAX_BLOCKS]


async def handle_message(services: Services, event: dict[str, Any], body: dict[str, Any], client: Any,
                         *, mention: bool) -> None:
    text = event.get("text") or ""
    lines = codes_in_text(text)
    del text  # the message text goes no further
    channel = event.get("channel")
    thread_ts = event.get("thread_ts") or event.get("ts")
    lines = known_codes(services, lines)
    if len(lines) < 2:
        if mention and channel:
            if not await services.requests.claim_once(f"event:{body.get('event_id')}", fail_open=True):
                return
            await client.chat_postMessage(
                channel=channel, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False,
                text="Name two or more codes and I'll check them for bundling, e.g. “can we bill 20610 with 77002?”. "
                     "For amounts use /cpt 77002 26.",
            )
        return
    result = await check_codes(services, lines)
    flagged = has_flags(result)
    if not flagged and not mention:
        return
    if not channel or not await services.requests.claim_once(f"event:{body.get('event_id')}", fail_open=True):
        return
    blocks = reply_blocks(result, lines, flagged=flagged)
    await client.chat_postMessage(
        channel=channel, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False,
        text=f"Bundling check for {', '.join(line.label for line in lines)}",
        blocks=as_dicts(blocks),
    )


async def on_mention(services: Services, event: dict[str, Any], body: dict[str, Any], client: Any) -> None:
    try:
        await handle_message(services, event, body, client, mention=True)
    except Exception as exc:
        record_failure(log, "app_mention", exc)


async def on_message(services: Services, event: dict[str, Any], body: dict[str, Any], client: Any,
                     context: Any) -> None:
    if event.get("subtype") in IGNORED_SUBTYPES or event.get("bot_id"):
        return
    if event.get("channel_type") == "im":
        return
    bot_user = getattr(context, "bot_user_id", None) or (context.get("bot_user_id") if context else None)
    if bot_user and f"<@{bot_user}>" in (event.get("text") or ""):
        return  # app_mention handles it
    team_id = body.get("team_id") or event.get("team") or ""
    channel = event.get("channel") or ""
    try:
        if not channel or not await services.preferences.is_watching(team_id, channel):
            return
        await handle_message(services, event, body, client, mention=False)
    except Exception as exc:
        record_failure(log, "watched message", exc)


def register(app: AsyncApp, services: Services) -> None:
    app.event("app_mention")(partial(on_mention, services))
    app.event("message")(partial(on_message, services))
