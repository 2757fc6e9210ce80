"""One question, any schedule: the PFS where the code is payable there, else the schedule that lists
it (or the one asked for), priced from each schedule's own release in force. Pure.

`price_any(pfs, book, request, ask)` takes the PFS library and the other schedules' library, the
PFS-style request (code, modifiers, units, locality/ZIP, setting, date) and what only the other
schedules need (`ScheduleAsk`: schedule asked, anesthesia base units and minutes, rural). The state
for DMEPOS comes from the ZIP (CMS's ZIP file) or the locality; the anesthesia CF from the ANES
file of the PFS release in force.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from bot.pricing.errors import NoReleaseError, PricingError
from bot.pricing.library import FeeScheduleLibrary
from bot.pricing.locality import resolve_locality
from bot.pricing.quote import Quote, QuoteRequest
from bot.pricing.quote_json import quote_json
from bot.pricing.schedule import FeeSchedule
from bot.pricing.schedules.anes import price_anesthesia
from bot.pricing.schedules.common import ScheduleRequest, normalise_code
from bot.pricing.schedules.library import ScheduleLibrary
from bot.pricing.schedules.output import schedule_quote_json
from bot.pricing.schedules.pick import pick_schedule
from bot.pricing.schedules.types import ANES, DMEPOS, PFS, ScheduleQuote, ScheduleRelease

_STATE = re.compile(r"^[A-Za-z]{2}$")
_ZIP = re.compile(r"^(\d{5})(?:-\d{4})?$")


@dataclass(frozen=True, slots=True)
class ScheduleAsk:
    """What the non-PFS schedules need beyond a PFS request."""

    schedule: str | None = None  # "clfs", "asp", "dmepos", "anes", "opps", "asc", "pfs"; None: pick
    base_units: Decimal | None = None
    minutes: int | None = None
    induction: bool = False
    rural: bool | None = None
    variant: str | None = None  # PFS only
    release: str | None = None  # PFS only


@dataclass(frozen=True, slots=True)
class AnyQuote:
    """A PFS quote or another schedule's quote, with the schedule's name."""

    schedule: str
    pfs: Quote | None = None
    other: ScheduleQuote | None = None

    @property
    def amount(self) -> Decimal | None:
        if self.pfs is not None:
            return self.pfs.amount
        assert self.other is not None
        return self.other.amount

    @property
    def hcpcs(self) -> str:
        return self.pfs.hcpcs if self.pfs is not None else self.other.hcpcs if self.other else ""


def price_any(pfs: FeeScheduleLibrary, book: ScheduleLibrary, request: QuoteRequest, ask: ScheduleAsk) -> AnyQuote:
    code = normalise_code(request.hcpcs)
    asked = ask.schedule
    pfs_quote: Quote | None = None
    pfs_error: PricingError | None = None
    name = pick_schedule(code, asked=asked) if asked else None
    if name is None or name == PFS:
        try:
            pfs_quote = pfs.price(request, ask.variant, ask.release)
        except PricingError as exc:  # unknown code, no release for the date, a modifier PFS does not know
            if name == PFS:
                raise
            pfs_error = exc
    if name is None:
        anesthesia_inputs = ask.base_units is not None or ask.minutes is not None
        payable = pfs_quote is not None and pfs_quote.payable and pfs_quote.amount is not None
        listed = book.lists(code, request.dos)
        name = pick_schedule(code, pfs_payable=payable, listed_in=listed, anesthesia_inputs=anesthesia_inputs)
    if name == PFS:
        if pfs_quote is None:
            assert pfs_error is not None
            raise pfs_error
        return AnyQuote(PFS, pfs=pfs_quote)
    if name == ANES:
        return AnyQuote(ANES, other=_anesthesia(pfs, code, request, ask))
    state, state_from = (None, "")
    if name == DMEPOS:
        state, state_from = _state(pfs, request)
    sreq = ScheduleRequest(
        hcpcs=code,
        modifiers=request.modifiers,
        units=Decimal(request.units),
        dos=request.dos,
        state=state,
        state_from=state_from,
        rural=ask.rural,
        rural_from="as asked" if ask.rural else "",
    )
    return AnyQuote(name, other=book.quote(name, sreq))


def _pfs_for(pfs: FeeScheduleLibrary, dos: date | None) -> FeeSchedule | None:
    if not pfs:
        return None
    try:
        return pfs.select(dos)
    except NoReleaseError:
        return pfs.select(None)


def _state(pfs: FeeScheduleLibrary, request: QuoteRequest) -> tuple[str | None, str]:
    """The state of the place of service for DMEPOS, and how it was found."""
    text = (request.zip_code or request.locality or "").strip()
    if not text:
        return None, ""
    if _STATE.match(text):
        return text.upper(), f"state {text.upper()}"
    schedule = _pfs_for(pfs, request.dos)
    m = _ZIP.match(text)
    if m:
        if schedule is None or not schedule.zips:
            raise PricingError(
                f"To place ZIP {m.group(1)} in a state billbot needs CMS's ZIP-to-locality file (ZIP5_*.txt): "
                "import it, or give the state (e.g. TX)."
            )
        row = schedule.zips.get(m.group(1))
        if row is None:
            raise PricingError(f"ZIP {m.group(1)} is not in the CMS ZIP-to-locality file; give the state (e.g. TX).")
        return row.state, f"ZIP {m.group(1)}"
    if schedule is None:
        raise PricingError("Give the state for DMEPOS (e.g. TX): no PFS locality file is imported to place it.")
    loc = resolve_locality(schedule, text)
    if loc.national:
        return None, ""
    return loc.state, f"locality {loc.key}"


def _anesthesia(pfs: FeeScheduleLibrary, code: str, request: QuoteRequest, ask: ScheduleAsk) -> ScheduleQuote:
    if not pfs:
        raise NoReleaseError("No PFS release is imported: the anesthesia CF comes from its ANES file.")
    schedule = pfs.by_release(ask.release, ask.variant) if ask.release else pfs.select(request.dos, ask.variant)
    loc = resolve_locality(schedule, request.locality, request.zip_code)
    if loc.national:
        raise PricingError(
            "Anesthesia conversion factors are set per locality: add a ZIP or locality (e.g. zip:35203 or 10112-00)."
        )
    cf = schedule.anesthesia.get(loc.key)
    note = ""
    if cf is None and request.dos is None and not ask.release:
        # The newest release may be partial (no ANES file): use the newest release that has one.
        for older in pfs.schedules:
            if older.anesthesia.get(loc.key) is not None:
                note = (
                    f"{schedule.release.label} has no anesthesia CF for {loc.key} (no ANES file imported): "
                    f"priced with {older.release.label}'s, the newest release that has one."
                )
                schedule, cf = older, older.anesthesia[loc.key]
                break
    if cf is None:
        raise PricingError(f"No anesthesia CF for {loc.key} in {schedule.release.label}: import its ANES file.")
    rel = schedule.release
    release = ScheduleRelease(
        ANES, rel.label, rel.effective_from, rel.effective_to, tuple(f for f in schedule.files if "ANES" in f.upper())
    )
    sreq = ScheduleRequest(
        hcpcs=code,
        modifiers=request.modifiers,
        dos=request.dos,
        base_units=ask.base_units,
        minutes=ask.minutes,
        induction=ask.induction,
    )
    quote = price_anesthesia(cf, release, sreq, f"{loc.label} (from {loc.resolved_from})")
    if not note:
        return quote
    return dataclasses.replace(
        quote,
        notes=(note, *quote.notes),
        confidence="medium" if quote.confidence == "high" else quote.confidence,
        confidence_reasons=(*quote.confidence_reasons, "anesthesia CF from an older release"),
    )


def any_quote_json(q: AnyQuote) -> dict[str, Any]:
    """The `--json` shape: PFS quotes keep every existing field and gain "schedule"; the others get
    `schedule_quote_json`'s fields. Every quote has "schedule" and "amount" (two decimals or null)."""
    if q.pfs is not None:
        return {"schedule": PFS, **quote_json(q.pfs)}
    assert q.other is not None
    return schedule_quote_json(q.other)
