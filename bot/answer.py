"""Answer a parsed `/cpt` command: the use case shared by Slack (`/cpt`, "Share in channel") and
`billbot ask`.

It gathers what the pure core needs (the fee schedule in memory, NCCI edits and denial patterns
from their stores, the user's saved defaults), calls the core (`price`, `check_bundling`,
`tips_for`), and returns an `Answer` that the renderers turn into Slack blocks, text or JSON.
It computes no money itself. Database trouble degrades the answer (with a note) instead of
failing it: the amounts come from memory.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from bot.command import QuoteCommand
from bot.pricing.claim import Claim, ClaimRequest
from bot.pricing.claim.release import price_encounter, today_note
from bot.pricing.errors import NoReleaseError, PricingError, UnknownCodeError, UnknownLocalityError
from bot.pricing.lines import ClaimLine
from bot.pricing.ncci.check import check_bundling
from bot.pricing.ncci.findings import BundlingResult, bundling_json
from bot.pricing.ncci.types import EditSet, MueEdit
from bot.pricing.quote import Quote, QuoteRequest
from bot.pricing.quote_json import quote_json
from bot.pricing.schedule import FeeSchedule
from bot.pricing.schedules.combined import ScheduleAsk
from bot.pricing.schedules.output import schedule_quote_json
from bot.pricing.schedules.types import ScheduleQuote
from bot.pricing.tips import Tip, UnitLimit, tips_for
from bot.reports.aggregate import DenialPattern
from bot.services import Services
from bot.stores.catalogue import DataMissing
from storage.repositories.slack import UserPrefs

log = logging.getLogger("billbot.answer")

DB_TIMEOUT = 2.0  # seconds for each optional database read (edits, patterns, defaults)

T = TypeVar("T")


class AnswerError(Exception):
    """The whole command cannot be answered (no data, no release for the date, unknown locality).

    The message is user-facing; it may quote what the user typed, so renderers escape it."""


@dataclass
class CodeAnswer:
    line: ClaimLine
    quote: Quote | None = None
    error: str | None = None
    suggestions: tuple[str, ...] = ()
    tips: list[Tip] = field(default_factory=list)
    mue: MueEdit | None = None
    pattern: DenialPattern | None = None
    request: QuoteRequest | None = None  # what was priced (with `mue` and the data loaded: a memo key)
    other: ScheduleQuote | None = None  # priced under CLFS, ASP, DMEPOS, ANES, OPPS or ASC instead of the PFS


@dataclass
class Answer:
    command: QuoteCommand
    codes: list[CodeAnswer]
    bundling: BundlingResult | None = None
    notes: list[str] = field(default_factory=list)
    release: str | None = None
    ncci_dos: date | None = None
    # The NCCI MUE table covers the date (what "no MUE listed" rests on); None: the edits could not be read.
    ncci_loaded: bool | None = None
    defaults_used: list[str] = field(default_factory=list)
    facility: bool = False
    share_text: str = ""  # a canonical command that reproduces this answer (for "Share in channel")
    degraded: bool = False  # some optional data could not be read (database trouble)
    generation: int = 0  # the catalogue generation answered from (renderers memoise by it)
    claim: Claim | None = None  # the lines under Medicare's claim rules (issue 11), when a claim

    @property
    def quotes(self) -> list[Quote]:
        return [c.quote for c in self.codes if c.quote is not None]


def canonical_text(cmd: QuoteCommand) -> str:
    """A /cpt command line that reproduces `cmd` exactly (locality last: it may contain spaces)."""
    parts = []
    for line in cmd.lines:
        parts.append(line.label)
        if line.units != 1:
            parts.append(f"units:{line.units}")
    parts.append("facility" if cmd.facility else "office")
    if cmd.dos:
        parts.append(f"dos:{cmd.dos.isoformat()}")
    if cmd.variant:
        parts.append(cmd.variant.lower())
    if cmd.release:
        parts.append(f"release:{cmd.release}")
    if cmd.npp:
        parts.append("npp")
    if cmd.schedule:
        parts.append(cmd.schedule)
    if cmd.base_units is not None:
        parts.append(f"base:{cmd.base_units}")
    if cmd.minutes is not None:
        parts.append(f"minutes:{cmd.minutes}")
    if cmd.induction:
        parts.append("induction")
    if cmd.rural:
        parts.append("rural")
    if cmd.zip_code:
        parts.append(f"zip:{cmd.zip_code}")
    elif cmd.locality:
        parts.append(f"loc:{cmd.locality}")
    return " ".join(parts)


@dataclass
class Resolved:
    """A command with the user's saved defaults applied (what the answer depends on)."""

    cmd: QuoteCommand
    defaults_used: list[str]
    notes: list[str]
    degraded: bool = False  # an optional read failed (the answer carries a note saying so)


