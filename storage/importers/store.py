"""Write parsed PFS and ZIP files to the database, idempotently. Runs inside the caller's transaction.

Each (release, kind) holds exactly one file. A file whose SHA-256 equals the stored one changes
nothing; a different file replaces that kind's rows for that release. Bulk inserts use SQLAlchemy Core
`insert()` with executemany in large batches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.pricing.schedule import AnesthesiaCf, CountyLocality, Gpci, OppsCap, RvuRow, ZipLocality
from storage.importers.errors import refuse_fewer_rows
from storage.importers.release import ReleaseKey
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

RELEASE = cast(Table, PfsRelease.__table__)
FILE = cast(Table, PfsFile.__table__)
ZIP_FILE = cast(Table, ZipFile.__table__)
ZIP_ROW = cast(Table, ZipLocalityRow.__table__)
BATCH = 10_000
Progress = Callable[[int], None]

_RVU_FIELDS = [c.name for c in PfsRvu.__table__.columns if c.name not in ("release_id", "line")]


def _text(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _rvu(release_id: int, r: RvuRow) -> dict[str, Any]:
    row = {name: _text(getattr(r, name)) for name in _RVU_FIELDS}
    row["release_id"] = release_id
    row["line"] = r.source.line
    return row


def _gpci(release_id: int, g: Gpci) -> dict[str, Any]:
    return {
        "release_id": release_id, "carrier": g.carrier, "locality": g.locality, "line": g.source.line,
        "state": g.state, "name": g.name, "work": str(g.work), "pe": str(g.pe), "mp": str(g.mp),
    }  # fmt: skip


def _county(release_id: int, c: CountyLocality) -> dict[str, Any]:
    return {
        "release_id": release_id, "line": c.source.line, "carrier": c.carrier, "locality": c.locality,
        "state": c.state, "fee_schedule_area": c.fee_schedule_area, "counties": c.counties,
    }  # fmt: skip


def _cap(release_id: int, o: OppsCap) -> dict[str, Any]:
    return {
        "release_id": release_id, "hcpcs": o.hcpcs, "modifier": o.modifier, "carrier": o.carrier,
        "locality": o.locality, "line": o.source.line, "status": o.status,
        "facility_price": str(o.facility_price), "nonfacility_price": str(o.nonfacility_price),
    }  # fmt: skip


def _anes(release_id: int, a: AnesthesiaCf) -> dict[str, Any]:
    return {
        "release_id": release_id, "carrier": a.carrier, "locality": a.locality, "line": a.source.line,
        "name": a.name, "conversion_factor": str(a.conversion_factor),
    }  # fmt: skip


TABLES: dict[str, tuple[Table, Callable[[int, Any], dict[str, Any]]]] = {
    "pprrvu": (cast(Table, PfsRvu.__table__), _rvu),
    "gpci": (cast(Table, PfsGpci.__table__), _gpci),
    "locco": (cast(Table, PfsCounty.__table__), _county),
    "oppscap": (cast(Table, PfsOppsCap.__table__), _cap),
    "anes": (cast(Table, PfsAnesthesia.__table__), _anes),
}


async def bulk_insert(conn: AsyncConnection, table: Table, rows: Iterable[dict[str, Any]], progress: Progress) -> int:
    batch: list[dict[str, Any]] = []
    count = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            await conn.execute(insert(table), batch)
            count += len(batch)
            progress(len(batch))
            batch = []
    if batch:
        await conn.execute(insert(table), batch)
        count += len(batch)
        progress(len(batch))
    return count


async def find_release(conn: AsyncConnection, key: ReleaseKey) -> tuple[int, str] | None:
    """(id, conversion factor) of a stored release, or None."""
    t = RELEASE
    row = (
        await conn.execute(
            select(t.c.id, t.c.conversion_factor).where(t.c.release == key.id, t.c.variant == key.variant)
        )
    ).first()
    return (row[0], row[1]) if row else None


async def ensure_release(conn: AsyncConnection, key: ReleaseKey, cf: Decimal, now: datetime) -> tuple[int, bool]:
    """The release's id, creating it or updating its conversion factor; and whether anything changed."""
    t = RELEASE
    found = await find_release(conn, key)
    if found is None:
        await conn.execute(
            insert(t).values(
                release=key.id,
                variant=key.variant,
                year=key.year,
                effective_from=key.effective_from,
                effective_to=key.effective_to,
                conversion_factor=str(cf),
                imported_at=now,
            )
        )
        created = await find_release(conn, key)
        assert created is not None
        return created[0], True
    release_id, stored_cf = found
    if Decimal(stored_cf) != cf:
        await conn.execute(update(t).where(t.c.id == release_id).values(conversion_factor=str(cf), imported_at=now))
        return release_id, True
    return release_id, False


