"""The NCCI bundling check: PTP pairs, MUE units, add-on codes, and PFS status B/T, for one date.

`check_bundling(lines, dos, edits, schedule)` is pure: `edits` (an `EditSet`) comes from
`storage.repositories.ncci.load_edits(session, codes, dos)`, `schedule` from the fee-schedule
library (or None). It never reports "no edit" for data that is not loaded: when the PTP, MUE or
add-on data set is missing for the date, the result says so in `notes`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from bot.pricing.lines import ClaimLine, is_hcpcs
from bot.pricing.ncci.findings import (
    MUE_ADJUDICATION,
    AddonFinding,
    BundlingResult,
    MueFinding,
    PairFinding,
    not_loaded_note,
)
from bot.pricing.ncci.modifiers import INDICATOR_TEXT, bypass
from bot.pricing.ncci.types import AOC, MUE, PTP, AocEdit, EditSet, MueEdit, PtpEdit
from bot.pricing.schedule import FeeSchedule


def _dedupe(lines: Iterable[ClaimLine], notes: list[str]) -> list[ClaimLine]:
    out: list[ClaimLine] = []
    counts: dict[ClaimLine, int] = {}
    for given in lines:
        # callers may pass modifiers as a list: normalise to the hashable, upper-case form
        line = ClaimLine(
            given.hcpcs.strip().upper(), tuple(m.strip().upper() for m in given.modifiers), given.units, given.text
        )
        if not is_hcpcs(line.hcpcs):
            notes.append(f"{line.hcpcs!r} is not a HCPCS/CPT code shape; not checked")
            continue
        counts[line] = counts.get(line, 0) + 1
        if counts[line] == 1:
            out.append(line)
    notes.extend(f"{line.entry} was listed {n} times; checked once" for line, n in counts.items() if n > 1)
    return out


def _check_pairs(
    lines: Sequence[ClaimLine], dos: date, edits: EditSet, schedule: FeeSchedule | None, notes: list[str]
) -> list[PairFinding]:
    release = edits.ptp_release
    if release is None:
        if len({line.hcpcs for line in lines}) > 1:
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
            if a.hcpcs == b.hcpcs:
                continue
            hits = [(a, b, e) for e in by_pair.get((a.hcpcs, b.hcpcs), ())]
            hits += [(b, a, e) for e in by_pair.get((b.hcpcs, a.hcpcs), ())]
            if not hits:
                pair = (a.hcpcs, b.hcpcs) if a.hcpcs <= b.hcpcs else (b.hcpcs, a.hcpcs)
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
    flagged = {(p.column1.hcpcs, p.column2.hcpcs) for p in found} | {(p.column2.hcpcs, p.column1.hcpcs) for p in found}
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
    for code in dict.fromkeys(line.hcpcs for line in lines):
        edit = edits.mue.get(code)
        if edit is None:
            notes.append(f"no published MUE for {code} in {release.name}")
            continue
        own = [line.units for line in lines if line.hcpcs == code]
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
    codes = list(dict.fromkeys(line.hcpcs for line in lines))
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
    codes = list(dict.fromkeys(line.hcpcs for line in lines))
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
    codes = list(dict.fromkeys(line.hcpcs for line in lines))
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