async def _optional_read(what: str, read: Awaitable[T], state: Resolved) -> T | None:
    """An optional database read (the store applies the timeout); on failure add a note and return None."""
    try:
        return await read
    except DataMissing as exc:
        state.notes.append(str(exc))
    except Exception as exc:
        log.warning("%s unavailable: %s", what, type(exc).__name__)
        state.notes.append(f"{what} could not be read just now (database unavailable); try again in a minute.")
        state.degraded = True
    return None


def _with_prefs(cmd: QuoteCommand, prefs: UserPrefs, used: list[str]) -> QuoteCommand:
    if cmd.zip_code is None and cmd.locality is None and prefs.locality:
        if prefs.locality.isdigit():
            cmd = replace(cmd, zip_code=prefs.locality)
            used.append(f"your saved ZIP {prefs.locality}")
        else:
            cmd = replace(cmd, locality=prefs.locality)
            used.append(f"your saved locality {prefs.locality}")
    if cmd.facility is None and prefs.facility:
        cmd = replace(cmd, facility=True)
        used.append("your saved facility setting")
    return cmd


async def apply_defaults(services: Services, cmd: QuoteCommand, team_id: str | None, user_id: str | None
                         ) -> Resolved:
    """Fill locality and setting from the user's saved defaults when the command left them out."""
    state = Resolved(cmd, [], list(cmd.notes))
    if team_id and user_id and (cmd.facility is None or (cmd.zip_code is None and cmd.locality is None)):
        prefs = await _optional_read(
            "Your saved defaults", services.preferences.user_prefs(team_id, user_id, timeout=DB_TIMEOUT), state)
        if prefs is not None:
            cmd = _with_prefs(cmd, prefs, state.defaults_used)
    state.cmd = replace(cmd, facility=bool(cmd.facility))
    return state


async def answer(
    services: Services, cmd: QuoteCommand, *, team_id: str | None = None, user_id: str | None = None
) -> Answer:
    return await answer_resolved(services, await apply_defaults(services, cmd, team_id, user_id))


def _schedule_for(services: Services, cmd: QuoteCommand) -> tuple[FeeSchedule | None, str | None]:
    """The fee schedule for the command's date and variant, or (None, why) when only the NCCI
    tables can still answer (two or more codes)."""
    try:
        return services.catalogue.select_schedule(cmd.dos, cmd.variant, cmd.release), None
    except DataMissing as exc:
        if not services.catalogue.book.releases():
            raise AnswerError(str(exc)) from None
        return None, str(exc)  # no PFS: the other schedules may still answer
    except (NoReleaseError, PricingError) as exc:
        if len(cmd.lines) < 2 and not services.catalogue.book.releases():
            raise AnswerError(str(exc)) from None
        return None, str(exc)


def _price_line(services: Services, cmd: QuoteCommand, line: ClaimLine, release_error: str | None) -> CodeAnswer:
    ca = CodeAnswer(line)
    if release_error is not None and not services.catalogue.book.releases():
        ca.error = release_error
        return ca
    request = QuoteRequest(hcpcs=line.hcpcs, modifiers=line.modifiers, units=line.units, locality=cmd.locality,
                           zip_code=cmd.zip_code, facility=bool(cmd.facility), dos=cmd.dos, npp=cmd.npp)
    ask = ScheduleAsk(schedule=cmd.schedule, base_units=cmd.base_units, minutes=cmd.minutes,
                      induction=cmd.induction, rural=True if cmd.rural else None, variant=cmd.variant,
                      release=cmd.release)
    try:
        # The PFS where payable, else the schedule that lists the code (or the one asked); the PFS
        # library falls back to an older release when the newest lacks the code (and says so).
        priced = services.catalogue.price_any(request, ask)
        if priced.pfs is not None:
            ca.quote = priced.pfs
            ca.request = request
        else:
            ca.other = priced.other
    except UnknownLocalityError as exc:
        raise AnswerError(str(exc)) from None
    except UnknownCodeError as exc:
        ca.error, ca.suggestions = str(exc), tuple(exc.suggestions)
    except PricingError as exc:
        ca.error = str(exc)
    return ca


