"""Answer a parsed `/cpt` command: the one piece of logic shared by Slack (`/cpt`) and `billbot ask`.

It gathers what the pure core needs (the fee schedule in memory, NCCI edits and denial patterns
from the database, the user's saved defaults), calls the core (`price`, `check_bundling`,
`tips_for`), and returns an `Answer` that the renderers turn into Slack blocks, text or JSON.
It computes no money itself. Database trouble degrades the answer (with a note) instead of
failing it: the amounts come from memory.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from bot.command import CodeLine, QuoteCommand
from bot.reports.aggregate import DenialPattern
from bot.services import DataMissing, Services

log = logging.getLogger("billbot.answer")

DB_TIMEOUT = 2.0  # seconds for each optional database read (edits, patterns, defaults)


class AnswerError(Exception):
    """The whole command cannot be answered (no data, no release for the date, unknown locality).

    The message is user-facing; it may quote what the user typed, so renderers escape it."""


@dataclass
class CodeAnswer:
    line: CodeLine
    quote: Any | None = None  # bot.pricing.quote.Quote
    error: str | None = None
    suggestions: tuple[str, ...] = ()
    tips: list[Any] = field(default_factory=list)  # bot.pricing.tips.Tip
    mue: Any | None = None  # bot.pricing.bundling_types.MueEdit
    pattern: DenialPattern | None = None
    request: Any | None = None  # the QuoteRequest priced (with `quote`, `mue` and the data loaded: a memo key)
    other: Any | None = None  # bot.pricing.schedules.types.ScheduleQuote: priced under CLFS/ASP/DMEPOS/ANES/OPPS/ASC


@dataclass
class Answer:
    command: QuoteCommand
    codes: list[CodeAnswer]
    bundling: Any | None = None  # bot.pricing.bundling.BundlingResult
    notes: list[str] = field(default_factory=list)
    release: str | None = None
    ncci_dos: date | None = None
    ncci_loaded: bool | None = None  # None: NCCI module absent or database unavailable
    defaults_used: list[str] = field(default_factory=list)
    facility: bool = False
    share_text: str = ""  # a canonical command that reproduces this answer (for "Share in channel")
    degraded: bool = False  # some optional data could not be read (database trouble)
    generation: int = 0  # `Services.generation` of the data answered from (renderers memoise by it)

    @property
    def quotes(self) -> list[Any]:
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


async def _optional_read(what: str, coro: Any, notes: list[str], state: Resolved | None = None) -> Any | None:
    """Run an optional database read; on failure or timeout add a note and return None."""
    try:
        return await asyncio.wait_for(coro, timeout=DB_TIMEOUT)
    except DataMissing as exc:
        notes.append(str(exc))
    except Exception as exc:
        log.warning("%s unavailable: %s", what, type(exc).__name__)
        notes.append(f"{what} could not be read just now (database unavailable); try again in a minute.")
        if state is not None:
            state.degraded = True
    return None


async def apply_defaults(services: Services, cmd: QuoteCommand, team_id: str | None, user_id: str | None
                         ) -> Resolved:
    """Fill locality and setting from the user's saved defaults when the command left them out."""
    from dataclasses import replace

    state = Resolved(cmd, [], list(cmd.notes))
    if team_id and user_id and (cmd.facility is None or (cmd.zip_code is None and cmd.locality is None)):
        hit, prefs = services.cached_user_prefs(team_id, user_id)
        if not hit:
            prefs = await _optional_read("Your saved defaults", services.user_prefs(team_id, user_id),
                                         state.notes, state)
        if prefs is not None:
            if cmd.zip_code is None and cmd.locality is None and prefs.locality:
                if prefs.locality.isdigit():
                    cmd = replace(cmd, zip_code=prefs.locality)
                    state.defaults_used.append(f"your saved ZIP {prefs.locality}")
                else:
                    cmd = replace(cmd, locality=prefs.locality)
                    state.defaults_used.append(f"your saved locality {prefs.locality}")
            if cmd.facility is None and prefs.facility:
                cmd = replace(cmd, facility=True)
                state.defaults_used.append("your saved facility setting")
    state.cmd = replace(cmd, facility=bool(cmd.facility))
    return state


async def answer(
    services: Services, cmd: QuoteCommand, *, team_id: str | None = None, user_id: str | None = None
) -> Answer:
    return await answer_resolved(services, await apply_defaults(services, cmd, team_id, user_id))


