"""NCCI edit data as the bundling check sees it: immutable rows handed over by `storage/`.

Date semantics (documented once, used everywhere): an NCCI PTP or add-on-code edit is *active* on a
date of service `dos` when ``effective <= dos <= deleted`` (``deleted`` None = no deletion date).
CMS writes the deletion date as the last day the edit applied: the edits a quarterly release
deletes carry the day before that release's effective date (e.g. ``20260630`` in v32.2, effective
2026-07-01; the previous release, in force through 2026-06-30, still showed ``*``). Edits deleted
retroactively carry deletion date = effective date and modifier indicator 9 ("not applicable").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

PTP = "ptp"
MUE = "mue"
AOC = "aoc"

PRACTITIONER = "practitioner"
HOSPITAL = "hospital"  # outpatient hospital (OPPS / Outpatient Code Editor)


def ymd_to_date(value: int) -> date:
    """A date as NCCI tables store it (YYYYMMDD as a number) → date."""
    return date(value // 10000, value // 100 % 100, value % 100)


@dataclass(frozen=True, slots=True)
class NcciRelease:
    """One imported NCCI release (a quarterly version) of one data set."""

    kind: str  # PTP, MUE or AOC
    setting: str  # PRACTITIONER or HOSPITAL
    name: str  # e.g. "NCCI practitioner PTP v32.2r0 (2026Q3)"
    effective: date  # first day of the quarter it was published for
    files: tuple[str, ...] = ()  # the CMS files imported for it, as published
    caveat: str = ""  # e.g. "1 of 4 files loaded (f1)": anything that makes "no edit" less certain

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class PtpEdit:
    """A row of an NCCI procedure-to-procedure edit file."""

    column1: str  # paid
    column2: str  # denied unless an allowed modifier applies
    effective: date
    deleted: date | None  # last day in force (inclusive); None = "*" (not deleted)
    modifier_indicator: str  # "0" not allowed, "1" allowed, "9" not applicable
    rationale: str
    release: str  # NcciRelease.name
    prior_1996: bool = False
    source: str = ""  # "file:line" it came from

    def active_on(self, dos: date) -> bool:
        return self.effective <= dos and (self.deleted is None or dos <= self.deleted)


@dataclass(frozen=True, slots=True)
class MueEdit:
    """A row of an NCCI MUE table: the most units of a code per line or per date of service."""

    code: str
    value: int
    adjudication_indicator: str  # "1" line, "2" date of service (policy), "3" date of service (clinical)
    adjudication: str  # the text as CMS writes it, e.g. "3 Date of Service Edit: Clinical"
    rationale: str
    release: str


@dataclass(frozen=True, slots=True)
class AocEdit:
    """A row of the NCCI add-on code edit table: an add-on code and one primary code it may go with."""

    addon: str
    primary: str
    aoc_type: str  # "1" CPT-listed primaries only, "2" no primaries listed (MAC decides), "3" some listed
    effective: date
    deleted: date | None  # inclusive, as for PTP edits
    release: str

    def active_on(self, dos: date) -> bool:
        return self.effective <= dos and (self.deleted is None or dos <= self.deleted)


@dataclass(frozen=True, slots=True)
class EditSet:
    """Everything NCCI says about a set of codes on one date, as loaded from the database.

    A release field of None means no data of that kind is loaded for `dos`; the check then says so
    and never reports "no edit". `ptp` holds every row among the codes (both directions) of the
    chosen PTP release, active or not (the check filters by date); `aoc` the rows of the chosen AOC
    release whose add-on code is among the codes.
    """

    dos: date
    codes: frozenset[str]
    setting: str = PRACTITIONER
    ptp_release: NcciRelease | None = None
    mue_release: NcciRelease | None = None
    aoc_release: NcciRelease | None = None
    ptp: tuple[PtpEdit, ...] = ()
    mue: Mapping[str, MueEdit] = field(default_factory=dict)
    aoc: tuple[AocEdit, ...] = ()
    notes: tuple[str, ...] = ()  # from the loader, e.g. "PTP edits for 2026-05-01 taken from the history in ..."
