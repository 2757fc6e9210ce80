"""Benchmark: import the CLFS, ASP, DMEPOS/PEN, OPPS and ASC files into a fresh SQLite database, and a
warm quote from each schedule (and anesthesia) in process.

    python -m bench.schedules [--cms ../shared/cms] [--rounds 500] [--batch 50]

Targets (issue 12): the import stays under 5 s on this machine; a warm quote from any schedule has a
median ≤ 0.2 ms. The import is timed through `import_paths` exactly as `billbot data import` runs it
(recognise → parse → one transaction), after the fresh database's migrations (timed apart).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from bot.pricing.schedules.anes import price_anesthesia
from bot.pricing.schedules.common import ScheduleRequest
from bot.pricing.schedules.library import ScheduleLibrary
from bot.pricing.schedules.types import ScheduleRelease
from storage.db import open_database
from storage.importers.anes import parse_anes
from storage.importers.service import import_paths
from storage.repositories.schedules import load_schedules, schedule_status

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("clfs", "asp", "dmepos", "opps", "asc")
IMPORT_TARGET_S = 5.0
QUOTE_TARGET_MS = 0.2


async def import_and_load(cms: Path) -> tuple[float, float, float, int, ScheduleLibrary]:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        db = await open_database(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")
        t1 = time.perf_counter()
        try:
            await import_paths(db.engine, [cms / f for f in FOLDERS])
            t2 = time.perf_counter()
            async with db.session() as session:
                library = await load_schedules(session)
            t3 = time.perf_counter()
            async with db.session() as session:
                rows = sum(f.rows for f in await schedule_status(session))
        finally:
            await db.dispose()
    return t1 - t0, t2 - t1, t3 - t2, rows, library


def per_call_us(fn: Callable[[], object], rounds: int, batch: int) -> list[float]:
    for _ in range(batch * 5):
        fn()
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter_ns()
        for _ in range(batch):
            fn()
        samples.append((time.perf_counter_ns() - t0) / batch / 1000)
    return samples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cms", type=Path, default=ROOT.parent / "shared" / "cms")
    ap.add_argument("--rounds", type=int, default=500)
    ap.add_argument("--batch", type=int, default=50)
    args = ap.parse_args()
    migrate_s, import_s, load_s, rows, library = asyncio.run(import_and_load(args.cms))
    print(f"fresh SQLite: migrations {migrate_s:.2f} s (not counted)")
    verdict = "OK" if import_s < IMPORT_TARGET_S else "OVER TARGET"
    what = f"import of {len(library.releases())} releases, {rows:,} rows"
    print(f"{what}: {import_s:.2f} s vs target < {IMPORT_TARGET_S} s: {verdict}")
    print(f"snapshot load at start-up: {load_s:.2f} s")

    anes_file = args.cms / "rvu25d" / "ANES2025.csv"
    cfs = {f"{a.carrier}-{a.locality}": a for a in parse_anes(anes_file.read_text("latin-1"), anes_file.name)}
    anes_release = ScheduleRelease("ANES", "RVU25D", date(2025, 10, 1), date(2025, 12, 31))
    anes_req = ScheduleRequest("00142", ("QK",), base_units=Decimal(4), minutes=45)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("CLFS 80053", lambda: library.quote("CLFS", ScheduleRequest("80053"))),
        ("ASP J3301 x4", lambda: library.quote("ASP", ScheduleRequest("J3301", units=Decimal(4)))),
        (
            "ASP J3301 x4 --dos 2025-11-01",
            lambda: library.quote("ASP", ScheduleRequest("J3301", units=Decimal(4), dos=date(2025, 11, 1))),
        ),
        ("DMEPOS E0601 TX", lambda: library.quote("DMEPOS", ScheduleRequest("E0601", state="TX"))),
        ("OPPS 29881", lambda: library.quote("OPPS", ScheduleRequest("29881"))),
        ("ASC 29881", lambda: library.quote("ASC", ScheduleRequest("29881"))),
        ("ANES 00142 QK base 4, 45 min", lambda: price_anesthesia(cfs["10112-00"], anes_release, anes_req)),
    ]
    worst = 0.0
    print(f"warm quote, {args.rounds} samples × {args.batch} calls (median µs per call)")
    for name, fn in cases:
        s = per_call_us(fn, args.rounds, args.batch)
        med = statistics.median(s)
        worst = max(worst, med)
        print(f"  {name:32s} median {med:8.2f} µs   p99 {statistics.quantiles(s, n=100)[98]:8.2f} µs")
    verdict = "OK" if worst / 1000 <= QUOTE_TARGET_MS else "OVER TARGET"
    print(f"slowest median {worst / 1000:.4f} ms vs target {QUOTE_TARGET_MS} ms: {verdict}")


if __name__ == "__main__":
    main()
