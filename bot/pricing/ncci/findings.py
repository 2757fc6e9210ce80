"""What the NCCI bundling check finds, and its machine-readable form.

`bundling_json(result)` is the machine-readable answer; its field names are a contract:
``{"bundling": [{"column1", "column2", "modifier_indicator", "bypassed", "rationale", "effective",
"deleted", "release"}], "mue": [...], "addon": [...], "notes": [...]}``. ``bypassed`` is true when
the column 2 code will not be denied by the edit: an allowed modifier was given (indicator 1) or the
edit is not applicable (indicator 9).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.pricing.lines import ClaimLine
from bot.pricing.ncci.types import AOC, MUE, PRACTITIONER, PTP, MueEdit, NcciRelease, PtpEdit

MUE_ADJUDICATION = {
    "1": "line edit: units over the limit on one claim line are denied; medically necessary extra units "
    "may go on separate lines with an appropriate modifier (e.g. 76, 77, 91, anatomic)",
    "2": "date of service edit (policy): units over the limit for the day are denied, and an appeal will not "
    "change that",
    "3": "date of service edit (clinical): units over the limit for the day are denied, but may be paid on "
    "appeal with documentation of medical necessity",
}


@dataclass(frozen=True, slots=True)
class PairFinding:
    """An active PTP edit between two of the codes."""

    column1: ClaimLine  # paid
    column2: ClaimLine  # denied unless bypassed
    edit: PtpEdit
    bypassed: bool
    explanation: str  # the modifier indicator in plain English
    bypass_reason: str

    @property
    def message(self) -> str:
        c1, c2 = self.column1.hcpcs, self.column2.hcpcs
        if self.edit.modifier_indicator == "9":
            return f"{c1} + {c2}: NCCI edit not applicable (modifier indicator 9); both may be paid"
        verdict = (
            f"{c2} is payable with {c1} ({self.bypass_reason})"
            if self.bypassed
            else f"{c2} is denied when billed with {c1} ({self.bypass_reason})"
        )
        return f"{c1} (column 1, paid) + {c2} (column 2): {verdict}"


@dataclass(frozen=True, slots=True)
class MueFinding:
    code: str
    units: int  # the units checked: the largest line (line edit) or all lines together (date of service)
    edit: MueEdit
    exceeded: bool
    statement: str


@dataclass(frozen=True, slots=True)
class AddonFinding:
    code: str
    source: str  # "AOC" (the NCCI add-on code table) or "ZZZ" (PFS global period, AOC not loaded)
    aoc_type: str | None
    eligible: bool | None  # None: cannot tell (MAC decides, or primaries unknown)
    primaries_present: tuple[str, ...]
    release: str | None
    message: str


@dataclass(frozen=True, slots=True)
class BundlingResult:
    dos: date
    lines: tuple[ClaimLine, ...]
    setting: str
    pairs: tuple[PairFinding, ...]
    mue: tuple[MueFinding, ...]
    addon: tuple[AddonFinding, ...]
    notes: tuple[str, ...]
    ptp_release: NcciRelease | None = None
    mue_release: NcciRelease | None = None
    aoc_release: NcciRelease | None = None

    @property
    def denied(self) -> tuple[PairFinding, ...]:
        return tuple(p for p in self.pairs if not p.bypassed)


def not_loaded_note(kind: str, setting: str, dos: date) -> str:
    """The exact sentence used when a data set is not loaded for a date."""
    where = "" if setting == PRACTITIONER else "outpatient hospital "
    what = {PTP: "PTP edits", MUE: "MUE values", AOC: "add-on code edits"}[kind]
    return f"NCCI {where}{what} not loaded for {dos.isoformat()}"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def bundling_json(result: BundlingResult) -> dict[str, Any]:
    """The machine-readable answer (field names are a contract)."""
    return {
        "bundling": [
            {
                "column1": p.column1.hcpcs,
                "column2": p.column2.hcpcs,
                "modifier_indicator": p.edit.modifier_indicator,
                "bypassed": p.bypassed,
                "rationale": p.edit.rationale,
                "effective": _iso(p.edit.effective),
                "deleted": _iso(p.edit.deleted),
                "release": p.edit.release,
            }
            for p in result.pairs
        ],
        "mue": [
            {
                "code": m.code,
                "units": m.units,
                "mue": m.edit.value,
                "adjudication_indicator": m.edit.adjudication_indicator,
                "adjudication": m.edit.adjudication,
                "exceeded": m.exceeded,
                "rationale": m.edit.rationale,
                "statement": m.statement,
                "release": m.edit.release,
            }
            for m in result.mue
        ],
        "addon": [
            {
                "code": a.code,
                "source": a.source,
                "aoc_type": a.aoc_type,
                "eligible": a.eligible,
                "primaries_present": list(a.primaries_present),
                "message": a.message,
                "release": a.release,
            }
            for a in result.addon
        ],
        "notes": list(result.notes),
    }
