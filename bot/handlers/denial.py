"""`/denial`, the "Report a denial" button and the anonymous report modal; threshold posts.

- `/denial`, `/denial 77002` and the `report_denial` button (value = the code) open the modal
  (`views.open`, callback_id `denial_report`, block ids `code`, `modifiers`, `paired_code`, `payer`,
  `state`, `carc`, `rarc`, `outcome`, `what_worked`).
- A submission is validated (code shape and presence in the loaded fee schedule, modifiers, RARCs,
  PHI screen of every free-text field) → `response_action: errors` on the block; else it is stored
  (see storage/repositories/reports.py) and the modal is replaced by a short thank-you.
- After a report is stored, milestones it reached (5, 10, 20, ...) are posted to
  BILLBOT_DENIAL_CHANNEL (`bot.jobs.milestones.post_due_milestones`; the scheduler's sweep retries
  a post that failed).
- Unset configuration (logged at start-up, see `startup_warnings`): without BILLBOT_REPORT_SECRET
  `/denial` and the button answer that reports are switched off and nothing is stored; without
  BILLBOT_DENIAL_CHANNEL reports are stored and shown in `/cpt`, and milestones wait (pending) until
  a channel is set.

Nothing about a report is logged: no line per report, never its code, payer or text (error ids only).
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import Any

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

from bot.failures import record_failure
from bot.handlers.saving import SLOW_SAVE, SlowSave, within_ack
from bot.jobs.milestones import post_due_milestones
from bot.pricing.lines import HCPCS_SHAPE
from bot.reports.form import CARCS, OUTCOMES, PAYERS, STATES, WHAT_WORKED_MAX, normalise_code, validate
from bot.reports.intake import field_values
from bot.reports.lexicon import Lexicon
from bot.services import Services
from storage.repositories.reports import StoreStatus
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


# -- the PHI screen's word lists -------------------------------------------------------------


MEDICAL_DICTIONARY_MISSING = (
    "PHI screen: the medical dictionary is not installed (Debian: apt-get install hunspell-en-med); reports that "
    "name clinical eponyms and terms ('tuohy needle', 'mittelschmerz') will be asked about more often"
)


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
            if not self._value.medical:
                log.warning(MEDICAL_DICTIONARY_MISSING)
        return self._value


# -- registration ------------------------------------------------------------------------------


async def open_modal(client: AsyncWebClient, trigger_id: str, code: str | None) -> None:
    await client.views_open(trigger_id=trigger_id, view=report_modal(code))


async def denial_command(services: Services, ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
    if not services.settings.report_secret:  # say so now, not after the user filled in the form
        await ack(text=REPORTS_OFF)
        return
    await ack()
    await open_modal(client, body["trigger_id"], initial_code(body.get("text")))


async def report_button(services: Services, ack: Any, body: dict[str, Any], client: AsyncWebClient,
                        respond: Any) -> None:
    await ack()
    if not services.settings.report_secret:
        await respond(text=REPORTS_OFF, response_type="ephemeral", replace_original=False)
        return
    action = (body.get("actions") or [{}])[0]
    await open_modal(client, body["trigger_id"], initial_code(action.get("value")))


async def submission(services: Services, lexicon: _PhiLexicon, ack: Any, body: dict[str, Any],
                     client: AsyncWebClient) -> None:
    settings = services.settings
    # Types and lengths first, before the PHI screen or anything else expensive sees the text.
    values, errors = field_values(body.get("view"))
    if errors:
        await ack(response_action="errors", errors=errors)
        return
    codes = services.catalogue.known_codes()
    result = validate(values, lambda c: c in codes, await lexicon.get())
    if isinstance(result, dict):
        await ack(response_action="errors", errors=result)
        return
    if not settings.report_secret:  # a modal opened before a restart without the secret
        await ack(response_action="errors", errors={"code": REPORTS_OFF})
        return
    user = (body.get("user") or {}).get("id") or ""
    try:  # the day and week the report counts in are the team's, as the digest sees them
        stored = await within_ack(services.reports.store(result, org_id=reporter_org(body), user_id=user,
                                                         now=services.clock.now()))  # fmt: skip
    except SlowSave:  # still saving: Slack would show an error after 3 s
        await ack(response_action="errors", errors={"code": SLOW_SAVE})
        return
    except Exception as exc:  # keep the modal open with everything the user typed
        error_id = record_failure(log, "denial report submission", exc)
        message = (f"Sorry, the report could not be saved just now (error id {error_id}). "
                   "Nothing was lost: please press Send again in a moment.")  # fmt: skip
        await ack(response_action="errors", errors={"code": message})
        return
    if stored.status is StoreStatus.LIMITED:
        await ack(
            response_action="errors",
            errors={"code": f"You have sent {settings.report_daily_limit} reports today, the daily limit. "
                    "Thank you! Please send more tomorrow."},
        )  # fmt: skip
        return
    await ack(response_action="update", view=thank_you_view().to_dict())  # no log line per report
    if stored.status is StoreStatus.STORED:
        await post_due_milestones(services.reports, settings.denial_channel, client)


def reporter_org(body: dict[str, Any]) -> str:
    """The organisation a reporter is counted in: the Enterprise Grid org id where there is one (so one
    person in several workspaces of the org is one reporter), else the team id."""
    enterprise = body.get("enterprise")
    user = body.get("user") or {}
    org = (enterprise.get("id") if isinstance(enterprise, dict) else enterprise) or user.get("enterprise_id")
    if org:
        return "E:" + str(org)
    return "T:" + str((body.get("team") or {}).get("id") or user.get("team_id") or "")


def register(app: AsyncApp, services: Services) -> None:
    settings = services.settings
    for warning in startup_warnings(settings.report_secret, settings.denial_channel):
        log.warning("%s", warning)
    app.command("/denial")(partial(denial_command, services))
    app.action(ACTION_ID)(partial(report_button, services))
    app.view(CALLBACK_ID)(partial(submission, services, _PhiLexicon()))
