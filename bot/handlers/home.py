"""App Home: how to use billbot, the user's saved defaults (locality and setting), releases loaded.

The defaults are edited in a small modal (callback_id `billbot_prefs`): a ZIP, a carrier-locality,
or a state and part of the locality name (resolved against the loaded fee schedule and stored as
the ZIP or the carrier-locality key), and office/facility. `/cpt` uses them when it omits them.
"""

from __future__ import annotations

import asyncio
import logging
import re
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.command_text import CommandError, check_ascii, normalise
from bot.failures import record_failure
from bot.pricing.errors import PricingError
from bot.pricing.locality import resolve_locality
from bot.pricing.ncci.types import NcciRelease
from bot.render.mrkdwn import DISCLAIMER, HELP_TEXT, esc, md
from bot.services import Services
from bot.stores.catalogue import DataMissing
from storage.repositories.slack import UserPrefs

log = logging.getLogger("billbot.home")

EDIT_ACTION = "home_edit_prefs"
CLEAR_ACTION = "home_clear_prefs"
PREFS_CALLBACK = "billbot_prefs"
LOCALITY_BLOCK = "locality"
SETTING_BLOCK = "setting"
MAX_LOCALITY = 100


def describe_prefs(prefs: UserPrefs | None) -> str:
    if prefs is None or (prefs.locality is None and not prefs.facility):
        return "No defaults saved: `/cpt` uses the national average and the office (non-facility) setting."
    loc = prefs.locality
    where = "national average" if loc is None else (f"ZIP {loc}" if loc.isdigit() else f"locality {loc}")
    setting = "facility" if prefs.facility else "office (non-facility)"
    return f"*Default locality:* {esc(where)}\n*Default setting:* {setting}"


def home_view(services: Services, prefs: UserPrefs | None, ncci: list[NcciRelease] | None = None,
              notice: str | None = None, prefs_read: bool = True) -> View:
    """The Home tab; `notice` (mrkdwn written by billbot) is shown above the defaults, e.g. a failure."""
    releases = services.catalogue.releases
    if releases:
        rel = "\n".join(
            f"• *{esc(r.label)}* — in force {r.effective_from.isoformat()} to "
            f"{r.effective_to.isoformat() if r.effective_to else 'further notice'}, CF {r.conversion_factor}"
            for r in releases
        )
    else:
        rel = "No fee-schedule release is loaded yet: an admin runs `billbot data import PATH`."
    if ncci:
        rel += "\n" + "\n".join(
            f"• {esc(r.name)} — from {r.effective.isoformat()}"
            + (f" ({esc(r.caveat)})" if r.caveat else "")
            for r in ncci
        )
    elif ncci is not None:
        rel += "\n• No NCCI edit tables imported: bundling checks say so instead of guessing."
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text="billbot: Medicare fee schedule and bundling")),
        SectionBlock(text=md(HELP_TEXT)),
        DividerBlock(),
        *([SectionBlock(text=md(notice))] if notice else []),
        SectionBlock(text=md("*Your defaults*\n" + (
            describe_prefs(prefs) if prefs_read else "Could not be read just now (database unavailable)."))),
        ActionsBlock(elements=[
            ButtonElement(text="Change defaults", action_id=EDIT_ACTION, style="primary"),
            ButtonElement(text="Clear defaults", action_id=CLEAR_ACTION),
        ]),
        DividerBlock(),
        SectionBlock(text=md("*Data loaded*\n" + rel)),
        ContextBlock(elements=[md(esc(DISCLAIMER))]),
    ]
    return View(type="home", blocks=blocks)


def prefs_modal(prefs: UserPrefs | None) -> View:
    current = prefs.locality if prefs and prefs.locality else None
    office = Option(value="office", text="Office (non-facility)")
    facility = Option(value="facility", text="Facility (hospital, ASC, SNF)")
    return View(
        type="modal",
        callback_id=PREFS_CALLBACK,
        title="Your /cpt defaults",
        submit="Save",
        close="Cancel",
        blocks=[
            InputBlock(
                block_id=LOCALITY_BLOCK,
                label="Default locality",
                optional=True,
                hint="A ZIP (94110), a carrier-locality (01112-05), a state and name (CA san francisco), "
                     "or empty for the national average.",
                element=PlainTextInputElement(action_id="value", initial_value=current, max_length=MAX_LOCALITY,
                                              placeholder="94110"),
            ),
            InputBlock(
                block_id=SETTING_BLOCK,
                label="Default setting",
                element=RadioButtonsElement(action_id="value", options=[office, facility],
                                            initial_option=facility if prefs and prefs.facility else office),
            ),
        ],
    )


