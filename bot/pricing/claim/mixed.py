"""A claim that mixes fee schedules: `20610 77002 J3301x4` prices the procedures under the PFS and
the drug under ASP, line by line, in one claim.

Each line goes to the schedule a single quote would pick (the PFS where the code is payable there,
else CLFS, ASP or DMEPOS, whichever lists it, `bot.pricing.schedules.pick`); lines of another schedule
keep their own amount and pass through the PFS claim rules untouched (`engine.price_claim`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.pricing.claim.engine import LinePricer
from bot.pricing.claim.model import ClaimLineLike, ClaimRequest
from bot.pricing.codes import row_for
from bot.pricing.errors import PricingError
from bot.pricing.library import FeeScheduleLibrary
from bot.pricing.quote import QuoteRequest, is_payable
from bot.pricing.schedule import FeeSchedule
from bot.pricing.schedules.combined import ScheduleAsk, price_any
from bot.pricing.schedules.library import ScheduleLibrary
from bot.pricing.schedules.pick import pick_schedule
from bot.pricing.schedules.types import ANES, PFS

# Schedules a claim line may be routed to without being asked (OPPS and ASC are the facility's,
# anesthesia needs base units and minutes: those are single questions, not claim lines).
ROUTABLE = frozenset({"CLFS", "ASP", "DMEPOS"})


@dataclass(frozen=True, slots=True)
class RoutedLine:
    """A claim line with the fee schedule that prices it."""

    hcpcs: str
    modifiers: tuple[str, ...]
    units: int
    text: str
    schedule: str


def _pfs_payable(schedule: FeeSchedule, code: str, mods: tuple[str, ...]) -> bool:
    try:
        row, _ = row_for(schedule, code, mods)
    except PricingError:
        return False
    return is_payable(row)


def route_lines(
    schedule: FeeSchedule, book: ScheduleLibrary, lines: Sequence[ClaimLineLike], dos: date | None
) -> list[RoutedLine]:
    """Each line with its schedule: the PFS where payable under `schedule`, else the one listing it."""
    out = []
    for line in lines:
        code = line.hcpcs.strip().upper()
        mods = tuple(m.strip().upper() for m in line.modifiers)
        name = pick_schedule(code, pfs_payable=_pfs_payable(schedule, code, mods), listed_in=book.lists(code, dos))
        out.append(RoutedLine(code, mods, line.units, str(getattr(line, "text", "") or ""),
                              name if name in ROUTABLE else PFS))  # fmt: skip
    return out


def other_pricers(
    library: FeeScheduleLibrary, book: ScheduleLibrary, request: ClaimRequest, *, rural: bool | None = None
) -> dict[str, LinePricer]:
    """One pricer per routable schedule: the line's amount for its units, with where it came from."""

    def pricer_for(name: str) -> LinePricer:
        def price_line(line: ClaimLineLike) -> tuple[Decimal | None, tuple[str, ...]]:
            quote_request = QuoteRequest(hcpcs=line.hcpcs, modifiers=tuple(line.modifiers), units=line.units,
                                         locality=request.locality, zip_code=request.zip_code,
                                         facility=request.facility, dos=request.dos)  # fmt: skip
            try:
                quoted = price_any(library, book, quote_request, ScheduleAsk(schedule=name.lower(), rural=rural))
            except PricingError as exc:
                return None, (str(exc),)
            q = quoted.other
            if q is None:
                return None, (f"not priced under {name}",)
            where = ", ".join(f"{s.file}:{s.line}" for s in q.sources)
            said = f"{q.basis}, {q.release.label}" + (f" ({where})" if where else "")
            return q.amount, (said, *q.notes)

        return price_line

    return {name: pricer_for(name) for name in sorted(ROUTABLE) if name != ANES}