async def answer_resolved(services: Services, state: Resolved) -> Answer:
    cmd = state.cmd
    schedule, release_error = _schedule_for(services, cmd)
    codes = [_price_line(services, cmd, line, release_error) for line in cmd.lines]
    result = Answer(command=cmd, codes=codes, release=schedule.release.label if schedule is not None else None,
                    defaults_used=state.defaults_used, facility=bool(cmd.facility),
                    share_text=canonical_text(cmd), generation=services.catalogue.generation)
    today = services.clock.today()
    if schedule is not None and is_claim(cmd):
        result.claim = _claim(services, cmd, codes, state.notes)
    first = _release_today_note(services, cmd, result, today)
    if first:
        state.notes.insert(0, first)

    # NCCI edits for every code named (the tables also cover codes outside the fee schedule):
    # MUE per code; PTP pairs and add-on checks when two or more codes.
    valid = [c for c in codes if c.quote is not None]
    result.ncci_dos = ncci_dos = cmd.dos or services.clock.today()
    all_codes = [c.line.hcpcs for c in codes]
    edits = await _optional_read("NCCI edits", services.ncci.edits(all_codes, ncci_dos, timeout=DB_TIMEOUT), state)
    if edits is not None:
        _apply_edits(services, result, edits, schedule, valid)

    # Billing tips (pure, from the RVU row and the MUE): memoised with the quote until a reload.
    for c in valid:
        c.tips = _memo_tips(services, c, cmd.variant)

    # Denial patterns once enough reports exist.
    patterns = await asyncio.gather(*(
        _optional_read("Denial patterns", services.reports.denial_pattern(c.line.hcpcs, timeout=DB_TIMEOUT), state)
        for c in valid
    ))
    for c, pattern in zip(valid, patterns, strict=True):
        c.pattern = pattern
    result.notes = list(dict.fromkeys(state.notes))  # de-duplicated, in order
    result.degraded = state.degraded
    return result


def _apply_edits(services: Services, result: Answer, edits: EditSet, schedule: FeeSchedule | None,
                 valid: list[CodeAnswer]) -> None:
    # Only the MUE release counts: PTP edits taken from a later release's history must not turn a
    # missing MUE table into "no MUE listed" (issue 11 §4).
    result.ncci_loaded = edits.mue_release is not None
    for c in result.codes:
        c.mue = edits.mue.get(c.line.hcpcs)
    if len(result.codes) >= 2 and result.ncci_dos is not None:
        lines = [c.line for c in result.codes]
        status_schedule = _status_schedule(services, schedule, result.command, valid)
        result.bundling = check_bundling(lines, result.ncci_dos, edits, status_schedule)


def _status_schedule(services: Services, schedule: FeeSchedule | None, cmd: QuoteCommand,
                     valid: list[CodeAnswer]) -> FeeSchedule | None:
    """The fee schedule whose status and global period the bundling check reads: with no date of
    service, the release every code was actually priced under (the newest may be a partial file)."""
    releases = {c.quote.release for c in valid if c.quote is not None}
    if cmd.dos is None and len(releases) == 1 and schedule is not None and releases != {schedule.release.label}:
        return services.catalogue.require_library().by_release(releases.pop(), cmd.variant)
    return schedule


def is_claim(cmd: QuoteCommand) -> bool:
    """Two or more lines, or one line of several units (each unit a procedure): Medicare's claim rules apply."""
    return len(cmd.lines) >= 2 or any(line.units > 1 for line in cmd.lines)