def resolve_default_locality(services: Services, typed: str) -> str | None:
    """The value to store for what the user typed: a ZIP, a CCCCC-LL key, or None (national).

    Raises ValueError with a user-facing message."""
    text = normalise(typed).strip()
    if not text or text.lower() in {"national", "none", "nat"}:
        return None
    try:
        check_ascii(text)
    except CommandError as exc:
        raise ValueError(str(exc)) from None
    try:
        schedule = services.catalogue.select_schedule(None)
    except DataMissing as exc:
        raise ValueError(str(exc)) from None
    if re.fullmatch(r"\d{5}(-\d{4})?", text):
        zip5 = text[:5]
        try:
            resolve_locality(schedule, zip_code=zip5)
        except PricingError as exc:
            raise ValueError(str(exc)) from None
        return zip5
    try:
        loc = resolve_locality(schedule, locality=text)
    except PricingError as exc:
        raise ValueError(str(exc)) from None
    return None if loc.national else loc.key


async def publish_home(services: Services, client: Any, team_id: str, user_id: str,
                       notice: str | None = None) -> None:
    prefs_read = True
    try:
        prefs = await services.preferences.user_prefs(team_id, user_id, timeout=2.0)
    except Exception as exc:
        log.warning("defaults unavailable for App Home: %s", type(exc).__name__)
        prefs, prefs_read = None, False
    try:
        ncci: list[NcciRelease] | None = await services.ncci.releases()
    except Exception as exc:
        log.warning("NCCI releases unavailable for App Home: %s", type(exc).__name__)
        ncci = None
    await client.views_publish(user_id=user_id, view=home_view(services, prefs, ncci, notice, prefs_read))


async def on_home_opened(services: Services, event: dict[str, Any], body: dict[str, Any], client: Any) -> None:
    if event.get("tab") not in (None, "home"):
        return
    try:
        await publish_home(services, client, body.get("team_id") or "", event.get("user") or "")
    except Exception as exc:
        record_failure(log, "app_home_opened", exc)


def _team_and_user(body: dict[str, Any]) -> tuple[str, str]:
    return (body.get("team") or {}).get("id") or "", (body.get("user") or {}).get("id") or ""


async def on_edit(services: Services, ack: Any, body: dict[str, Any], client: Any) -> None:
    await ack()
    team_id, user_id = _team_and_user(body)
    try:  # the trigger id expires 3 s after the click: do not wait long for the database
        prefs = await services.preferences.user_prefs(team_id, user_id, timeout=1.0)
    except Exception:
        prefs = None
    await client.views_open(trigger_id=body["trigger_id"], view=prefs_modal(prefs))


async def on_clear(services: Services, ack: Any, body: dict[str, Any], client: Any) -> None:
    await ack()
    team_id, user_id = _team_and_user(body)
    notice = None
    try:
        await asyncio.wait_for(services.preferences.save_user_prefs(
            team_id, user_id, UserPrefs(locality=None, facility=False)), timeout=2.0)
    except Exception as exc:  # never silence: the Home tab says so, with the id the log has
        error_id = record_failure(log, "clear defaults", exc)
        notice = (f":warning: Your defaults could not be cleared just now; nothing was changed. Please try "
                  f"again in a moment (error id `{error_id}`).")
    await publish_home(services, client, team_id, user_id, notice)


async def on_prefs_submit(services: Services, ack: Any, body: dict[str, Any], view: dict[str, Any],
                          client: Any) -> None:
    values = (view.get("state") or {}).get("values") or {}
    typed = ((values.get(LOCALITY_BLOCK) or {}).get("value") or {}).get("value") or ""
    setting = (((values.get(SETTING_BLOCK) or {}).get("value") or {}).get("selected_option") or {}).get("value")
    team_id, user_id = _team_and_user(body)
    if len(typed) > MAX_LOCALITY:
        await ack(response_action="errors", errors={LOCALITY_BLOCK: f"At most {MAX_LOCALITY} characters."})
        return
    try:
        locality = resolve_default_locality(services, typed)
    except ValueError as exc:
        await ack(response_action="errors", errors={LOCALITY_BLOCK: str(exc)[:150]})
        return
    try:  # the submission must be acknowledged within 3 s
        await asyncio.wait_for(services.preferences.save_user_prefs(
            team_id, user_id, UserPrefs(locality=locality, facility=setting == "facility")), timeout=2.0)
    except Exception as exc:
        error_id = record_failure(log, "save defaults", exc)
        await ack(response_action="errors", errors={
            LOCALITY_BLOCK: f"Could not save just now (error id {error_id}); please try again."})
        return
    await ack()
    try:
        await publish_home(services, client, team_id, user_id)
    except Exception as exc:
        record_failure(log, "publish home after save", exc)


def register(app: AsyncApp, services: Services) -> None:
    app.event("app_home_opened")(partial(on_home_opened, services))
    app.action(EDIT_ACTION)(partial(on_edit, services))
    app.action(CLEAR_ACTION)(partial(on_clear, services))
    app.view(PREFS_CALLBACK)(partial(on_prefs_submit, services))
