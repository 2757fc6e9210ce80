"""The fee schedule as the pricing core sees it: immutable, typed rows from the CMS files.

`storage/` parses and stores the CMS files and hands the core a `FeeSchedule` snapshot per
release; `bot/pricing/` prices from it with dictionary look-ups and no I/O. Every row remembers
the file and line it came from so a number shown to a biller can be traced to its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a row came from: the CMS file name (as published) and its 1-based line number."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Release:
    """One CMS PFS release, the unit of import. `variant` is "" before CY2026, else "nonQPP"/"QPP"."""

    id: str  # e.g. "RVU25D"
    year: int
    effective_from: date
    effective_to: date | None  # inclusive; None = open-ended
    conversion_factor: Decimal
    variant: str = ""

    @property
    def label(self) -> str:
        return f"{self.id} {self.variant}".strip()

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True, slots=True)
class RvuRow:
    """One row of the PPRRVU file (code + modifier). Column meanings: RVU25D.pdf."""

    hcpcs: str
    modifier: str  # "" for the global service, else "26", "TC", "53", ...
    description: str
    status: str  # status code: A, B, C, I, N, R, T, X, ...
    not_used_for_medicare: bool  # "NOT USED FOR MEDICARE PAYMENT" flag
    work_rvu: Decimal
    nonfacility_pe_rvu: Decimal
    nonfacility_na: bool  # "NA": CMS developed no non-facility PE RVU
    facility_pe_rvu: Decimal
    facility_na: bool
    mp_rvu: Decimal
    nonfacility_total: Decimal
    facility_total: Decimal
    pctc_indicator: str
    global_days: str  # "000", "010", "090", "MMM", "XXX", "YYY", "ZZZ"
    preop: Decimal
    intraop: Decimal
    postop: Decimal
    mult_proc: str
    bilat_surg: str
    asst_surg: str
    co_surg: str
    team_surg: str
    endo_base: str
    conversion_factor: Decimal
    phys_supervision: str  # physician supervision of diagnostic procedures
    calculation_flag: str
    imaging_family: str  # diagnostic imaging family indicator
    opps_nonfacility_pe: Decimal
    opps_facility_pe: Decimal
    opps_mp: Decimal
    source: SourceRef
    pricing_indicator: str = ""  # "PRIC IND" (CY2026 files on); "" when the file has no such column


@dataclass(frozen=True, slots=True)
class Gpci:
    """Geographic practice cost indices for one Medicare locality (carrier + locality)."""

    carrier: str  # 5 digits, e.g. "01112"
    locality: str  # 2 digits, e.g. "05"
    state: str  # 2-letter, e.g. "CA"
    name: str  # locality name as CMS writes it
    work: Decimal
    pe: Decimal
    mp: Decimal
    source: SourceRef

    @property
    def key(self) -> str:
        return f"{self.carrier}-{self.locality}"


@dataclass(frozen=True, slots=True)
class CountyLocality:
    """A row of the county-to-locality file (xxLOCCO)."""

    carrier: str
    locality: str
    state: str  # state name as written, e.g. "CALIFORNIA" (carried forward from the row above)
    fee_schedule_area: str
    counties: str
    source: SourceRef


@dataclass(frozen=True, slots=True)
class OppsCap:
    """OPPS payment cap for a code/modifier in one carrier/locality (OPPSCAP file)."""

    hcpcs: str
    modifier: str
    status: str
    carrier: str
    locality: str
    facility_price: Decimal
    nonfacility_price: Decimal
    source: SourceRef


@dataclass(frozen=True, slots=True)
class AnesthesiaCf:
    """Anesthesia conversion factor for one locality (ANES file)."""

    carrier: str
    locality: str
    name: str
    conversion_factor: Decimal
    source: SourceRef


@dataclass(frozen=True, slots=True)
class ZipLocality:
    """A row of the ZIP-to-locality file (ZIP5_*.txt)."""

    zip5: str
    state: str
    carrier: str
    locality: str
    rural: str  # "" urban, "R" rural, "B" super rural
    year_quarter: str  # "20254"
    source: SourceRef


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    """Everything needed to price under one release, held in memory.

    Keys: `rvus[(hcpcs, modifier)]`, `gpcis["CCCCC-LL"]`,
    `opps_caps[(hcpcs, modifier, carrier, locality)]`, `anesthesia["CCCCC-LL"]`, `zips[zip5]`.
    """

    release: Release
    rvus: Mapping[tuple[str, str], RvuRow]
    gpcis: Mapping[str, Gpci]
    opps_caps: Mapping[tuple[str, str, str, str], OppsCap] = field(default_factory=dict)
    anesthesia: Mapping[str, AnesthesiaCf] = field(default_factory=dict)
    counties: tuple[CountyLocality, ...] = ()
    zips: Mapping[str, ZipLocality] = field(default_factory=dict)
    files: tuple[str, ...] = ()  # names of the CMS files this release was imported from