async def answer_resolved(services: Services, state: Resolved) -> Answer:
    from bot.pricing.errors import NoReleaseError, PricingError, UnknownCodeError, UnknownLocalityError
    from bot.pricing.quote import QuoteRequest
    from bot.pricing.schedules.combined import ScheduleAsk

    cmd = state.cmd
    notes = list(state.notes)
    defaults_used = state.defaults_used
    facility = bool(cmd.facility)

    schedule: Any | None
    release_error: str | None = None
    try:
        schedule = services.select_schedule(cmd.dos, cmd.variant)
    except DataMissing as exc:
        if not services.book.releases():
            raise AnswerError(str(exc)) from None
        schedule, release_error = None, str(exc)  # no PFS: the other schedules may still answer
    except (NoReleaseError, PricingError) as exc:
        if len(cmd.lines) < 2 and not services.book.releases():
            raise AnswerError(str(exc)) from None
        # No fee schedule for that date, but the NCCI tables may still answer the bundling question.
        schedule, release_error = None, str(exc)

    ask = ScheduleAsk(
        schedule=cmd.schedule,
        base_units=cmd.base_units,
        minutes=cmd.minutes,
        induction=cmd.induction,
        rural=True if cmd.rural else None,
        variant=cmd.variant,
    )
    codes: list[CodeAnswer] = []
    for line in cmd.lines:
        ca = CodeAnswer(line)
        request = QuoteRequest(
            hcpcs=line.hcpcs,
            modifiers=line.modifiers,
            units=line.units,
            locality=cmd.locality,
            zip_code=cmd.zip_code,
            facility=facility,
            dos=cmd.dos,
            npp=cmd.npp,
        )
        if schedule is None and not services.book.releases():
            ca.error = release_error
            codes.append(ca)
            continue
        try:
            # The PFS where payable, else the schedule that lists the code (or the one asked); the PFS
            # library falls back to an older release when the newest lacks the code (and says so).
            priced = services.price_any(request, ask)
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
        codes.append(ca)

    result = Answer(command=cmd, codes=codes, notes=notes,
                    release=schedule.release.label if schedule is not None else None,
                    defaults_used=defaults_used, facility=facility, share_text=canonical_text(cmd),
                    generation=services.generation)

    # NCCI edits for every code named (the tables also cover codes outside the fee schedule):
    # MUE per code; PTP pairs and add-on checks when two or more codes.
    valid = [c for c in codes if c.quote is not None]
    ncci_dos = cmd.dos or datetime.now(UTC).date()
    result.ncci_dos = ncci_dos
    all_codes = [c.line.hcpcs for c in codes]
    hit, edits = services.cached_edits(all_codes, ncci_dos)
    if not hit:
        edits = await _optional_read("NCCI edits", services.load_edits(all_codes, ncci_dos), notes, state)
    if edits is not None:
        result.ncci_loaded = edits.mue_release is not None or edits.ptp_release is not None
        for c in codes:
            c.mue = edits.mue.get(c.line.hcpcs)
        if len(codes) >= 2:
            from bot.pricing.bundling import ClaimLine, check_bundling

            lines = [ClaimLine(c.line.hcpcs, c.line.modifiers, c.line.units) for c in codes]
            status_schedule = _status_schedule(services.library, schedule, cmd, valid)
            result.bundling = check_bundling(lines, ncci_dos, edits, status_schedule)

    # Billing tips (pure, from the RVU row and the MUE): memoised with the quote until a reload.
    for c in valid:
        c.tips = _memo_tips(services, c, cmd.variant)

    # Denial patterns once enough reports exist (H5).
    missing = []
    for c in valid:
        hit, c.pattern = services.cached_denial_pattern(c.line.hcpcs)
        if not hit:
            missing.append(c)
    if missing:
        patterns = await asyncio.gather(*(
            _optional_read("Denial patterns", services.denial_pattern(c.line.hcpcs), notes, state) for c in missing
        ))
        for c, pattern in zip(missing, patterns, strict=True):
            c.pattern = pattern
    # de-duplicate notes, keep order
    result.notes = list(dict.fromkeys(notes))
    result.degraded = state.degraded
    return result


def _memo_tips(services: Services, c: CodeAnswer, variant: str | None) -> list[Any]:
    """The tips for a priced code: pure in (request, variant, MUE), so memoised until a reload.
    The list is shared: callers must not mutate it."""
    return services.memo.get_or(("tips", c.request, variant, c.mue), lambda: _tips(c))


def _status_schedule(library: Any, schedule: Any, cmd: QuoteCommand, valid: list[CodeAnswer]) -> Any:
    """The fee schedule whose status and global period the bundling check reads: with no date of
    service, the release every code was actually priced under (the newest may be a partial file)."""
    releases = {c.quote.release for c in valid if c.quote is not None}
    if cmd.dos is None and len(releases) == 1 and schedule is not None and releases != {schedule.release.label}:
        return library.by_release(releases.pop(), cmd.variant)
    return schedule


def _tips(c: CodeAnswer) -> list[Any]:
    from bot.pricing.tips import UnitLimit, tips_for

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
    from bot.pricing.quote import quote_json
    from bot.pricing.schedules.output import schedule_quote_json

    quotes: list[dict[str, Any]] = []
    for c in ans.codes:
        if c.quote is not None:
            quotes.append({"schedule": "PFS", **quote_json(c.quote)})
        elif c.other is not None:
            quotes.append(schedule_quote_json(c.other))
    out: dict[str, Any] = {"quotes": quotes, "bundling": [], "mue": [], "addon": []}
    notes = list(ans.notes)
    if ans.bundling is not None:
        from bot.pricing.bundling import bundling_json

        b = bundling_json(ans.bundling)
        out["bundling"], out["mue"], out["addon"] = b["bundling"], b["mue"], b["addon"]
        notes.extend(n for n in b["notes"] if n not in notes)
    else:
        out["mue"] = [
            {"code": c.line.hcpcs, "mue": c.mue.value, "adjudication_indicator": c.mue.adjudication_indicator,
             "adjudication": c.mue.adjudication, "rationale": c.mue.rationale, "release": c.mue.release}
            for c in ans.codes if c.mue is not None
        ]
    tips = []
    for c in ans.codes:
        for t in c.tips:
            tips.append({"hcpcs": c.line.hcpcs, "text": t.text, "impact": t.impact, "source": t.source,
                         "kind": t.kind, "topic": t.topic})
    out["tips"] = tips
    out["errors"] = [
        {"code": c.line.label, "message": c.error, "suggestions": list(c.suggestions)} for c in ans.codes if c.error
    ]
    out["patterns"] = [{"hcpcs": c.line.hcpcs, "reports": c.pattern.total} for c in ans.codes if c.pattern]
    if ans.defaults_used:
        notes.insert(0, "Used " + " and ".join(ans.defaults_used) + ".")
    out["notes"] = notes
    return out

