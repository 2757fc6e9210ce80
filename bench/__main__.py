"""Run every benchmark in turn (`make bench`), each in its own interpreter, and stop at the first failure.

    python -m bench [NAME ...]     # default: all, in the order below
"""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = ("import_pfs", "quote", "claim", "fee_schedule", "ptp", "slack", "acks")


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    for name in names:
        print(f"\n=== bench.{name}", flush=True)
        code = subprocess.call([sys.executable, "-m", f"bench.{name}"])
        if code:
            print(f"bench.{name} failed with exit code {code}", file=sys.stderr)
            return code
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
