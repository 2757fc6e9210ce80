"""The NCCI bundling check: PTP pairs, MUE units, add-on codes, and PFS status B/T, for one date.

`check_bundling(lines, dos, edits, schedule)` is pure: `edits` (an `EditSet`) comes from
`storage.repositories.ncci.load_edits(session, codes, dos)`, `schedule` from the fee-schedule
library (or None). It never reports "no edit" for data that is not loaded: when the PTP, MUE or
add-on data set is missing for the date, the result says so in `notes`.

`bundling_json(result)` is the machine-readable answer; its field names are a contract:
``{"bundling": [{"column1", "column2", "modifier_indicator", "bypassed", "rationale", "effective",
"deleted", "release"}], "mue": [...], "addon": [...], "notes": [...]}``. ``bypassed`` is true when
the column 2 code will not be denied by the edit: an allowed modifier was given (indicator 1) or the
edit is not applicable (indicator 9).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.pricing.bundling_lines import is_hcpcs
from bot.pricing.bundling_modifiers import INDICATOR_TEXT, bypass
from bot.pricing.bundling_types import (
    AOC,
    HOSPITAL,
    MUE,
    PRACTITIONER,
    PTP,
    AocEdit,
    ClaimLine,
    EditSet,
    MueEdit,
    NcciRelease,
    PtpEdit,
)
from bot.pricing.schedule import FeeSchedule

__all__ = [
    "AOC",
    "HOSPITAL",
    "MUE",
    "PRACTITIONER",
    "PTP",
    "AddonFinding",
    "AocEdit",
    "BundlingResult",
    "ClaimLine",
    "EditSet",
    "MueEdit",
    "MueFinding",
    "NcciRelease",
    "PairFinding",
    "PtpEdit",
    "bundling_json",
    "check_bundling",
    "not_loaded_note",
]

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
        c1, c2 = self.column1.code, self.column2.code
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


def _dedupe(lines: Iterable[ClaimLine], notes: list[str]) -> list[ClaimLine]:
    out: list[ClaimLine] = []
    counts: dict[ClaimLine, int] = {}
    for given in lines:
        # callers may pass modifiers as a list: normalise to the hashable, upper-case form
        line = ClaimLine(given.code.strip().upper(), tuple(m.strip().upper() for m in given.modifiers), given.units)
        if not is_hcpcs(line.code):
            notes.append(f"{line.code!r} is not a HCPCS/CPT code shape; not checked")
            continue
        counts[line] = counts.get(line, 0) + 1
        if counts[line] == 1:
            out.append(line)
    notes.extend(f"{line.label} was listed {n} times; checked once" for line, n in counts.items() if n > 1)
    return out


def _check_pairs(
    lines: Sequence[ClaimLine], dos: date, edits: EditSet, schedule: FeeSchedule | None, notes: list[str]
) -> list[PairFinding]:
    release = edits.ptp_release
    if release is None:
        if len({line.code for line in lines}) > 1:
            notes.append(not_loaded_note(PTP, edits.setting, dos))
        return []
    by_pair: dict[tuple[str, str], list[PtpEdit]] = {}
    history: dict[frozenset[str], list[PtpEdit]] = {}
    for edit in edits.ptp:
        if edit.active_on(dos):
            by_pair.setdefault((edit.column1, edit.column2), []).append(edit)
        else:
            history.setdefault(frozenset((edit.column1, edit.column2)), []).append(edit)

    def global_days(code: str) -> str | None:
        row = schedule.rvus.get((code, "")) if schedule is not None else None
        return row.global_days if row is not None else None

    found: list[PairFinding] = []
    quiet: list[tuple[str, str]] = []
    for i, a in enumerate(lines):
        for b in lines[i + 1 :]:
            if a.code == b.code:
                continue
            hits = [(a, b, e) for e in by_pair.get((a.code, b.code), ())]
            hits += [(b, a, e) for e in by_pair.get((b.code, a.code), ())]
            if not hits:
                pair = (a.code, b.code) if a.code <= b.code else (b.code, a.code)
                if pair not in quiet:
                    quiet.append(pair)
                continue
            for col1, col2, edit in hits:
                result = bypass(edit.modifier_indicator, col1, col2, setting=edits.setting, global_days=global_days)
                indicator = edit.modifier_indicator
                explanation = INDICATOR_TEXT.get(indicator, f"modifier indicator {indicator}")
                found.append(PairFinding(col1, col2, edit, result.bypassed, explanation, result.reason))
                if edit.deleted is not None:
                    notes.append(
                        f"{edit.column1}/{edit.column2}: deletion date {edit.deleted.isoformat()} is the last day "
                        "the edit applies (CMS dates a deletion the day before the release that removes it), "
                        f"so it still applies on {dos.isoformat()}"
                    )
    flagged = {(p.column1.code, p.column2.code) for p in found} | {(p.column2.code, p.column1.code) for p in found}
    for x, y in quiet:
        if (x, y) not in flagged:
            note = f"no PTP edit between {x} and {y} in {release.name}"
            note += _history_hint(history.get(frozenset((x, y)), []), dos)
            notes.append(note + (f"; {release.caveat}" if release.caveat else ""))
    return found


def _history_hint(rows: list[PtpEdit], dos: date) -> str:
    """Why an edit listed for the pair does not apply on `dos` (deleted before, or effective after)."""
    if not rows:
        return ""
    parts = []
    for e in sorted(rows, key=lambda r: r.effective):
        span = f"{e.effective.isoformat()} to {e.deleted.isoformat() if e.deleted else 'now'}"
        parts.append(f"{e.column1}/{e.column2} was in force {span}")
    return f" on {dos.isoformat()} (" + "; ".join(parts) + ")"


def _mue_statement(edit: MueEdit) -> str:
    if edit.adjudication_indicator == "1":
        # A line edit counts the units of one claim line: one session or site; another session or site
        # goes on its own line with a modifier (76, 91, XE, XS or an anatomic modifier).
        per = "session (claim line; a separate session or site goes on its own line with 76, 91, XE, XS or LT/RT)"
    else:
        per = "date of service"
    if edit.value == 1:
        return f"bill {edit.code} once per {per} (MUE 1)"
    return f"bill at most {edit.value} units of {edit.code} per {per} (MUE {edit.value})"


def _check_mue(lines: Sequence[ClaimLine], dos: date, edits: EditSet, notes: list[str]) -> list[MueFinding]:
    release = edits.mue_release
    if release is None:
        notes.append(not_loaded_note(MUE, edits.setting, dos))
        return []
    out: list[MueFinding] = []
    for code in dict.fromkeys(line.code for line in lines):
        edit = edits.mue.get(code)
        if edit is None:
            notes.append(f"no published MUE for {code} in {release.name}")
            continue
        own = [line.units for line in lines if line.code == code]
        units = max(own) if edit.adjudication_indicator == "1" else sum(own)
        exceeded = units > edit.value
        statement = _mue_statement(edit)
        rule = MUE_ADJUDICATION.get(edit.adjudication_indicator, edit.adjudication)
        if exceeded:
            statement = f"{units} units of {code} exceed the MUE of {edit.value}: {rule}"
        else:
            statement = f"{statement}; {rule.split(':')[0]}"
        out.append(MueFinding(code, units, edit, exceeded, statement))
    return out


def _addon_from_aoc(lines: Sequence[ClaimLine], dos: date, edits: EditSet) -> list[AddonFinding]:
    release = edits.aoc_release
    assert release is not None
    codes = list(dict.fromkeys(line.code for line in lines))
    rows: dict[str, list[AocEdit]] = {}
    for row in edits.aoc:
        if row.active_on(dos):
            rows.setdefault(row.addon, []).append(row)
    out: list[AddonFinding] = []
    for code in codes:
        own = rows.get(code)
        if not own:
            continue
        primaries = {r.primary for r in own}
        present = tuple(c for c in codes if c in primaries and c != code)
        types = sorted({r.aoc_type for r in own})
        aoc_type = types[0] if len(types) == 1 else "/".join(types)
        others = [c for c in codes if c != code and c not in rows]
        if present:
            eligible: bool | None = True
            message = f"{code} is an add-on code; eligible primary given: {', '.join(present)}"
        elif aoc_type == "1":
            eligible = False
            message = (
                f"{code} is an add-on code (AOC type 1) billed without any of its eligible primary codes: "
                "it will be denied"
            )
        elif not others:
            eligible = False
            message = f"{code} is an add-on code (AOC type {aoc_type}) and is never paid without a primary service"
        else:
            eligible = None
            listed = (
                "no primary codes are listed by CPT" if aoc_type == "2" else "none of the listed primaries is given"
            )
            message = (
                f"{code} is an add-on code (AOC type {aoc_type}): {listed}; the Medicare contractor decides "
                f"whether {', '.join(others)} is an eligible primary"
            )
        out.append(AddonFinding(code, "AOC", aoc_type, eligible, present, release.name, message))
    return out


def _addon_from_schedule(lines: Sequence[ClaimLine], schedule: FeeSchedule) -> list[AddonFinding]:
    codes = list(dict.fromkeys(line.code for line in lines))
    addons = {c for c in codes if (row := schedule.rvus.get((c, ""))) is not None and row.global_days == "ZZZ"}
    out: list[AddonFinding] = []
    for code in codes:
        if code not in addons:
            continue
        others = [c for c in codes if c not in addons]
        if others:
            eligible: bool | None = None
            message = (
                f"{code} is an add-on code (global period ZZZ in {schedule.release.label}); the add-on code edit "
                f"table is not loaded, so whether {', '.join(others)} is an eligible primary was not checked"
            )
        else:
            eligible = False
            message = (
                f"{code} is an add-on code (global period ZZZ in {schedule.release.label}) billed without any "
                "primary service: it will be denied"
            )
        out.append(AddonFinding(code, "ZZZ", None, eligible, (), schedule.release.label, message))
    return out


def _check_status(lines: Sequence[ClaimLine], dos: date, schedule: FeeSchedule | None, notes: list[str]) -> None:
    if schedule is None:
        notes.append(
            f"no fee schedule loaded for {dos.isoformat()}: PFS status B (bundled) and T (paid only alone) not checked"
        )
        return
    codes = list(dict.fromkeys(line.code for line in lines))
    status = {c: row.status for c in codes if (row := schedule.rvus.get((c, ""))) is not None}
    label = schedule.release.label
    absent = [c for c in codes if c not in status]
    if absent:
        notes.append(
            f"not in {label}, the fee schedule checked for {dos.isoformat()}: {', '.join(absent)}; their PFS status "
            "(B bundled, T paid alone) and add-on global period (ZZZ) were not checked (codes paid under another "
            "fee schedule, such as lab codes, are not listed there)"
        )
    for code in codes:
        st = status.get(code)
        if st == "B":
            notes.append(
                f"{code} has PFS status B (bundled) in {label}: Medicare never pays it separately; its payment "
                "is included in the other services"
            )
        elif st == "T":
            others = [c for c in codes if c != code and status.get(c) not in (None, "B", "I", "N", "X", "P")]
            if others:
                notes.append(
                    f"{code} has PFS status T in {label}: paid only when no other payable service is billed the "
                    f"same day; with {', '.join(others)} it is bundled"
                )
            else:
                notes.append(f"{code} has PFS status T in {label}: paid only when it is the only payable service")


def check_bundling(
    lines: Iterable[ClaimLine],
    dos: date,
    edits: EditSet,
    schedule: FeeSchedule | None,
) -> BundlingResult:
    """Check claim lines for one date of service against the NCCI edits and the fee schedule."""
    notes: list[str] = list(edits.notes)
    checked = _dedupe(lines, notes)
    pairs = _check_pairs(checked, dos, edits, schedule, notes)
    mue = _check_mue(checked, dos, edits, notes)
    if edits.aoc_release is not None:
        addon = _addon_from_aoc(checked, dos, edits)
    else:
        notes.append(not_loaded_note(AOC, edits.setting, dos))
        addon = _addon_from_schedule(checked, schedule) if schedule is not None else []
    _check_status(checked, dos, schedule, notes)
    return BundlingResult(
        dos=dos,
        lines=tuple(checked),
        setting=edits.setting,
        pairs=tuple(pairs),
        mue=tuple(mue),
        addon=tuple(addon),
        notes=tuple(notes),
        ptp_release=edits.ptp_release,
        mue_release=edits.mue_release,
        aoc_release=edits.aoc_release,
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def bundling_json(result: BundlingResult) -> dict[str, Any]:
    """The machine-readable answer (field names are a contract)."""
    return {
        "bundling": [
            {
                "column1": p.column1.code,
                "column2": p.column2.code,
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
