"""Reading NCCI edits for a set of codes on one date of service.

`load_edits(session, codes, dos, setting="practitioner") -> EditSet`: which PTP / MUE / add-on
release answers `dos` (rules in `bot.pricing.ncci.release`), then one query per data set: the
PTP rows among the codes in both directions (column1 IN codes AND column2 IN codes, a seek on the
primary key), the MUE rows of the codes, and the add-on rows whose add-on code is among the codes.
PTP and add-on rows come back whatever their dates; the check filters by `dos`, so it can say when
an edit for the pair stopped or starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.pricing.lines import ClaimLine, is_hcpcs
from bot.pricing.ncci.check import check_bundling
from bot.pricing.ncci.findings import BundlingResult
from bot.pricing.ncci.release import Candidate, choose, quarter_start
from bot.pricing.ncci.types import (
    AOC,
    MUE,
    PRACTITIONER,
    PTP,
    AocEdit,
    EditSet,
    MueEdit,
    NcciRelease,
    PtpEdit,
    ymd_to_date,
)
from bot.pricing.schedule import FeeSchedule
from storage.models.ncci import NcciAoc, NcciFile, NcciMue, NcciPtp, NcciRationale
from storage.models.ncci import NcciRelease as ReleaseRow

PTP_PARTS = 4  # CMS publishes each PTP release in parts f1..f4
_KIND_TEXT = {PTP: "PTP edits", MUE: "MUE values", AOC: "add-on code edits"}
_RELEASES_TEXT = {PTP: "PTP releases", MUE: "MUE releases", AOC: "add-on code edit releases"}


async def loaded_releases(db: AsyncSession | AsyncConnection, setting: str = PRACTITIONER) -> list[NcciRelease]:
    """Every stored NCCI release for the setting (add-on code edits have no setting), oldest first."""
    return [r for _, _, r in await _releases(db, setting)]


async def _releases(db: AsyncSession | AsyncConnection, setting: str) -> list[tuple[int, int, NcciRelease]]:
    rel, files = ReleaseRow.__table__, NcciFile.__table__
    query = (
        select(
            rel.c.id,
            rel.c.kind,
            rel.c.setting,
            rel.c.name,
            rel.c.effective,
            rel.c.revision,
            files.c.part,
            files.c.name.label("file"),
        )
        .join(files, files.c.release_id == rel.c.id)
        .order_by(rel.c.effective, rel.c.revision, rel.c.id, files.c.part)
    )
    grouped: dict[int, dict[str, Any]] = {}
    for row in (await db.execute(query)).all():
        if row.kind != AOC and row.setting != setting:
            continue
        entry = grouped.setdefault(row.id, {"row": row, "parts": [], "files": []})
        entry["parts"].append(row.part)
        entry["files"].append(row.file)
    out: list[tuple[int, int, NcciRelease]] = []
    for release_id, entry in grouped.items():
        row = entry["row"]
        caveat = ""
        if row.kind == PTP:
            parts = sorted(set(entry["parts"]))
            expected = list(range(1, max(PTP_PARTS, *parts) + 1))
            missing = [p for p in expected if p not in parts]
            if missing:
                have = ", ".join(f"f{p}" for p in parts)
                caveat = f"only file{'s' if len(parts) > 1 else ''} {have} of f1-f{expected[-1]} loaded"
        release = NcciRelease(row.kind, row.setting, row.name, row.effective, tuple(entry["files"]), caveat)
        out.append((release_id, row.revision, release))
    return out


async def load_edits(
    session: AsyncSession | AsyncConnection, codes: Iterable[str], dos: date, setting: str = PRACTITIONER
) -> EditSet:
    """PTP edits among `codes` (both directions), their MUE rows and add-on rows, for `dos`."""
    wanted = sorted({c.strip().upper() for c in codes if is_hcpcs(c.strip().upper())})
    releases = await _releases(session, setting)
    chosen: dict[str, tuple[int, NcciRelease] | None] = {}
    notes: list[str] = []
    for kind in (PTP, MUE, AOC):
        mine = [(rid, rev, r) for rid, rev, r in releases if r.kind == kind]
        by_id = {rid: r for rid, _, r in mine}
        choice = choose(kind, [Candidate(rid, r.effective, rev) for rid, rev, r in mine], dos)
        if choice is None:
            chosen[kind] = None
            if mine:
                names = ", ".join(r.name for _, _, r in mine)
                notes.append(f"the NCCI {_RELEASES_TEXT[kind]} loaded do not cover {dos.isoformat()}: {names}")
            continue
        release = by_id[choice.id]
        chosen[kind] = (choice.id, release)
        if choice.note == "history":
            q = quarter_start(dos)
            notes.append(
                f"{_KIND_TEXT[kind]} for {dos.isoformat()} come from the history in {release.name}: the release "
                f"for {q.year}Q{(q.month - 1) // 3 + 1} is not loaded; CMS may have changed modifier indicators since"
            )

    ptp: tuple[PtpEdit, ...] = ()
    mue: dict[str, MueEdit] = {}
    aoc: tuple[AocEdit, ...] = ()
    if wanted and (hit := chosen[PTP]) is not None:
        ptp = await _ptp_rows(session, hit[0], hit[1].name, wanted)
    if wanted and (hit := chosen[MUE]) is not None:
        mue = await _mue_rows(session, hit[0], hit[1].name, wanted)
    if wanted and (hit := chosen[AOC]) is not None:
        aoc = await _aoc_rows(session, hit[0], hit[1].name, wanted)
    return EditSet(
        dos=dos,
        codes=frozenset(wanted),
        setting=setting,
        ptp_release=_release_of(chosen[PTP]),
        mue_release=_release_of(chosen[MUE]),
        aoc_release=_release_of(chosen[AOC]),
        ptp=ptp,
        mue=mue,
        aoc=aoc,
        notes=tuple(notes),
    )


def _release_of(hit: tuple[int, NcciRelease] | None) -> NcciRelease | None:
    return hit[1] if hit is not None else None


async def _ptp_rows(
    db: AsyncSession | AsyncConnection, release_id: int, release: str, codes: list[str]
) -> tuple[PtpEdit, ...]:
    p, r, f = NcciPtp.__table__, NcciRationale.__table__, NcciFile.__table__
    query = (
        select(
            p.c.column1,
            p.c.column2,
            p.c.effective,
            p.c.deleted,
            p.c.modifier_indicator,
            r.c.text,
            p.c.prior_1996,
            f.c.name,
            p.c.line,
        )
        .join(r, r.c.id == p.c.rationale_id)
        .join(f, f.c.id == p.c.file_id)
        .where(p.c.release_id == release_id, p.c.column1.in_(codes), p.c.column2.in_(codes))
    )
    return tuple(
        PtpEdit(
            column1=c1,
            column2=c2,
            effective=ymd_to_date(eff),
            deleted=ymd_to_date(dele) if dele is not None else None,
            modifier_indicator=ind,
            rationale=why,
            release=release,
            prior_1996=bool(prior),
            source=f"{name}:{line}",
        )
        for c1, c2, eff, dele, ind, why, prior, name, line in (await db.execute(query)).all()
    )


async def _mue_rows(
    db: AsyncSession | AsyncConnection, release_id: int, release: str, codes: list[str]
) -> dict[str, MueEdit]:
    m = NcciMue.__table__
    query = select(m.c.code, m.c.value, m.c.adjudication_indicator, m.c.adjudication, m.c.rationale).where(
        m.c.release_id == release_id, m.c.code.in_(codes)
    )
    return {
        code: MueEdit(code, value, ind, text, why, release)
        for code, value, ind, text, why in (await db.execute(query)).all()
    }


async def _aoc_rows(
    db: AsyncSession | AsyncConnection, release_id: int, release: str, codes: list[str]
) -> tuple[AocEdit, ...]:
    a = NcciAoc.__table__
    query = select(a.c.addon, a.c.primary_code, a.c.aoc_type, a.c.effective, a.c.deleted).where(
        a.c.release_id == release_id, a.c.addon.in_(codes)
    )
    return tuple(
        AocEdit(addon, primary, aoc_type, ymd_to_date(eff), ymd_to_date(dele) if dele is not None else None, release)
        for addon, primary, aoc_type, eff, dele in (await db.execute(query)).all()
    )


async def check_lines(
    session: AsyncSession | AsyncConnection,
    lines: Iterable[ClaimLine],
    dos: date,
    schedule: FeeSchedule | None,
    setting: str = PRACTITIONER,
) -> BundlingResult:
    """Load the edits for `lines` on `dos` and run the bundling check (the one call a handler needs)."""
    lines = tuple(lines)
    edits = await load_edits(session, [line.hcpcs for line in lines], dos, setting)
    return check_bundling(lines, dos, edits, schedule)
