"""Benchmark: a warm single quote in process, against bare-dict baselines measured in the same run.

    python -m bench.quote [--cms ../shared/cms] [--rounds 2000] [--batch 50]

Target (README, Performance): a warm single quote (`price(schedule, QuoteRequest("77002", ("26",), locality=...))`)
has a median ≤ 0.2 ms in process. The schedule is built from the CMS files with the importers'
pure parsers (no database: this measures the pricing core). Baselines: a bare dict look-up of the RVU
row, and the look-up plus the fee arithmetic alone; the report gives the quote's ratio to each.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from bot.pricing.money import fee_amount
from bot.pricing.quote import QuoteRequest, price
from bot.pricing.quote_json import quote_json
from bot.pricing.schedule import FeeSchedule, Release
from storage.importers.gpci import parse_gpci
from storage.importers.oppscap import parse_oppscap
from storage.importers.pprrvu import parse_pprrvu
from storage.importers.zip5 import parse_zip5

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 0.2


def load(cms: Path) -> FeeSchedule:
    d = cms / "rvu25d"

    def text(p: Path) -> str:
        return p.read_text(encoding="latin-1")

    rvus = parse_pprrvu(text(d / "PPRRVU2025_Oct.csv"), "PPRRVU2025_Oct.csv").rows
    return FeeSchedule(
        release=Release("RVU25D", 2025, date(2025, 10, 1), date(2025, 12, 31), Decimal("32.3465")),
        rvus={(r.hcpcs, r.modifier): r for r in rvus},
        gpcis={g.key: g for g in parse_gpci(text(d / "GPCI2025.csv"), "GPCI2025.csv")},
        opps_caps={
            (c.hcpcs, c.modifier, c.carrier, c.locality): c
            for c in parse_oppscap(text(d / "OPPSCAP_Oct.csv"), "OPPSCAP_Oct.csv")
        },
        zips={z.zip5: z for z in parse_zip5(text(cms / "zip-locality" / "ZIP5_OCT2025.txt"), "ZIP5_OCT2025.txt")},
    )


def per_call_us(fn: Callable[[], object], rounds: int, batch: int) -> list[float]:
    """Microseconds per call: `rounds` samples, each the mean over `batch` back-to-back calls."""
    for _ in range(batch * 5):  # warm up
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
    ap.add_argument("--rounds", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=50)
    args = ap.parse_args()
    schedule = load(args.cms)
    key = ("77002", "26")
    gpci = schedule.gpcis["01112-05"]
    cf = schedule.release.conversion_factor
    req_loc = QuoteRequest("77002", ("26",), locality="01112-05")
    req_zip = QuoteRequest("77002", ("26",), zip_code="94110")
    req_mods = QuoteRequest("27447", ("50", "80"), locality="01112-05", facility=True)

    def dict_lookup() -> object:
        return schedule.rvus[key]

    def lookup_and_arithmetic() -> object:
        row = schedule.rvus[key]
        g = schedule.gpcis["01112-05"]
        return fee_amount(row.work_rvu, row.nonfacility_pe_rvu, row.mp_rvu, g.work, g.pe, g.mp, cf)

    cases: list[tuple[str, Callable[[], object]]] = [
        ("baseline: dict look-up of the RVU row", dict_lookup),
        ("baseline: look-up + fee arithmetic", lookup_and_arithmetic),
        ("price 77002-26 --locality 01112-05", lambda: price(schedule, req_loc)),
        ("price 77002-26 --zip 94110", lambda: price(schedule, req_zip)),
        ("price 27447 50 80 facility", lambda: price(schedule, req_mods)),
        ("price + quote_json", lambda: quote_json(price(schedule, req_loc))),
    ]
    assert gpci is not None
    medians: dict[str, float] = {}
    print(f"warm single quote, {args.rounds} samples × {args.batch} calls each (median µs per call)")
    for name, fn in cases:
        s = per_call_us(fn, args.rounds, args.batch)
        med = statistics.median(s)
        medians[name] = med
        p99 = statistics.quantiles(s, n=100)[98]
        print(f"  {name:42s} median {med:9.2f} µs   p99 {p99:9.2f} µs")
    q = medians["price 77002-26 --locality 01112-05"]
    base = medians["baseline: dict look-up of the RVU row"]
    arith = medians["baseline: look-up + fee arithmetic"]
    print(f"quote / dict look-up ratio: {q / base:.0f}x;  quote / (look-up + arithmetic) ratio: {q / arith:.1f}x")
    verdict = "OK" if q / 1000 <= TARGET_MS else "OVER TARGET"
    print(f"quote median {q / 1000:.4f} ms vs target {TARGET_MS} ms: {verdict}")


if __name__ == "__main__":
    main()