def _claim(services: Services, cmd: QuoteCommand, codes: list[CodeAnswer], notes: list[str]) -> Claim | None:
    """The priced lines as one claim under one release (memoised: pure in the lines, options and data)."""
    lines = [c.line for c in codes if c.quote is not None or c.other is not None]
    if not lines:
        return None
    request = ClaimRequest(lines, cmd.locality, cmd.zip_code, bool(cmd.facility), cmd.dos, cmd.npp)
    key = ("claim", tuple(lines), cmd.locality, cmd.zip_code, bool(cmd.facility), cmd.dos, cmd.npp, cmd.variant,
           cmd.release)
    library = services.catalogue.require_library()
    try:
        claim, claim_notes = services.catalogue.memo.get_or(
            key, lambda: price_encounter(library, request, release=cmd.release, variant=cmd.variant,
                                         book=services.catalogue.book))
    except PricingError as exc:
        notes.append(f"Claim rules not applied: {exc}")
        return None
    notes.extend(claim_notes)
    return claim


def _release_today_note(services: Services, cmd: QuoteCommand, result: Answer, today: date) -> str | None:
    """Issue 11 §4: with no date of service and no loaded release covering today, one line saying so and
    naming the release the amounts were priced under."""
    used = result.claim.release if result.claim is not None else next((q.release for q in result.quotes), None)
    if cmd.dos is not None or cmd.release or used is None:
        return None
    try:
        schedule = services.catalogue.require_library().by_release(used, cmd.variant)
    except PricingError:
        return None
    return today_note(schedule, None, None, today)


def _memo_tips(services: Services, c: CodeAnswer, variant: str | None) -> list[Tip]:
    """Tips are pure in (request, variant, MUE): memoised until a reload. The list is shared:
    callers must not mutate it."""
    return services.catalogue.memo.get_or(("tips", c.request, variant, c.mue), lambda: _tips(c))


def _tips(c: CodeAnswer) -> list[Tip]:
    """The tips for a priced code."""
    mue = None
    if c.mue is not None:
        mue = UnitLimit(max_units=c.mue.value, adjudication=c.mue.adjudication, rationale=c.mue.rationale,
                        source=f"MUE ({c.mue.release})")
    q = c.quote
    if q is None:
        return []
    try:
        return list(tips_for(q.row, mue=mue, opps_cap_applied=q.cap_applied))
    except Exception as exc:  # tips are advisory: never fail the quote for them
        log.warning("tips unavailable for a code: %s", type(exc).__name__)
        return []


def answer_json(ans: Answer) -> dict[str, Any]:
    """`billbot ask --json`: {"quotes": [...as price --json...], "bundling": [...as bundle --json...],
    "tips": [...], "notes": [...]} (plus "mue", "addon", "errors", "patterns")."""
    quotes: list[dict[str, Any]] = []
    for c in ans.codes:
        if c.quote is not None:
            quotes.append({"schedule": "PFS", **quote_json(c.quote)})
        elif c.other is not None:
            quotes.append(schedule_quote_json(c.other))
    out: dict[str, Any] = {"quotes": quotes, "bundling": [], "mue": [], "addon": []}
    notes = list(ans.notes)
    if ans.bundling is not None:
        b = bundling_json(ans.bundling)
        out["bundling"], out["mue"], out["addon"] = b["bundling"], b["mue"], b["addon"]
        notes.extend(n for n in b["notes"] if n not in notes)
    else:
        out["mue"] = [
            {"code": c.line.hcpcs, "mue": c.mue.value, "adjudication_indicator": c.mue.adjudication_indicator,
             "adjudication": c.mue.adjudication, "rationale": c.mue.rationale, "release": c.mue.release}
            for c in ans.codes if c.mue is not None
        ]
    out["tips"] = [
        {"hcpcs": c.line.hcpcs, "text": t.text, "impact": t.impact, "source": t.source, "kind": t.kind,
         "topic": t.topic}
        for c in ans.codes for t in c.tips
    ]
    out["errors"] = [
        {"code": c.line.label, "message": c.error, "suggestions": list(c.suggestions)} for c in ans.codes if c.error
    ]
    out["patterns"] = [{"hcpcs": c.line.hcpcs, "reports": c.pattern.total} for c in ans.codes if c.pattern]
    if ans.defaults_used:
        notes.insert(0, "Used " + " and ".join(ans.defaults_used) + ".")
    out["notes"] = notes
    return out
