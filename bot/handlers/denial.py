"""`/denial`, the "Report a denial" button and the anonymous report modal; threshold posts.

- `/denial`, `/denial 77002` and the `report_denial` button (value = the code) open the modal
  (`views.open`, callback_id `denial_report`, block ids `code`, `modifiers`, `paired_code`, `payer`,
  `state`, `carc`, `rarc`, `outcome`, `what_worked`).
- A submission is validated (code shape and presence in the loaded fee schedule, modifiers, RARCs,
  PHI screen of every free-text field) → `response_action: errors` on the block; else it is stored
  (see storage/repositories/reports.py) and the modal is replaced by a short thank-you.
- After a report is stored, milestones it reached (5, 10, 20, ...) are posted to
  BILLBOT_DENIAL_CHANNEL by `post_due_milestones`: a lease on the milestone row makes one process
  post it; a post that fails after the client's own retries (429 Retry-After, 5xx) returns the row
  to `pending`, and the digest scheduler's sweep (every minute, and at start) posts it later.
- Unset configuration (logged at start-up, see `startup_warnings`): without BILLBOT_REPORT_SECRET
  `/denial` and the button answer that reports are switched off and nothing is stored; without
  BILLBOT_DENIAL_CHANNEL reports are stored and shown in `/cpt`, and milestones wait (pending) until
  a channel is set.

Nothing the user typed is logged: log lines carry the code, the outcome of storing and error ids only.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt.async_app import AsyncApp
from slack_sdk.models.blocks import (
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot.handlers.saving import SLOW_SAVE, SlowSave, store_within_ack
from bot.metrics import POSTS_SENT, REPORTS_STORED
from bot.reports.form import CARCS, HCPCS_SHAPE, OUTCOMES, PAYERS, STATES, WHAT_WORKED_MAX, normalise_code, validate
from bot.reports.intake import field_values
from bot.reports.lexicon import Lexicon
from bot.reports.text import milestone_text
from bot.services import Services, new_error_id
from storage.repositories import reports as repo
from storage.wordlists import load_lexicon

log = logging.getLogger("billbot.denial")

CALLBACK_ID = "denial_report"
ACTION_ID = "report_denial"
REPORTS_OFF = (
    "Anonymous denial reports are switched off: an admin needs to set BILLBOT_REPORT_SECRET "
    "(it keys the anonymous daily limit). Nothing was sent."
)


def startup_warnings(report_secret: str | None, denial_channel: str | None) -> list[str]:
    """What `billbot serve` says at start-up about a missing BILLBOT_REPORT_SECRET or BILLBOT_DENIAL_CHANNEL."""
    out = []
    if not report_secret:
        out.append("BILLBOT_REPORT_SECRET is not set: /denial and the Report a denial button answer that reports "
                   "are switched off, and no report is stored until it is set.")  # fmt: skip
    if not denial_channel:
        out.append("BILLBOT_DENIAL_CHANNEL is not set: reports are collected and /cpt shows their patterns, but "
                   "threshold posts and the weekly digest wait; milestones reached meanwhile are posted once it is "
                   "set.")  # fmt: skip
    return out


# -- the modal ---------------------------------------------------------------------------------


def _options(choices: dict[str, str], with_key: bool = False) -> list[Option]:
    out = []
    for key, label in choices.items():
        text = f"{key} – {label}" if with_key else label
        out.append(Option(value=key, text=text[:75]))
    return out


def report_modal(code: str | None = None) -> View:
    """The report form. No field asks for a date, a name or an identifier."""
    blocks = [
        SectionBlock(
            text=MarkdownTextObject(
                text="Share a denial so other billers can learn from it. *Reports are anonymous*: "
                "leave out patient names, dates, phone numbers and any ID or claim number."
            )
        ),
        InputBlock(
            block_id="code",
            label="Denied CPT/HCPCS code",
            element=PlainTextInputElement(
                action_id="value", placeholder="e.g. 77002", initial_value=code or None, max_length=5
            ),
        ),
        InputBlock(
            block_id="modifiers",
            label="Modifiers on the line",
            optional=True,
            element=PlainTextInputElement(action_id="value", placeholder="e.g. 26 59", max_length=20),
        ),
        InputBlock(
            block_id="paired_code",
            label="Other code on the claim",
            optional=True,
            hint="The code this one was billed with, if it matters (e.g. 20610).",
            element=PlainTextInputElement(action_id="value", placeholder="e.g. 20610", max_length=5),
        ),
        InputBlock(
            block_id="payer",
            label="Payer type",
            element=StaticSelectElement(action_id="value", placeholder="Choose", options=_options(PAYERS)),
        ),
        InputBlock(
            block_id="state",
            label="State",
            optional=True,
            element=StaticSelectElement(action_id="value", placeholder="Choose", options=_options(STATES)),
        ),
        InputBlock(
            block_id="carc",
            label="Adjustment reason (CARC)",
            element=StaticSelectElement(action_id="value", placeholder="Choose", options=_options(CARCS, True)),
        ),
        InputBlock(
            block_id="rarc",
            label="Remark codes (RARC)",
            optional=True,
            element=PlainTextInputElement(action_id="value", placeholder="e.g. N290 MA130", max_length=40),
        ),
        InputBlock(
            block_id="outcome",
            label="What happened",
            element=StaticSelectElement(action_id="value", placeholder="Choose", options=_options(OUTCOMES)),
        ),
        InputBlock(
            block_id="what_worked",
            label="What worked (or didn't)",
            optional=True,
            hint="A tip for other billers. No patient details.",
            element=PlainTextInputElement(
                action_id="value",
                multiline=True,
                max_length=WHAT_WORKED_MAX,
                placeholder="e.g. appealed with the separate imaging report",
            ),
        ),
    ]
    return View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="Report a denial",
        submit="Send anonymously",
        close="Cancel",
        blocks=blocks,
    )


def thank_you_view() -> View:
    return View(
        type="modal",
        title="Thank you",
        close="Done",
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text="Thanks — your report was saved anonymously. Patterns for a code appear once enough "
                    "billers have reported it."
                )
            )
        ],
    )


def initial_code(text: object) -> str | None:
    if not isinstance(text, str):  # a button value or command text that is not text: no code
        return None
    code = normalise_code(text.split(" ")[0] if text else "")
    return code if HCPCS_SHAPE.match(code) else None


# -- known codes -------------------------------------------------------------------------------


class _KnownCodes:
    """The HCPCS codes in the loaded fee schedules, rebuilt when Services reloads."""

    def __init__(self) -> None:
        self._source: int | None = None
        self._codes: frozenset[str] = frozenset()

    def get(self, services: Services) -> frozenset[str]:
        schedules = services.schedules
        if id(schedules) != self._source:
            self._codes = frozenset(h for s in schedules for (h, _m) in s.rvus)
            self._source = id(schedules)
        return self._codes


class _PhiLexicon:
    """The PHI screen's word lists, read once off the event loop (`storage.wordlists`, ~0.3 s).

    Reading starts at registration in a running server, so the first submission does not wait for it."""

    def __init__(self) -> None:
        self._value: Lexicon | None = None
        self._task: asyncio.Future[Lexicon] | None = None
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        self._start()

    def _start(self) -> asyncio.Future[Lexicon]:
        if self._task is None or self._task.get_loop() is not asyncio.get_running_loop():
            self._task = asyncio.ensure_future(asyncio.to_thread(load_lexicon))
        return self._task

    async def get(self) -> Lexicon:
        if self._value is None:
            self._value = await asyncio.shield(self._start())
        return self._value


# -- milestone posts ---------------------------------------------------------------------------


async def post_due_milestones(services: Services, client: AsyncWebClient) -> int:
    """Post every milestone that is pending (or whose poster died). Returns how many were posted."""
    channel = services.settings.denial_channel
    if not channel:
        return 0
    posted = 0
    async with services.db.session() as session:
        due = await repo.claimable_milestones(session)
    for claim in due:
        async with services.db.session() as session:
            if not await repo.lease_milestone(session, claim.id):
                continue  # another process has it
        try:
            async with services.db.session() as session:
                pattern = await repo.denial_pattern(session, claim.hcpcs, services.settings.report_threshold)
            if pattern is None:  # threshold raised since the milestone was reached: nothing to show
                async with services.db.session() as session:
                    await repo.finish_milestone(session, claim.id, posted=True)
                continue
            text = milestone_text(pattern, claim.threshold)
            async with asyncio.timeout(repo.POST_DEADLINE_SECONDS):  # within the lease, retries included
                response = await client.chat_postMessage(
                    channel=channel, text=text, blocks=[SectionBlock(text=MarkdownTextObject(text=text[:3000]))]
                )
            async with services.db.session() as session:
                await repo.finish_milestone(session, claim.id, posted=True, message_ts=str(response.get("ts") or ""))
            posted += 1
            POSTS_SENT.labels("milestone").inc()
            log.info("milestone posted code=%s threshold=%d", claim.hcpcs, claim.threshold)
        except asyncio.CancelledError:  # SIGTERM while posting: hand the row back for the next start
            async with services.db.session() as session:
                await asyncio.shield(repo.finish_milestone(session, claim.id, posted=False))
            raise
        except Exception as exc:
            error_id = new_error_id()
            log.warning(
                "milestone post failed code=%s threshold=%d error_id=%s: %s (will retry)",
                claim.hcpcs, claim.threshold, error_id, type(exc).__name__,
            )  # fmt: skip
            async with services.db.session() as session:
                await repo.finish_milestone(session, claim.id, posted=False)
    return posted


# -- registration ------------------------------------------------------------------------------


def register(app: AsyncApp, services: Services) -> None:
    known = _KnownCodes()
    lexicon = _PhiLexicon()
    settings = services.settings
    for warning in startup_warnings(settings.report_secret, settings.denial_channel):
        log.warning("%s", warning)

    async def open_modal(client: AsyncWebClient, trigger_id: str, code: str | None) -> None:
        await client.views_open(trigger_id=trigger_id, view=report_modal(code))

    @app.command("/denial")
    async def denial_command(ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        if not settings.report_secret:  # say so now, not after the user filled in the form
            await ack(text=REPORTS_OFF)
            return
        await ack()
        await open_modal(client, body["trigger_id"], initial_code(body.get("text")))

    @app.action(ACTION_ID)
    async def report_button(ack: Any, body: dict[str, Any], client: AsyncWebClient, respond: Any) -> None:
        await ack()
        if not settings.report_secret:
            await respond(text=REPORTS_OFF, response_type="ephemeral", replace_original=False)
            return
        action = (body.get("actions") or [{}])[0]
        await open_modal(client, body["trigger_id"], initial_code(action.get("value")))

    @app.view(CALLBACK_ID)
    async def submission(ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        # Types and lengths first, before the PHI screen or anything else expensive sees the text.
        values, errors = field_values(body.get("view"))
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        codes = known.get(services)
        result = validate(values, lambda c: c in codes, await lexicon.get())
        if isinstance(result, dict):
            await ack(response_action="errors", errors=result)
            return
        if not settings.report_secret:  # a modal opened before a restart without the secret
            await ack(response_action="errors", errors={"code": REPORTS_OFF})
            return
        team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or ""
        user = (body.get("user") or {}).get("id") or ""
        secret = settings.report_secret
        reporter = repo.reporter_key(secret, team, user)
        try:
            stored = await store_within_ack(services.db, lambda session: repo.store_report(
                    session,
                    result,
                    reporter=reporter,
                    dedupe_key=repo.content_key(secret, reporter, result),
                    daily_limit=settings.report_daily_limit,
                    threshold=settings.report_threshold,
                    now=datetime.now(ZoneInfo(settings.timezone)),  # the week and day as the digest sees them
                ))
        except SlowSave:
            await ack(response_action="errors", errors={"code": SLOW_SAVE})
            return
        except Exception as exc:  # keep the modal open with everything the user typed
            from bot.app import log_failure

            error_id = new_error_id()
            log_failure(log, error_id, "denial report submission", exc)
            message = (f"Sorry, the report could not be saved just now (error id {error_id}). "
                       "Nothing was lost: please press Send again in a moment.")  # fmt: skip
            await ack(response_action="errors", errors={"code": message})
            return
        if stored.status is repo.StoreStatus.LIMITED:
            await ack(
                response_action="errors",
                errors={"code": f"You have sent {settings.report_daily_limit} reports today, the daily limit. "
                        "Thank you! Please send more tomorrow."},
            )  # fmt: skip
            return
        await ack(response_action="update", view=thank_you_view().to_dict())
        if stored.status is repo.StoreStatus.STORED:
            REPORTS_STORED.inc()
        log.info("denial report %s code=%s", stored.status.value, stored.hcpcs)
        services.invalidate_denial_pattern(result.hcpcs)
        if stored.status is repo.StoreStatus.STORED:
            await post_due_milestones(services, client)