async def stored_sha(conn: AsyncConnection, release_id: int, kind: str) -> str | None:
    f = FILE
    return (
        await conn.execute(select(f.c.sha256).where(f.c.release_id == release_id, f.c.kind == kind))
    ).scalar_one_or_none()


async def store_file(
    conn: AsyncConnection,
    release_id: int,
    kind: str,
    name: str,
    sha256: str,
    rows: Sequence[Any],
    now: datetime,
    progress: Progress,
    allow_fewer_rows: bool = False,
) -> bool:
    """Store one file's rows for a release; False when the same file is already there."""
    f = FILE
    where = (f.c.release_id == release_id, f.c.kind == kind)
    stored = (await conn.execute(select(f.c.sha256, f.c.name, f.c.rows).where(*where))).first()
    if stored is not None and stored[0] == sha256:
        return False
    if stored is not None and not allow_fewer_rows:
        refuse_fewer_rows(name, len(rows), stored[1], stored[2])
    table, to_row = TABLES[kind]
    await conn.execute(delete(table).where(table.c.release_id == release_id))
    await conn.execute(delete(f).where(f.c.release_id == release_id, f.c.kind == kind))
    await bulk_insert(conn, table, (to_row(release_id, r) for r in rows), progress)
    await conn.execute(
        insert(f).values(release_id=release_id, kind=kind, name=name, sha256=sha256, rows=len(rows), imported_at=now)
    )
    return True


async def store_zip_file(
    conn: AsyncConnection,
    name: str,
    sha256: str,
    rows: Sequence[ZipLocality],
    now: datetime,
    progress: Progress,
    allow_fewer_rows: bool = False,
) -> tuple[str, bool]:
    """Store a ZIP-to-locality file under its quarter (YYYYQ); (quarter, changed)."""
    quarter = max(r.year_quarter for r in rows)
    z = ZIP_FILE
    zl = ZIP_ROW
    found = (
        await conn.execute(select(z.c.id, z.c.sha256, z.c.name, z.c.rows).where(z.c.year_quarter == quarter))
    ).first()
    if found is not None and found[1] == sha256:
        return quarter, False
    if found is not None and not allow_fewer_rows:
        refuse_fewer_rows(name, len(rows), found[2], found[3])
    if found is not None:
        await conn.execute(delete(zl).where(zl.c.zip_file_id == found[0]))
        await conn.execute(delete(z).where(z.c.id == found[0]))
    await conn.execute(
        insert(z).values(year_quarter=quarter, name=name, sha256=sha256, rows=len(rows), imported_at=now)
    )
    zip_id = (await conn.execute(select(z.c.id).where(z.c.year_quarter == quarter))).scalar_one()
    await bulk_insert(
        conn,
        zl,
        (
            {
                "zip_file_id": zip_id,
                "zip5": r.zip5,
                "line": r.source.line,
                "state": r.state,
                "carrier": r.carrier,
                "locality": r.locality,
                "rural": r.rural,
                "year_quarter": r.year_quarter,
            }
            for r in rows
        ),
        progress,
    )
    return quarter, True
