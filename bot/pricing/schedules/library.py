"""Every imported release of the non-PFS schedules, held in memory; quotes by schedule name. Pure."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.pricing.errors import PricingError
from bot.pricing.schedules.asp import price_asp
from bot.pricing.schedules.clfs import price_clfs
from bot.pricing.schedules.common import ScheduleRequest, normalise_code
from bot.pricing.schedules.dmepos import price_dmepos
from bot.pricing.schedules.facility import price_asc, price_opps
from bot.pricing.schedules.releases import S, newest_first, pick_release
from bot.pricing.schedules.types import (
    ASC,
    ASP,
    CLFS,
    DMEPOS,
    OPPS,
    AscSchedule,
    AspSchedule,
    ClfsSchedule,
    DmeposSchedule,
    OppsSchedule,
    ScheduleQuote,
    ScheduleRelease,
)

LISTING_ORDER = (CLFS, ASP, DMEPOS, OPPS, ASC)


@dataclass(frozen=True)
class ScheduleLibrary:
    """The CLFS, ASP, DMEPOS, OPPS and ASC releases imported (newest first per schedule)."""

    clfs: tuple[ClfsSchedule, ...] = ()
    asp: tuple[AspSchedule, ...] = ()
    dmepos: tuple[DmeposSchedule, ...] = ()
    opps: tuple[OppsSchedule, ...] = ()
    asc: tuple[AscSchedule, ...] = ()

    @classmethod
    def of(
        cls,
        clfs: Iterable[ClfsSchedule] = (),
        asp: Iterable[AspSchedule] = (),
        dmepos: Iterable[DmeposSchedule] = (),
        opps: Iterable[OppsSchedule] = (),
        asc: Iterable[AscSchedule] = (),
    ) -> ScheduleLibrary:
        return cls(newest_first(clfs), newest_first(asp), newest_first(dmepos), newest_first(opps), newest_first(asc))

    def releases(self) -> tuple[ScheduleRelease, ...]:
        return tuple(s.release for group in (self.clfs, self.asp, self.dmepos, self.opps, self.asc) for s in group)

    def lists(self, code: str, dos: date | None = None) -> tuple[str, ...]:
        """The schedules whose release for `dos` lists the code, in the order a default pick tries them."""
        code = code.strip().upper()
        found = {
            CLFS: _listed(self.clfs, dos, CLFS, lambda s: any(h == code for h, _ in s.rows)),
            ASP: _listed(self.asp, dos, ASP, lambda s: code in s.rows),
            DMEPOS: _listed(self.dmepos, dos, DMEPOS, lambda s: code in s.rows),
            OPPS: _listed(self.opps, dos, OPPS, lambda s: code in s.rows),
            ASC: _listed(self.asc, dos, ASC, lambda s: code in s.rows),
        }
        return tuple(name for name in LISTING_ORDER if found[name])

    def quote(self, name: str, request: ScheduleRequest) -> ScheduleQuote:
        """Price under the release of schedule `name` in force on `request.dos`."""
        normalise_code(request.hcpcs)
        dos = request.dos
        quote: ScheduleQuote
        if name == CLFS:
            p1 = pick_release(self.clfs, dos, CLFS)
            quote, note = price_clfs(p1.snapshot, request), p1.note
        elif name == ASP:
            p2 = pick_release(self.asp, dos, ASP)
            quote, note = price_asp(p2.snapshot, request), p2.note
        elif name == DMEPOS:
            p3 = pick_release(self.dmepos, dos, DMEPOS)
            quote, note = price_dmepos(p3.snapshot, request), p3.note
        elif name == OPPS:
            p4 = pick_release(self.opps, dos, OPPS)
            quote, note = price_opps(p4.snapshot, request), p4.note
        elif name == ASC:
            p5 = pick_release(self.asc, dos, ASC)
            quote, note = price_asc(p5.snapshot, request), p5.note
        else:
            known = ", ".join(n.lower() for n in LISTING_ORDER)
            raise PricingError(f"Unknown schedule {name!r}: use one of {known}.")
        if note:
            quote = dataclasses.replace(
                quote,
                notes=(note, *quote.notes),
                confidence="low",
                confidence_reasons=(*quote.confidence_reasons, "no release covers the date of service"),
            )
        return quote


def _listed(group: Sequence[S], dos: date | None, name: str, has: Callable[[S], bool]) -> bool:
    try:
        return has(pick_release(group, dos, name).snapshot)
    except PricingError:
        return False
