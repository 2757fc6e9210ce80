"""Snapshot types for the non-PFS schedules, and the quote every schedule returns. Pure, immutable.

Each row remembers the CMS file and line it came from (`SourceRef`), each snapshot its release
(schedule, label, period in force, files). Money is Decimal exactly as the file states it (ASP
limits to three decimals, OPPS rates to three); quotes round once, half-up to cents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from bot.pricing.schedule import SourceRef

PFS = "PFS"
CLFS = "CLFS"
ASP = "ASP"
DMEPOS = "DMEPOS"
ANES = "ANES"
OPPS = "OPPS"
ASC = "ASC"
SCHEDULE_NAMES: tuple[str, ...] = (PFS, CLFS, ASP, DMEPOS, ANES, OPPS, ASC)

Confidence = Literal["high", "medium", "low"]


@dataclass(frozen=True, slots=True)
class ScheduleRelease:
    """One release of a schedule: "CLFS 2025Q2", in force `effective_from`..`effective_to` (inclusive)."""

    schedule: str  # CLFS, ASP, DMEPOS, OPPS, ASC
    label: str
    effective_from: date
    effective_to: date | None  # None: until the next release
    files: tuple[str, ...] = ()

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @property
    def period(self) -> str:
        end = self.effective_to.isoformat() if self.effective_to else "until replaced"
        return f"{self.effective_from.isoformat()}..{end}"


@dataclass(frozen=True, slots=True)
class ClfsRow:
    """A Clinical Laboratory Fee Schedule row: the national limit amount (RATE) for a test."""

    hcpcs: str
    modifier: str  # "", "QW" (CLIA-waived), ...
    rate: Decimal
    indicator: str  # N = national limit, L = ... (as the file gives it)
    effective: date | None  # EFF_DATE
    description: str
    source: SourceRef


@dataclass(frozen=True, slots=True)
class AspRow:
    """A Part B drug payment limit per HCPCS dosage unit (ASP file)."""

    hcpcs: str
    description: str
    dosage: str  # "10 MG", "1 ML", "Greater than 100 MG"
    limit: Decimal | None  # per dosage unit, three decimals; None when the file says N/A
    coinsurance: Decimal | None  # percent
    notes: str
    source: SourceRef


@dataclass(frozen=True, slots=True)
class DmeposRow:
    """A DMEPOS (or PEN) fee schedule row: one non-rural and one rural fee per state."""

    hcpcs: str
    modifier: str
    modifier2: str
    jurisdiction: str  # D (DME MAC), L (local), J (joint); "" in the PEN file
    category: str  # CATG: IN, PO, CR, OS, ... ; "" in the PEN file
    ceiling: Decimal | None
    floor: Decimal | None
    states: tuple[str, ...]  # the file's state columns, in order ("AL", "AR", ...)
    fee_cells: tuple[str, ...]  # non-rural, rural per state in that order, as written ("3.84", "6.03", ...)
    description: str
    pen: bool  # from the DMEPEN (parenteral and enteral nutrition) file
    source: SourceRef

    @property
    def modifiers(self) -> tuple[str, ...]:
        return tuple(m for m in (self.modifier, self.modifier2) if m)

    def fees(self, state: str) -> tuple[Decimal, Decimal] | None:
        """(non-rural, rural) fee for a state, or None when the file has no column for it."""
        if state not in self.states:
            return None
        i = 2 * self.states.index(state)
        return Decimal(self.fee_cells[i]), Decimal(self.fee_cells[i + 1])


@dataclass(frozen=True, slots=True)
class OppsRow:
    """An OPPS Addendum B row: status indicator, APC and national unadjusted payment rate."""

    hcpcs: str
    description: str
    status_indicator: str
    apc: str
    weight: Decimal | None
    rate: Decimal | None  # None: no separate payment rate
    copayment: Decimal | None  # national unadjusted copayment
    minimum_copayment: Decimal | None
    source: SourceRef


@dataclass(frozen=True, slots=True)
class AscRow:
    """An ASC Addendum AA (surgical procedure) or BB (ancillary service) row."""

    hcpcs: str
    description: str
    addendum: str  # "AA" or "BB"
    payment_indicator: str
    weight: Decimal | None
    rate: Decimal | None
    multiple_procedure_discount: str  # "Y"/"N" (AA), "" (BB)
    flag: str  # the file's asterisks ("*", "**", "***"), "" when none
    source: SourceRef


@dataclass(frozen=True, slots=True)
class ClfsSchedule:
    release: ScheduleRelease
    rows: Mapping[tuple[str, str], ClfsRow]  # (hcpcs, modifier)


@dataclass(frozen=True, slots=True)
class AspSchedule:
    release: ScheduleRelease
    rows: Mapping[str, AspRow]


@dataclass(frozen=True, slots=True)
class DmeposSchedule:
    release: ScheduleRelease
    rows: Mapping[str, tuple[DmeposRow, ...]]  # every modifier row of a code, in file order


@dataclass(frozen=True, slots=True)
class OppsSchedule:
    release: ScheduleRelease
    rows: Mapping[str, OppsRow]


@dataclass(frozen=True, slots=True)
class AscSchedule:
    release: ScheduleRelease
    rows: Mapping[str, AscRow]


@dataclass(frozen=True, slots=True)
class ScheduleQuote:
    """What one schedule pays for one code: the amount for the units asked, and where it came from.

    `amount` is None when the schedule sets no separate payment (packaged, no rate); `unit_amount`
    is the per-unit figure as the file states it (before rounding)."""

    schedule: str
    release: ScheduleRelease
    hcpcs: str
    modifiers: tuple[str, ...]
    units: Decimal
    description: str
    amount: Decimal | None
    unit_amount: Decimal | None
    basis: str  # in plain words: "national limit amount", "payment limit per 10 MG", ...
    indicator: str = ""
    indicator_text: str = ""
    payer: Literal["professional", "supplier", "facility"] = "professional"
    details: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    confidence: Confidence = "high"
    confidence_reasons: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    dos: date | None = None
    extra: Mapping[str, str] = field(default_factory=dict)
