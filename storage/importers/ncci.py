"""Importing the NCCI files (PTP edits, MUE values, add-on code edits) through `billbot data import`.

Its file kinds are `KINDS`, listed in the registry (`storage.importers.registry`). Each file
is streamed — read line by line, parsed (`storage.importers.ncci_files`) and written in batches —
so memory stays flat however large the file. Bulk rows go through the database driver directly
(sqlite3 `executemany`, asyncpg `COPY`), inside the import's single transaction: a malformed or
truncated file raises `CmsFileError` naming file and line, the whole import rolls back, and the
edits already stored stay in force.

Idempotent: a file whose SHA-256 matches the stored one for the same release and part is skipped;
a different file for the same release and part replaces the old rows.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import Table, delete, insert, select, update

from bot.pricing.ncci.release import ReleaseId, ReleaseNameError, identify
from bot.pricing.ncci.types import AOC, MUE, PTP
from storage.importers.errors import CmsFileError, refuse_fewer_rows
from storage.importers.kinds import FileKind, ImportOutcome
from storage.importers.ncci_files import parse_aoc, parse_mue, parse_ptp
from storage.importers.sources import SourceFile
from storage.models.ncci import NcciAoc, NcciFile, NcciMue, NcciPtp, NcciRationale, NcciRelease

BATCH = 20_000
PTP_COLUMNS = (
    "release_id",
    "column1",
    "column2",
    "effective",
    "file_id",
    "line",
    "deleted",
    "modifier_indicator",
    "rationale_id",
    "prior_1996",
)


def _table(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


# --- reading -----------------------------------------------------------------------------------


def _text_lines(fh: IO[bytes]) -> Iterator[str]:
    """Lines with their endings; UTF-8 (CMS's MUE notice has ®), Windows-1252 for lines that are not."""
    utf8 = codecs.getdecoder("utf-8")
    for raw in fh:
        try:
            yield utf8(raw)[0]
        except UnicodeDecodeError:
            yield raw.decode("cp1252", errors="replace")


# --- detection ---------------------------------------------------------------------------------

_PTP_HEAD = re.compile(r"Column\s*1\s*/\s*Column\s*2|^Column 1\tColumn 2", re.I | re.M)
_MUE_HEAD = re.compile(r"MUE\s+Adjudication\s+Indicator|MUE Values", re.I)
_AOC_HEAD = re.compile(r"add[\s-]*on\s*code.*primary\s*code|primary\s*code.*add[\s-]*on\s*code", re.I | re.S)


def _is_ptp(name: str, head: str) -> bool:
    return bool(_PTP_HEAD.search(head)) and "\t" in head


def _is_mue(name: str, head: str) -> bool:
    return bool(_MUE_HEAD.search(head)) and "DME" not in name.upper()


def _is_dme_mue(name: str, head: str) -> bool:
    return bool(_MUE_HEAD.search(head)) and "DME" in name.upper()


def _is_aoc(name: str, head: str) -> bool:
    return bool(_AOC_HEAD.search(head[:4096])) and "type" in head.lower()


# --- writing -----------------------------------------------------------------------------------


@dataclass
class _Target:
    release_id: int
    release_name: str
    file_id: int | None  # None: unchanged, nothing to write
    replaced: tuple[str, int] | None = None  # (name, rows) of the stored file this one replaces


async def _prepare(conn: Any, rid: ReleaseId, source: SourceFile, sha: str, now: datetime) -> _Target:
    """Find or create the release; skip an identical file; clear the rows of a replaced one."""
    rel = _table(NcciRelease)
    row = (
        await conn.execute(
            select(rel.c.id).where(rel.c.kind == rid.kind, rel.c.setting == rid.setting, rel.c.key == rid.key)
        )
    ).first()
    if row is None:
        values = {
            "kind": rid.kind,
            "setting": rid.setting,
            "key": rid.key,
            "name": rid.name,
            "effective": rid.effective,
            "revision": rid.revision,
            "imported_at": now,
        }
        release_id = (await conn.execute(insert(rel).values(**values).returning(rel.c.id))).scalar_one()
    else:
        release_id = row[0]
    files = _table(NcciFile)
    old = (
        await conn.execute(
            select(files.c.id, files.c.sha256, files.c.name, files.c.rows).where(
                files.c.release_id == release_id, files.c.part == rid.part
            )
        )
    ).first()
    if old is not None and old.sha256 == sha:
        return _Target(release_id, rid.name, None)
    replaced = None
    if old is not None:
        replaced = (old.name, old.rows)
        bulk = _table({PTP: NcciPtp, MUE: NcciMue, AOC: NcciAoc}[rid.kind])
        await conn.execute(delete(bulk).where(bulk.c.release_id == release_id, bulk.c.file_id == old.id))
        await conn.execute(delete(files).where(files.c.id == old.id))
    values = {
        "release_id": release_id,
        "part": rid.part,
        "name": source.name,
        "sha256": sha,
        "rows": 0,
        "imported_at": now,
    }
    file_id = (await conn.execute(insert(files).values(**values).returning(files.c.id))).scalar_one()
    return _Target(release_id, rid.name, file_id, replaced)


async def _finish(conn: Any, target: _Target, name: str, rows: int, allow_fewer_rows: bool) -> None:
    """Record the row count; refuse (rolling the import back) a replacement with fewer rows: it looks
    truncated, and a cumulative NCCI file never shrinks within one release."""
    assert target.file_id is not None
    if target.replaced is not None and not allow_fewer_rows:
        refuse_fewer_rows(name, rows, *target.replaced)
    file_id = target.file_id
    files = _table(NcciFile)
    await conn.execute(update(files).where(files.c.id == file_id).values(rows=rows))


class _Rationales:
    """Rationale text → id, adding new texts to `ncci_rationale` as they appear."""

    def __init__(self, known: dict[str, int]) -> None:
        self.ids = known
        self.new: list[tuple[int, str]] = []

    @classmethod
    async def load(cls, conn: Any) -> _Rationales:
        t = _table(NcciRationale)
        return cls({text: id_ for id_, text in (await conn.execute(select(t.c.id, t.c.text))).all()})

    def id_for(self, text: str) -> int:
        value = self.ids.get(text)
        if value is None:
            value = max(self.ids.values(), default=0) + 1
            self.ids[text] = value
            self.new.append((value, text))
        return value

    async def flush(self, conn: Any) -> None:
        if self.new:
            t = _table(NcciRationale)
            await conn.execute(insert(t), [{"id": i, "text": s} for i, s in self.new])
            self.new.clear()


async def _bulk_writer(conn: Any) -> Callable[[list[tuple[Any, ...]]], Any]:
    """A coroutine function writing PTP rows through the driver (the SQLAlchemy layer costs too much here)."""
    raw = await conn.get_raw_connection()
    driver = raw.driver_connection
    if conn.dialect.name == "postgresql":

        async def copy(rows: list[tuple[Any, ...]]) -> None:
            await driver.copy_records_to_table("ncci_ptp", records=rows, columns=list(PTP_COLUMNS))

        return copy
    if conn.dialect.name == "sqlite":
        sql = f"INSERT INTO ncci_ptp ({', '.join(PTP_COLUMNS)}) VALUES ({', '.join('?' * len(PTP_COLUMNS))})"

        async def many(rows: list[tuple[Any, ...]]) -> None:
            await driver.executemany(sql, rows)

        return many
    table = _table(NcciPtp)

    async def generic(rows: list[tuple[Any, ...]]) -> None:
        await conn.execute(insert(table), [dict(zip(PTP_COLUMNS, r, strict=True)) for r in rows])

    return generic


def _identify(source: SourceFile, kind: str) -> ReleaseId:
    try:
        return identify(source.name, kind)
    except ReleaseNameError as exc:
        raise CmsFileError(source.origin, str(exc).split(": ", 1)[-1]) from None


async def import_ptp(conn: Any, source: SourceFile, *, allow_fewer_rows: bool = False) -> ImportOutcome:
    """Import one PTP edit file (a part fN of a practitioner or outpatient hospital release)."""
    rid = _identify(source, PTP)
    now = datetime.now(UTC)
    target = await _prepare(conn, rid, source, source.sha256, now)
    if target.file_id is None:
        return ImportOutcome(0, False, f"{target.release_name}, file f{rid.part}: already imported")
    rationales = await _Rationales.load(conn)
    write = await _bulk_writer(conn)
    pg = conn.dialect.name == "postgresql"
    release_id, file_id = target.release_id, target.file_id
    rows = 0
    batch: list[tuple[Any, ...]] = []
    rationale_id = rationales.id_for
    with source.open() as fh:
        for c1, c2, prior, eff, dele, ind, why, line in parse_ptp(_text_lines(fh), source.origin):
            batch.append(
                (release_id, c1, c2, eff, file_id, line, dele, ind, rationale_id(why), prior if pg else int(prior))
            )
            if len(batch) >= BATCH:
                await rationales.flush(conn)
                await write(batch)
                rows += len(batch)
                batch = []
    await rationales.flush(conn)
    if batch:
        await write(batch)
        rows += len(batch)
    await _finish(conn, target, source.name, rows, allow_fewer_rows)
    return ImportOutcome(rows, True, f"{target.release_name}, file f{rid.part}")


async def _import_table(
    conn: Any,
    source: SourceFile,
    kind: str,
    model: Any,
    rows_of: Callable[[Iterator[str], str], Iterable[dict[str, Any]]],
    allow_fewer_rows: bool,
) -> ImportOutcome:
    """Stream one MUE or add-on code file into `model`'s table in batches (release and file ids added)."""
    rid = _identify(source, kind)
    target = await _prepare(conn, rid, source, source.sha256, datetime.now(UTC))
    if target.file_id is None:
        return ImportOutcome(0, False, f"{target.release_name}: already imported")
    table = _table(model)
    ids = {"release_id": target.release_id, "file_id": target.file_id}
    rows = 0
    batch: list[dict[str, Any]] = []
    with source.open() as fh:
        for row in rows_of(_text_lines(fh), source.origin):
            batch.append(ids | row)
            if len(batch) >= BATCH:
                await conn.execute(insert(table), batch)
                rows += len(batch)
                batch = []
    if batch:
        await conn.execute(insert(table), batch)
        rows += len(batch)
    await _finish(conn, target, source.name, rows, allow_fewer_rows)
    return ImportOutcome(rows, True, target.release_name)


def _mue_rows(lines: Iterator[str], origin: str) -> Iterator[dict[str, Any]]:
    for code, value, ind, text, why, line in parse_mue(lines, origin):
        yield {
            "code": code,
            "value": value,
            "adjudication_indicator": ind,
            "adjudication": text[:64],
            "rationale": why[:255],
            "line": line,
        }


def _aoc_rows(lines: Iterator[str], origin: str) -> Iterator[dict[str, Any]]:
    for addon, primary, aoc_type, eff, dele, line in parse_aoc(lines, origin):
        yield {
            "addon": addon,
            "primary_code": primary,
            "effective": eff,
            "line": line,
            "aoc_type": aoc_type,
            "deleted": dele,
        }


async def import_mue(conn: Any, source: SourceFile, *, allow_fewer_rows: bool = False) -> ImportOutcome:
    """Import one MUE table (practitioner or outpatient hospital)."""
    return await _import_table(conn, source, MUE, NcciMue, _mue_rows, allow_fewer_rows)


async def import_aoc(conn: Any, source: SourceFile, *, allow_fewer_rows: bool = False) -> ImportOutcome:
    """Import one add-on code edit table."""
    return await _import_table(conn, source, AOC, NcciAoc, _aoc_rows, allow_fewer_rows)


KINDS: list[FileKind] = [
    FileKind(
        "ncci_ptp",
        "NCCI PTP edits",
        _is_ptp,
        re.compile(r"^cci(pra|oph)-v\d", re.I),
        import_file=import_ptp,
    ),
    FileKind(
        "ncci_mue",
        "NCCI MUE values",
        _is_mue,
        re.compile(r"MUE_(Practitioner|OutpatientHospital)Services", re.I),
        import_file=import_mue,
    ),
    FileKind(
        "ncci_mue_dme",
        "NCCI DME supplier MUE values",
        _is_dme_mue,
        re.compile(r"MUE_DME", re.I),
        skip_reason="DME supplier MUEs do not apply to practitioner or outpatient hospital claims",
    ),
    FileKind(
        "ncci_aoc",
        "NCCI add-on code edits",
        _is_aoc,
        re.compile(r"^AOC[_-]", re.I),
        import_file=import_aoc,
    ),
]
