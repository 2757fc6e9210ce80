"""Load every stored PFS release as an immutable `FeeSchedule` snapshot (runs at start-up).

ZIP-to-locality files are quarterly and independent of PFS releases. Each release gets the ZIP file
of the latest quarter that starts on or before the release's effective date (RVU25D, in force from
2025-10-01, gets 20254); a release older than every stored ZIP file gets the oldest one. ZIP maps are
shared between snapshots, not copied.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.pricing.schedule import (
    AnesthesiaCf,
    CountyLocality,
    FeeSchedule,
    Gpci,
    OppsCap,
    Release,
    RvuRow,
    SourceRef,
    ZipLocality,
)
from storage.models.fee_schedule import (
    PfsAnesthesia,
    PfsCounty,
    PfsFile,
    PfsGpci,
    PfsOppsCap,
    PfsRelease,
    PfsRvu,
    ZipFile,
    ZipLocalityRow,
)

# RvuRow's fields in declaration order (positional construction is the fast path at start-up)
_RVU_ORDER = (
    "hcpcs", "modifier", "description", "status", "not_used_for_medicare", "work_rvu", "nonfacility_pe_rvu",
    "nonfacility_na", "facility_pe_rvu", "facility_na", "mp_rvu", "nonfacility_total", "facility_total",
    "pctc_indicator", "global_days", "preop", "intraop", "postop", "mult_proc", "bilat_surg", "asst_surg",
    "co_surg", "team_surg", "endo_base", "conversion_factor", "phys_supervision", "calculation_flag",
    "imaging_family", "opps_nonfacility_pe", "opps_facility_pe", "opps_mp", "line", "pricing_indicator",
)  # fmt: skip


class _Decimals(dict[str, Decimal]):
    """Decimal for each distinct text, made once (Decimals are immutable, so sharing is safe)."""

    def __missing__(self, key: str) -> Decimal:
        value = self[key] = Decimal(key)
        return value


def quarter_start(year_quarter: str) -> date:
    """First day of a YYYYQ quarter ("20254" → 2025-10-01)."""
    return date(int(year_quarter[:4]), 3 * (int(year_quarter[4]) - 1) + 1, 1)


def pick_zip_file(zip_files: Sequence[tuple[int, str]], day: date) -> int | None:
    """The id of the ZIP file for a release in force from `day`: latest quarter starting on or before it."""
    if not zip_files:
        return None
    ordered = sorted(zip_files, key=lambda z: z[1])
    chosen = ordered[0][0]
    for zip_id, year_quarter in ordered:
        if quarter_start(year_quarter) <= day:
            chosen = zip_id
    return chosen


async def _rows(conn: AsyncConnection, stmt: Any) -> list[Any]:
    return list((await conn.execute(stmt)).all())


async def _load_zip_map(conn: AsyncConnection, zip_id: int, file_name: str) -> dict[str, ZipLocality]:
    t = ZipLocalityRow.__table__
    rows = await _rows(
        conn,
        select(t.c.zip5, t.c.state, t.c.carrier, t.c.locality, t.c.rural, t.c.year_quarter, t.c.line).where(
            t.c.zip_file_id == zip_id
        ),
    )
    return {r[0]: ZipLocality(r[0], r[1], r[2], r[3], r[4], r[5], SourceRef(file_name, r[6])) for r in rows}


async def _load_release(
    conn: AsyncConnection, rel: Any, files: Mapping[str, str], zips: Mapping[str, ZipLocality]
) -> FeeSchedule:
    release = _release(rel)
    rvu_file = files.get("pprrvu", "")
    d = _Decimals()
    t = PfsRvu.__table__
    rvus: dict[tuple[str, str], RvuRow] = {}
    for r in await _rows(conn, select(*(t.c[name] for name in _RVU_ORDER)).where(t.c.release_id == rel.id)):
        rvus[(r[0], r[1])] = RvuRow(
            r[0], r[1], r[2], r[3], bool(r[4]), d[r[5]], d[r[6]], bool(r[7]), d[r[8]], bool(r[9]), d[r[10]],
            d[r[11]], d[r[12]], r[13], r[14], d[r[15]], d[r[16]], d[r[17]], r[18], r[19], r[20], r[21], r[22],
            r[23], d[r[24]], r[25], r[26], r[27], d[r[28]], d[r[29]], d[r[30]], SourceRef(rvu_file, r[31]), r[32],
        )  # fmt: skip

    g = PfsGpci.__table__
    gpcis: dict[str, Gpci] = {}
    for r in await _rows(
        conn,
        select(g.c.carrier, g.c.locality, g.c.state, g.c.name, g.c.work, g.c.pe, g.c.mp, g.c.line).where(
            g.c.release_id == rel.id
        ),
    ):
        gp = Gpci(r[0], r[1], r[2], r[3], Decimal(r[4]), Decimal(r[5]), Decimal(r[6]), SourceRef(files["gpci"], r[7]))
        gpcis[gp.key] = gp

    o = PfsOppsCap.__table__
    caps: dict[tuple[str, str, str, str], OppsCap] = {}
    for r in await _rows(
        conn,
        select(
            o.c.hcpcs,
            o.c.modifier,
            o.c.status,
            o.c.carrier,
            o.c.locality,
            o.c.facility_price,
            o.c.nonfacility_price,
            o.c.line,
        ).where(o.c.release_id == rel.id),
    ):
        cap = OppsCap(r[0], r[1], r[2], r[3], r[4], d[r[5]], d[r[6]], SourceRef(files["oppscap"], r[7]))
        caps[(cap.hcpcs, cap.modifier, cap.carrier, cap.locality)] = cap

    a = PfsAnesthesia.__table__
    anes: dict[str, AnesthesiaCf] = {}
    for r in await _rows(
        conn,
        select(a.c.carrier, a.c.locality, a.c.name, a.c.conversion_factor, a.c.line).where(a.c.release_id == rel.id),
    ):
        anes[f"{r[0]}-{r[1]}"] = AnesthesiaCf(r[0], r[1], r[2], Decimal(r[3]), SourceRef(files["anes"], r[4]))

    c = PfsCounty.__table__
    counties = tuple(
        CountyLocality(r[0], r[1], r[2], r[3], r[4], SourceRef(files["locco"], r[5]))
        for r in await _rows(
            conn,
            select(c.c.carrier, c.c.locality, c.c.state, c.c.fee_schedule_area, c.c.counties, c.c.line)
            .where(c.c.release_id == rel.id)
            .order_by(c.c.line),
        )
    )
    first_zip = next(iter(zips.values()), None)
    zip_names = (first_zip.source.file,) if first_zip else ()
    return FeeSchedule(
        release=release,
        rvus=rvus,
        gpcis=gpcis,
        opps_caps=caps,
        anesthesia=anes,
        counties=counties,
        zips=zips,
        files=tuple(files[k] for k in sorted(files)) + zip_names,
    )


def _release(rel: Any) -> Release:
    return Release(
        id=rel.release,
        year=rel.year,
        effective_from=rel.effective_from,
        effective_to=rel.effective_to,
        conversion_factor=Decimal(rel.conversion_factor),
        variant=rel.variant,
    )


async def load_fee_schedules_from(
    conn: AsyncConnection, only: Collection[str] | None = None, *, with_zips: bool = True
) -> list[FeeSchedule]:
    r = PfsRelease.__table__
    releases = await _rows(conn, select(r).order_by(r.c.effective_from, r.c.release, r.c.variant))
    if only is not None:
        releases = [rel for rel in releases if rel.release in only or _release(rel).label in only]
    f = PfsFile.__table__
    files: dict[int, dict[str, str]] = defaultdict(dict)
    for rid, kind, name in await _rows(conn, select(f.c.release_id, f.c.kind, f.c.name)):
        files[rid][kind] = name
    z = ZipFile.__table__
    zip_files = await _rows(conn, select(z.c.id, z.c.year_quarter, z.c.name))
    zip_names = {zid: name for zid, _, name in zip_files}
    zip_maps: dict[int, dict[str, ZipLocality]] = {}
    out: list[FeeSchedule] = []
    for rel in releases:
        zip_id = pick_zip_file([(zid, yq) for zid, yq, _ in zip_files], rel.effective_from) if with_zips else None
        if zip_id is not None and zip_id not in zip_maps:
            zip_maps[zip_id] = await _load_zip_map(conn, zip_id, zip_names[zip_id])
        zips = zip_maps.get(zip_id, {}) if zip_id is not None else {}
        out.append(await _load_release(conn, rel, defaultdict(str, files[rel.id]), zips))
    return out


async def load_fee_schedules(
    session: AsyncSession, only: Collection[str] | None = None, *, with_zips: bool = True
) -> list[FeeSchedule]:
    """Every imported release/variant as a complete snapshot, oldest first, each with its ZIP map.

    `only`: load just these releases, by id ("RVU25D": every variant) or label ("RVU26C nonQPP")
    — for one-shot commands that know what they need; see `list_releases` to choose cheaply.
    `with_zips=False` leaves the ZIP maps empty, for commands that never look a ZIP up."""
    conn = await session.connection()
    return await load_fee_schedules_from(conn, only, with_zips=with_zips)


async def list_releases(session: AsyncSession) -> list[Release]:
    """The stored releases (metadata only, no rows), oldest first: cheap, for choosing what to load."""
    conn = await session.connection()
    r = PfsRelease.__table__
    return [
        _release(rel) for rel in await _rows(conn, select(r).order_by(r.c.effective_from, r.c.release, r.c.variant))
    ]


PFS_KINDS = ("pprrvu", "gpci", "locco", "oppscap", "anes")


@dataclass(frozen=True, slots=True)
class FileStatus:
    kind: str
    name: str
    rows: int
    imported_at: datetime


@dataclass(frozen=True, slots=True)
class ReleaseStatus:
    label: str
    effective_from: date
    effective_to: date | None
    conversion_factor: str
    files: tuple[FileStatus, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ZipStatus:
    year_quarter: str
    name: str
    rows: int
    imported_at: datetime


@dataclass(frozen=True, slots=True)
class DataStatus:
    releases: tuple[ReleaseStatus, ...]
    zip_files: tuple[ZipStatus, ...]


async def data_status(session: AsyncSession) -> DataStatus:
    """What is imported: releases with their files and row counts, and the ZIP files."""
    conn = await session.connection()
    r = PfsRelease.__table__
    f = PfsFile.__table__
    z = ZipFile.__table__
    files: dict[int, list[FileStatus]] = defaultdict(list)
    for rid, kind, name, rows, at in await _rows(
        conn, select(f.c.release_id, f.c.kind, f.c.name, f.c.rows, f.c.imported_at)
    ):
        files[rid].append(FileStatus(kind, name, rows, at))
    releases = []
    for rel in await _rows(conn, select(r).order_by(r.c.effective_from, r.c.release, r.c.variant)):
        have = sorted(files[rel.id], key=lambda fs: PFS_KINDS.index(fs.kind) if fs.kind in PFS_KINDS else 99)
        kinds = {fs.kind for fs in have}
        releases.append(
            ReleaseStatus(
                f"{rel.release} {rel.variant}".strip(),
                rel.effective_from,
                rel.effective_to,
                rel.conversion_factor,
                tuple(have),
                tuple(k for k in PFS_KINDS if k not in kinds),
            )
        )
    zips = tuple(
        ZipStatus(*row)
        for row in await _rows(
            conn, select(z.c.year_quarter, z.c.name, z.c.rows, z.c.imported_at).order_by(z.c.year_quarter)
        )
    )
    return DataStatus(tuple(releases), zips)
