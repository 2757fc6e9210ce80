"""Benchmark: a warm 10-line claim priced under every claim rule, in process.

    python -m bench.claim [--cms ../shared/cms] [--rounds 300] [--batch 5]

Target (issue 11): pricing a 10-line claim warm (`price_claim` on an in-memory RVU25D snapshot,
San Francisco 01112-05) has a median ≤ 1 ms. The claim mixes what the rules rank: a bilateral knee,
two surgeries, an endoscopy family with its base, two imaging studies and therapy units.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.quote import load, per_call_us
from bot.pricing.claim import ClaimRequest, EncounterLine, claim_json, price_claim
from bot.pricing.quote import QuoteRequest, price

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 1.0
LINES = (
    EncounterLine("27447", ("50",)),
    EncounterLine("20610", ("RT",)),
    EncounterLine("20610", ("LT",)),
    EncounterLine("11042", (), 2),
    EncounterLine("45385"),
    EncounterLine("45380"),
    EncounterLine("45378"),
    EncounterLine("73721"),
    EncounterLine("73221", ("26",)),
    EncounterLine("97110", (), 4),
)


def cpu_us(fn: Callable[[], object], rounds: int, batch: int) -> list[float]:
    """CPU microseconds per call (thread time): on a busy shared machine, wall time also counts waiting."""
    samples = []
    for _ in range(rounds):
        t0 = time.thread_time_ns()
        for _ in range(batch):
            fn()
        samples.append((time.thread_time_ns() - t0) / batch / 1000)
    return samples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cms", type=Path, default=ROOT.parent / "shared" / "cms")
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--batch", type=int, default=5)
    args = ap.parse_args()
    schedule = load(args.cms)
    request = ClaimRequest(LINES, locality="01112-05")
    claim = price_claim(schedule, request)
    print(f"10-line claim, total allowed ${claim.total_allowed} ({claim.release}, {claim.locality})")
    single = QuoteRequest("77002", ("26",), locality="01112-05")
    cases = [
        ("baseline: one quote 77002-26", lambda: price(schedule, single)),
        ("price_claim, 10 lines", lambda: price_claim(schedule, request)),
        ("price_claim + claim_json", lambda: claim_json(price_claim(schedule, request))),
    ]
    medians: dict[str, float] = {}
    print(f"warm claim, {args.rounds} samples × {args.batch} calls each (median µs per call)")
    for name, fn in cases:
        s = per_call_us(fn, args.rounds, args.batch)
        medians[name] = statistics.median(s)
        p99 = statistics.quantiles(s, n=100)[98]
        print(f"  {name:30s} median {medians[name]:9.2f} µs   p99 {p99:9.2f} µs")
    cpu = statistics.median(cpu_us(cases[1][1], args.rounds, args.batch))
    print(f"  {'price_claim, 10 lines (CPU time)':30s} median {cpu:9.2f} µs")
    ratio = medians["price_claim, 10 lines"] / medians["baseline: one quote 77002-26"]
    print(f"claim / one quote in the same run: {ratio:.1f}x")
    med = medians["price_claim, 10 lines"] / 1000
    print(f"claim median {med:.4f} ms vs target {TARGET_MS} ms: {'OK' if med <= TARGET_MS else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
