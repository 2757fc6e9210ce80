"""Benchmark: import RVU25D + the ZIP file into a fresh SQLite file, then load the snapshots.

    python -m bench.import_pfs [--cms ../shared/cms] [--database-url URL] [--repeat 3]

Target (README, Performance): import of the RVU25D set plus the ZIP file ≤ 15 s on the 2-core machine.
Prints one line per measurement; each import runs on a fresh database (migrations not timed).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from storage.db import open_database
from storage.importers.service import import_paths
from storage.repositories.fee_schedule import load_fee_schedules

ROOT = Path(__file__).resolve().parent.parent


async def one_run(url: str, cms: Path) -> tuple[float, float, float, int]:
    db = await open_database(url)
    try:
        paths = [cms / "rvu25d", cms / "zip-locality"]
        t0 = time.perf_counter()
        await import_paths(db.engine, paths)
        t_import = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = await import_paths(db.engine, paths)
        t_reimport = time.perf_counter() - t0
        assert not report.changed
        t0 = time.perf_counter()
        async with db.session() as session:
            schedules = await load_fee_schedules(session)
        t_load = time.perf_counter() - t0
        return t_import, t_reimport, t_load, len(schedules[0].rvus) + len(schedules[0].zips)
    finally:
        await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cms", type=Path, default=ROOT.parent / "shared" / "cms")
    parser.add_argument("--database-url", help="an EMPTY database to use instead of a fresh SQLite file per run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    imports, reimports, loads = [], [], []
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
            if args.database_url and i:
                break  # a given database is only empty once
            t_import, t_reimport, t_load, rows = asyncio.run(one_run(url, args.cms))
        imports.append(t_import)
        reimports.append(t_reimport)
        loads.append(t_load)
        print(
            f"run {i + 1}: import {t_import:.2f} s, re-import (no change) {t_reimport:.2f} s, "
            f"load_fee_schedules {t_load:.3f} s ({rows:,} RVU+ZIP rows)"
        )
    print(f"median import RVU25D + ZIP5: {statistics.median(imports):.2f} s (target <= 15 s)")
    print(f"median idempotent re-import: {statistics.median(reimports):.2f} s")
    print(f"median load_fee_schedules: {statistics.median(loads):.3f} s")


if __name__ == "__main__":
    main()
