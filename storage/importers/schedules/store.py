"""Write one parsed schedule file as a part of its release, inside the import's transaction.

Idempotent: the same file again (SHA-256) changes nothing. Another file for the same schedule,
part and period start replaces the stored one — unless it has fewer rows (it looks truncated;
`--allow-fewer-rows` overrides), which raises and rolls the whole import back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select

from storage.importers.errors import refuse_fewer_rows
from storage.importers.kinds import ImportOutcome
from storage.importers.schedules.parsed import ParsedSchedule
from storage.importers.schedules.records import encode
from storage.models.schedules import ScheduleFile, ScheduleRow

BATCH = 5_000


def _table(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


COLUMNS = ("file_id", "line", "hcpcs", "modifier", "data")


async def _write_rows(conn: Any, table: Table, records: list[tuple[Any, ...]]) -> None:
    """Bulk insert: sqlite3's executemany directly on SQLite (the SQLAlchemy layer costs more than
    the insert here), batched Core inserts elsewhere (asyncpg)."""
    if conn.dialect.name == "sqlite":
        raw = await conn.get_raw_connection()
        sql = f"INSERT INTO schedule_row ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?)"
        await raw.driver_connection.executemany(sql, records)
        return
    for i in range(0, len(records), BATCH):
        await conn.execute(insert(table), [dict(zip(COLUMNS, r, strict=True)) for r in records[i : i + BATCH]])


async def stored_as(conn: Any, sha256: str) -> str | None:
    """The release a file with this content is already stored under, if any (checked before parsing)."""
    files = _table(ScheduleFile)
    row = (await conn.execute(select(files.c.release).where(files.c.sha256 == sha256))).first()
    return None if row is None else str(row.release)


async def store_schedule(
    conn: Any, name: str, sha256: str, parsed: ParsedSchedule, allow_fewer_rows: bool = False
) -> ImportOutcome:
    files, rows_t = _table(ScheduleFile), _table(ScheduleRow)
    period = parsed.period
    old = (
        await conn.execute(
            select(files.c.id, files.c.sha256, files.c.name, files.c.rows).where(
                files.c.schedule == parsed.schedule,
                files.c.part == parsed.part,
                files.c.effective_from == period.start,
            )
        )
    ).first()
    where = f"{parsed.label} ({period.start.isoformat()}..{period.end.isoformat() if period.end else 'open'})"
    if old is not None and old.sha256 == sha256:
        return ImportOutcome(0, False, f"{where}: already imported")
    if old is not None:
        if not allow_fewer_rows:
            refuse_fewer_rows(name, len(parsed.rows), old.name, old.rows)
        await conn.execute(delete(rows_t).where(rows_t.c.file_id == old.id))
        await conn.execute(delete(files).where(files.c.id == old.id))
    values = {
        "schedule": parsed.schedule,
        "part": parsed.part,
        "release": parsed.label,
        "effective_from": period.start,
        "effective_to": period.end,
        "period_source": period.how[:200],
        "name": name,
        "sha256": sha256,
        "rows": len(parsed.rows),
        "imported_at": datetime.now(UTC),
    }
    file_id = (await conn.execute(insert(files).values(**values).returning(files.c.id))).scalar_one()
    records = [(file_id, *encode(parsed.part, row)) for row in parsed.rows]
    await _write_rows(conn, rows_t, records)
    replaced = f"; replaces {old.name}" if old is not None else ""
    return ImportOutcome(len(records), True, f"{where}, period from {period.how}{replaced}")
