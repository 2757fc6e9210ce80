"""A whole locality's fee schedule, one line per code and modifier, as CMS's carrier payment files fill it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from bot.pricing.errors import UnknownLocalityError
from bot.pricing.locality import Locality
from bot.pricing.money import fee_amount, money_str
from bot.pricing.quote import is_payable, opps_cap_for
from bot.pricing.schedule import FeeSchedule, RvuRow

CSV_HEADER = (
    "hcpcs",
    "modifier",
    "carrier",
    "locality",
    "nonfacility_amount",
    "facility_amount",
    "status",
    "pctc_indicator",
    "release",
)


@dataclass(frozen=True, slots=True)
class FeeScheduleLine:
    hcpcs: str
    modifier: str
    carrier: str
    locality: str
    nonfacility_amount: Decimal | None  # after the OPPS cap; None when the code has no fee-schedule payment
    facility_amount: Decimal | None
    status: str
    pctc_indicator: str
    release: str

    def csv_cells(self) -> tuple[str, ...]:
        return (
            self.hcpcs,
            self.modifier,
            self.carrier,
            self.locality,
            money_str(self.nonfacility_amount) or "",
            money_str(self.facility_amount) or "",
            self.status,
            self.pctc_indicator,
            self.release,
        )


def line_for(schedule: FeeSchedule, row: RvuRow, loc: Locality) -> FeeScheduleLine:
    nf = f = None
    if is_payable(row):
        cf = schedule.release.conversion_factor
        g = (loc.work_gpci, loc.pe_gpci, loc.mp_gpci)
        nf = fee_amount(row.work_rvu, row.nonfacility_pe_rvu, row.mp_rvu, *g, cf)
        f = fee_amount(row.work_rvu, row.facility_pe_rvu, row.mp_rvu, *g, cf)
        cap_nf, cap_f, _, _ = opps_cap_for(schedule, row, loc)
        if cap_nf is not None and cap_nf < nf:
            nf = cap_nf
        if cap_f is not None and cap_f < f:
            f = cap_f
    return FeeScheduleLine(
        row.hcpcs,
        row.modifier,
        loc.carrier,
        loc.locality,
        nf,
        f,
        row.status,
        row.pctc_indicator,
        schedule.release.label,
    )


def fee_schedule_lines(schedule: FeeSchedule, loc: Locality) -> Iterator[FeeScheduleLine]:
    """Every code/modifier with a row in the RVU file, sorted by code then modifier, priced for `loc`."""
    if loc.national:
        raise UnknownLocalityError("A fee schedule is per locality: give a carrier-locality such as 01112-05.")
    for key in sorted(schedule.rvus):
        yield line_for(schedule, schedule.rvus[key], loc)
