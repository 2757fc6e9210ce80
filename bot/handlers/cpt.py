"""`/cpt` in Slack: parse, answer, reply — ephemeral, with "Share in channel" and "Report a denial".

Acknowledgement always comes within Slack's 3 seconds: the answer is computed under a budget
(BILLBOT_ACK_BUDGET_MS, default 1.5 s); when it is ready in time it is the acknowledgement itself (no extra
round trip), otherwise the ack says "Working on it…" and the answer follows through `respond()`.
Any failure becomes a friendly ephemeral message with an error id, logged with that id — never
with the user's text.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.models.blocks import SectionBlock

from bot.answer import Answer, AnswerError, answer, answer_resolved, apply_defaults
from bot.command import CommandError, HelpCommand, QuoteCommand, WatchCommand, parse
from bot.failures import failure_reply
from bot.render.blocks import answer_blocks, detail_blocks, fallback_text
from bot.render.mrkdwn import DETAILS_ACTION, SHARE_ACTION, as_dicts, error_blocks, esc, help_blocks, md
from bot.services import Services

log = logging.getLogger("billbot.cpt")

Reply = dict[str, Any]


def ephemeral(text: str, blocks: list[Any] | None = None) -> Reply:
    reply: Reply = {"response_type": "ephemeral", "text": text}
    if blocks is not None:
        reply["blocks"] = as_dicts(blocks)
    return reply


def problem_reply(message: str, hint: str | None = None) -> Reply:
    return ephemeral(esc(message)[:3000], error_blocks(message, hint))


def answer_reply(ans: Answer) -> Reply:
    return ephemeral(fallback_text(ans), answer_blocks(ans))


async def within_budget(
    services: Services, ack: Any, respond: Any, work: Callable[[], Awaitable[Reply]], where: str
) -> None:
    """Ack with the reply when `work` finishes within the ack budget, else ack now and respond() later."""

    async def guarded() -> Reply:
        try:
            return await work()
        except Exception as exc:
            return failure_reply(log, where, exc)

    task = asyncio.ensure_future(guarded())
    done, _ = await asyncio.wait({task}, timeout=services.settings.ack_budget_ms / 1000)
    if task in done:
        await ack(**task.result())
        return
    await ack(response_type="ephemeral", text="Working on it…")
    reply = await task
    try:
        await respond(**reply)
    except Exception as exc:
        failure_reply(log, f"{where} (respond)", exc)


async def run_quote(services: Services, cmd: QuoteCommand, team_id: str, user_id: str) -> Reply:
    """Apply the user's saved defaults and answer. Every answer is computed (the pure parts — quote,
    tips, rendered blocks — are memoised until the data is reloaded)."""
    state = await apply_defaults(services, cmd, team_id, user_id)
    try:
        ans = await answer_resolved(services, state)
    except AnswerError as exc:
        return problem_reply(str(exc))
    return answer_reply(ans)


async def quote_command(services: Services, cmd: QuoteCommand, team_id: str, user_id: str, ack: Any,
                        respond: Any) -> None:
    """Everything, the saved-defaults read included, runs under the ack budget."""
    await within_budget(services, ack, respond, lambda: run_quote(services, cmd, team_id, user_id), "/cpt")


async def run_watch(services: Services, cmd: WatchCommand, team_id: str, channel_id: str) -> Reply:
    if cmd.on is None:
        on = await services.preferences.is_watching(team_id, channel_id)
        state = "on" if on else "off"
        return ephemeral(f"Watching is {state} in this channel.", [SectionBlock(text=md(
            f"Watching is *{state}* in this channel. `/cpt watch on` makes me reply in a thread when a message "
            "names two or more codes with a bundling, MUE or add-on problem; `/cpt watch off` stops it. "
            "I read only the codes; message text is never stored."))])
    await services.preferences.set_watching(team_id, channel_id, cmd.on)
    if cmd.on:
        text = ("Watching is *on* in this channel: when a message names two or more codes with something to flag "
                "(an NCCI edit, an MUE or an add-on problem) I'll reply in its thread. I read only the codes; "
                "message text is never stored. Make sure I'm a member of the channel (`/invite @billbot`).")
    else:
        text = "Watching is *off* in this channel."
    return ephemeral(text.replace("*", ""), [SectionBlock(text=md(text))])


async def cpt_command(services: Services, ack: Any, command: dict[str, Any], respond: Any) -> None:
    text = command.get("text") or ""
    team_id = command.get("team_id") or ""
    user_id = command.get("user_id") or ""
    channel_id = command.get("channel_id") or ""
    try:
        parsed = parse(text)
    except CommandError as exc:
        await ack(**problem_reply(str(exc), "Type `/cpt help` for every form /cpt understands."))
        return
    except Exception as exc:
        await ack(**failure_reply(log, "/cpt parse", exc))
        return
    if isinstance(parsed, HelpCommand):
        await ack(**ephemeral("How to use /cpt", help_blocks()))
        return
    if isinstance(parsed, WatchCommand):
        watch = parsed
        await within_budget(
            services, ack, respond, lambda: run_watch(services, watch, team_id, channel_id), "/cpt watch"
        )
        return
    await quote_command(services, parsed, team_id, user_id, ack, respond)


async def share_in_channel(services: Services, ack: Any, body: dict[str, Any], action: dict[str, Any],
                           respond: Any, client: Any) -> None:
    await ack()
    user_id = (body.get("user") or {}).get("id") or ""
    team_id = (body.get("team") or {}).get("id") or ""
    channel_id = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    trigger = body.get("trigger_id") or action.get("action_ts") or ""
    try:
        cmd = parse(action.get("value") or "")
        if not isinstance(cmd, QuoteCommand) or not channel_id:
            await respond(**problem_reply("That button has expired; run the command again."),
                          replace_original=False)
            return
        if not await services.requests.claim_once(f"share:{team_id}:{trigger}", fail_open=True):
            return  # a retry of a click already handled (here or in another instance)
        ans = await answer(services, cmd, team_id=team_id, user_id=None)
        await client.chat_postMessage(
            channel=channel_id, text=fallback_text(ans),
            blocks=as_dicts(answer_blocks(ans, shared_by=user_id)),
            unfurl_links=False, unfurl_media=False,
        )
        await respond(delete_original=True)
    except AnswerError as exc:
        await respond(**problem_reply(str(exc)), replace_original=False)
    except Exception as exc:
        error = getattr(getattr(exc, "response", None), "get", lambda *_: None)("error")
        if error in {"not_in_channel", "channel_not_found"}:
            await respond(**problem_reply(
                "I can't post in this channel yet. Invite me with /invite @billbot and press Share again."),
                replace_original=False)
            return
        await respond(**failure_reply(log, "share in channel", exc), replace_original=False)


async def show_details(services: Services, ack: Any, body: dict[str, Any], action: dict[str, Any],
                       respond: Any) -> None:
    """The Details button: the same answer (its canonical command is the button's value) with everything —
    RVU/GPCI table, indicators, provenance, every tip — replacing the first reply in place."""
    await ack()
    team_id = (body.get("team") or {}).get("id") or ""
    try:
        cmd = parse(action.get("value") or "")
        if not isinstance(cmd, QuoteCommand):
            await respond(**problem_reply("That button has expired; run the command again."),
                          replace_original=False)
            return
        ans = await answer(services, cmd, team_id=team_id, user_id=None)
        await respond(**ephemeral(fallback_text(ans), detail_blocks(ans)), replace_original=True)
    except AnswerError as exc:
        await respond(**problem_reply(str(exc)), replace_original=False)
    except Exception as exc:
        await respond(**failure_reply(log, "details", exc), replace_original=False)


def register(app: AsyncApp, services: Services) -> None:
    app.command("/cpt")(partial(cpt_command, services))
    app.action(SHARE_ACTION)(partial(share_in_channel, services))
    app.action(DETAILS_ACTION)(partial(show_details, services))
