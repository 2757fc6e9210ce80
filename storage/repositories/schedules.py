"""Build the in-memory snapshots of the non-PFS schedules from the database, and list what is stored.

Every `schedule_file` joins the release of its schedule that starts on the same date (the ASC
release is AA + BB, DMEPOS is DMEPOS + DMEPEN); rows are decoded once into the immutable types of
`bot.pricing.schedules` on first use (`LazyRows`: start-up reads ~35k rows without decoding them;
each code is decoded once, when first asked), so a quote is dictionary look-ups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.pricing.schedules.library import ScheduleLibrary
from bot.pricing.schedules.types import (
    ASC,
    ASP,
    CLFS,
    DMEPOS,
    OPPS,
    AscSchedule,
    AspSchedule,
    ClfsSchedule,
    DmeposSchedule,
    OppsSchedule,
    ScheduleRelease,
)
from storage.importers.schedules.records import decode
from storage.models.schedules import ScheduleFile, ScheduleRow

K = TypeVar("K")
V = TypeVar("V")
PART_ORDER = ("clfs", "asp", "dmepos", "dmepen", "addendum_b", "aa", "bb")


@dataclass(frozen=True, slots=True)
class ScheduleFileStatus:
    schedule: str
    release: str
    part: str
    name: str
    rows: int
    effective_from: date
    effective_to: date | None
    period_source: str
    imported_at: datetime


async def _files(conn: AsyncConnection) -> list[Any]:
    f = ScheduleFile.__table__
    return list((await conn.execute(select(f).order_by(f.c.schedule, f.c.effective_from, f.c.part))).all())


async def load_schedules_from(conn: AsyncConnection) -> ScheduleLibrary:
    files = await _files(conn)
    if not files:
        return ScheduleLibrary()
    r = ScheduleRow.__table__
    by_file: dict[int, list[Any]] = defaultdict(list)
    query = select(r.c.file_id, r.c.line, r.c.hcpcs, r.c.modifier, r.c.data).order_by(r.c.file_id, r.c.line)
    for file_id, line, hcpcs, modifier, data in (await conn.execute(query)).all():
        by_file[file_id].append((line, hcpcs, modifier, data))
    releases: dict[tuple[str, date], list[Any]] = defaultdict(list)
    for f in files:
        releases[(f.schedule, f.effective_from)].append(f)
    clfs, asp, dmepos, opps, asc = [], [], [], [], []
    for (schedule, start), group in releases.items():
        group.sort(key=lambda f: PART_ORDER.index(f.part) if f.part in PART_ORDER else 99)
        ends = [f.effective_to for f in group]
        release = ScheduleRelease(
            schedule=schedule,
            label=group[0].release,
            effective_from=start,
            effective_to=None if None in ends else max(e for e in ends if e is not None),
            files=tuple(f.name for f in group),
        )
        raw = [(f.part, f.name, line, hcpcs, mod, data) for f in group for line, hcpcs, mod, data in by_file[f.id]]
        if schedule == CLFS:
            clfs.append(ClfsSchedule(release, LazyRows({(r[3], r[4]): [r] for r in raw}, _one)))
        elif schedule == ASP:
            asp.append(AspSchedule(release, LazyRows(_group_by_code(raw, first=True), _one)))
        elif schedule == DMEPOS:
            dmepos.append(DmeposSchedule(release, LazyRows(_group_by_code(raw, first=False), _all)))
        elif schedule == OPPS:
            opps.append(OppsSchedule(release, LazyRows(_group_by_code(raw, first=True), _one)))
        elif schedule == ASC:
            # AA before BB: a code listed in both is priced as the surgical procedure.
            asc.append(AscSchedule(release, LazyRows(_group_by_code(raw, first=True), _one)))
    return ScheduleLibrary.of(clfs, asp, dmepos, opps, asc)


Raw = tuple[str, str, int, str, str, str]  # part, file name, line, hcpcs, modifier, data


class LazyRows(Mapping[K, V]):
    """An immutable mapping whose values are decoded from their stored records on first access."""

    def __init__(self, raw: dict[K, list[Raw]], build: Callable[[list[Raw]], V]) -> None:
        self._raw = raw
        self._build = build
        self._decoded: dict[K, V] = {}

    def __getitem__(self, key: K) -> V:
        value = self._decoded.get(key)
        if value is None:
            value = self._build(self._raw[key])  # KeyError when the code is not listed
            self._decoded[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[K]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _group_by_code(raw: list[Raw], *, first: bool) -> dict[str, list[Raw]]:
    grouped: dict[str, list[Raw]] = defaultdict(list)
    for r in raw:
        if first and r[3] in grouped:
            continue
        grouped[r[3]].append(r)
    return dict(grouped)


def _one(raw: list[Raw]) -> Any:
    part, name, line, hcpcs, _, data = raw[0]
    return decode(part, name, line, hcpcs, data)


def _all(raw: list[Raw]) -> tuple[Any, ...]:
    return tuple(decode(part, name, line, hcpcs, data) for part, name, line, hcpcs, _, data in raw)


async def load_schedules(session: AsyncSession) -> ScheduleLibrary:
    """Every imported CLFS, ASP, DMEPOS, OPPS and ASC release as snapshots (newest first per schedule)."""
    return await load_schedules_from(await session.connection())


async def schedule_status(session: AsyncSession) -> list[ScheduleFileStatus]:
    """The stored schedule files, by schedule and period: for `billbot data status`."""
    conn = await session.connection()
    return [
        ScheduleFileStatus(
            f.schedule,
            f.release,
            f.part,
            f.name,
            f.rows,
            f.effective_from,
            f.effective_to,
            f.period_source,
            f.imported_at,
        )
        for f in await _files(conn)
    ]
