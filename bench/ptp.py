"""Benchmark: import a full-scale NCCI practitioner PTP quarter, then check 10 codes (45 pairs) warm.

    python -m bench.ptp [--rows 4200000] [--dir DIR] [--database-url URL] [--repeat 300]

1. Writes the quarter in CMS format with `bench.gen_ptp` (4 files; skipped when DIR already has them).
2. In a child process (so its peak RSS is the importer's alone): parses the 4 files without a
   database (baseline), then imports them with `billbot data import`'s code path into a fresh
   database; reports seconds and peak RSS (getrusage ru_maxrss), and the RSS before importing.
3. Re-imports (must change nothing) and reports the database size.
4. Warm check of 10 codes (45 pairs): `load_edits` + `check_bundling`, median of --repeat runs,
   against two baselines measured in the same run on the same session: a `SELECT 1` round trip
   (the floor) and the naive approach of one query per ordered pair (90 queries).

Targets (README, Performance): import ≤ 120 s and peak memory ≤ 600 MB on the 2-core machine; check median ≤ 2 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.gen_ptp import write_quarter


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _child_import(url: str, folder: Path) -> dict[str, float]:
    from storage.db import open_database
    from storage.importers.ncci_files import parse_ptp
    from storage.importers.service import import_paths

    rss_start = _rss_mb()
    t0 = time.perf_counter()
    parsed = 0
    for path in sorted(folder.glob("ccipra-*.txt")):
        with path.open(encoding="latin-1", newline="") as fh:
            for _ in parse_ptp(fh, path.name):
                parsed += 1
    parse_s = time.perf_counter() - t0
    db = await open_database(url)
    try:
        rss_before = _rss_mb()
        t0 = time.perf_counter()
        report = await import_paths(db.engine, [folder])
        import_s = time.perf_counter() - t0
        assert report.changed
        rss_peak = _rss_mb()
        t0 = time.perf_counter()
        again = await import_paths(db.engine, [folder])
        reimport_s = time.perf_counter() - t0
        assert not again.changed, "re-import changed something"
    finally:
        await db.dispose()
    return {
        "rows": parsed,
        "parse_only_s": parse_s,
        "import_s": import_s,
        "reimport_s": reimport_s,
        "rss_at_start_mb": rss_start,
        "rss_before_import_mb": rss_before,
        "peak_rss_mb": rss_peak,
    }


def _pick_codes(folder: Path) -> list[str]:
    """A column 1 code from the middle of f2 and 9 of its column 2 codes: a realistic 10-code claim."""
    path = sorted(folder.glob("ccipra-*-f2.txt"))[0]
    partners: dict[str, list[str]] = {}
    with path.open(encoding="latin-1", newline="") as fh:
        for n, line in enumerate(fh):
            if n < 200_000:
                continue
            c1, c2 = line.split("\t", 2)[:2]
            partners.setdefault(c1, []).append(c2)
            if len(partners) > 3:
                break
    c1, c2s = max(partners.items(), key=lambda kv: len(kv[1]))
    step = max(1, len(c2s) // 9)
    return [c1, *c2s[::step][:9]]


async def _warm_check(url: str, codes: list[str], dos: date, repeat: int) -> dict[str, float]:
    from sqlalchemy import func, select, text

    from bot.pricing.lines import ClaimLine
    from bot.pricing.ncci.check import check_bundling
    from storage.db import open_database
    from storage.models.ncci import NcciPtp
    from storage.repositories.ncci import load_edits

    lines = [ClaimLine(c) for c in codes]
    db = await open_database(url, migrate=False)
    p = NcciPtp.__table__
    try:
        async with db.session() as session:

            async def ours() -> int:
                edits = await load_edits(session, codes, dos)
                return len(check_bundling(lines, dos, edits, None).pairs)

            async def floor() -> None:
                await session.execute(text("SELECT 1"))

            release_id = (await session.execute(select(func.max(p.c.release_id)))).scalar_one()

            async def naive() -> int:  # one primary-key seek per ordered pair: 90 queries
                found = 0
                for a in codes:
                    for b in codes:
                        if a != b:
                            q = select(p.c.column1).where(
                                p.c.release_id == release_id, p.c.column1 == a, p.c.column2 == b
                            )
                            found += len((await session.execute(q)).all())
                return found

            if db.engine.dialect.name == "postgresql":
                size = (await session.execute(text("SELECT pg_database_size(current_database())"))).scalar_one()
                table = (await session.execute(text("SELECT pg_total_relation_size('ncci_ptp')"))).scalar_one()
                sizes = {"pg_database_mb": size / 1e6, "pg_ncci_ptp_mb": table / 1e6}
            else:
                sizes = {}
            pairs = await ours()
            for fn in (ours, floor, naive):  # warm up
                for _ in range(20):
                    await fn()
            out: dict[str, float] = {"pairs_flagged": pairs, **sizes}
            for name, fn, n in (("check", ours, repeat), ("select1", floor, repeat), ("naive90", naive, repeat // 5)):
                samples = []
                for _ in range(n):
                    t0 = time.perf_counter()
                    await fn()
                    samples.append(time.perf_counter() - t0)
                out[f"{name}_median_ms"] = statistics.median(samples) * 1000
            return out
    finally:
        await db.dispose()


def _size_mb(url: str) -> float | None:
    if not url.startswith("sqlite"):
        return None
    path = Path(url.split("///", 1)[1])
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="NCCI PTP import and check benchmark")
    parser.add_argument("--rows", type=int, default=4_200_000)
    parser.add_argument("--dir", type=Path, help="where the generated files are (or go); default: a temp dir")
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--child-import", nargs=2, metavar=("URL", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child_import:
        url, folder = args.child_import
        print(json.dumps(asyncio.run(_child_import(url, Path(folder)))))
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-ptp-") as tmp:
        folder = args.dir or Path(tmp) / "ptp"
        if not list(folder.glob("ccipra-*-f4.txt")):
            t0 = time.perf_counter()
            write_quarter(folder, args.rows)
            print(f"generated {args.rows:,} rows in 4 files in {time.perf_counter() - t0:.1f} s -> {folder}")
        url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        child = subprocess.run(
            [sys.executable, "-m", "bench.ptp", "--child-import", url, str(folder)],
            capture_output=True,
            text=True,
            env={**os.environ},
            check=False,
        )
        if child.returncode != 0:
            print(child.stdout, child.stderr, file=sys.stderr)
            return 1
        imp = json.loads(child.stdout.strip().splitlines()[-1])
        codes = _pick_codes(folder)
        warm = asyncio.run(_warm_check(url, codes, date(2026, 8, 1), args.repeat))
        size = _size_mb(url)

    print(f"rows                      {imp['rows']:,}")
    print(
        f"parse only (baseline)     {imp['parse_only_s']:.1f} s   "
        f"import {imp['import_s']:.1f} s  (x{imp['import_s'] / imp['parse_only_s']:.2f} of parse-only; "
        "target <= 120 s)"
    )
    print(f"re-import (unchanged)     {imp['reimport_s']:.2f} s")
    print(
        f"peak RSS                  {imp['peak_rss_mb']:.0f} MB  (before import {imp['rss_before_import_mb']:.0f} MB; "
        "target <= 600 MB)"
    )
    if size is not None:
        print(f"database size             {size:.0f} MB")
    if "pg_database_mb" in warm:
        db_mb, ptp_mb = warm["pg_database_mb"], warm["pg_ncci_ptp_mb"]
        print(f"database size             {db_mb:.0f} MB (ncci_ptp with its index {ptp_mb:.0f} MB)")
    print(f"codes                     {' '.join(codes)}  ({warm['pairs_flagged']:.0f} of 45 pairs with an edit)")
    print(
        f"check 10 codes (warm)     median {warm['check_median_ms']:.3f} ms  (target <= 2 ms)\n"
        f"  baseline SELECT 1       median {warm['select1_median_ms']:.3f} ms  "
        f"-> check = x{warm['check_median_ms'] / warm['select1_median_ms']:.1f}\n"
        f"  naive 90 pair queries   median {warm['naive90_median_ms']:.3f} ms  "
        f"-> check is x{warm['naive90_median_ms'] / warm['check_median_ms']:.1f} faster"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
