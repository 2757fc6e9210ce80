"""Benchmark: `billbot fee-schedule --locality 01112-05 --csv` end to end, as a user runs it.

    python -m bench.fee_schedule [--cms ../shared/cms] [--repeat 5] [--locality 01112-05]

Target (README, Performance): ≤ 2 s end to end. Imports RVU25D + the ZIP file into a fresh SQLite file first
(not timed), then times the whole command as a subprocess (interpreter start, migrations check,
loading the snapshot, pricing 19,090 rows, writing CSV to a pipe). Baseline in the same run:
`billbot --help` (interpreter and CLI start-up only); the report gives both and the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 2.0


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-500:]}")
    return elapsed, proc.stdout.count(b"\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cms", type=Path, default=ROOT.parent / "shared" / "cms")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--locality", default="01112-05")
    args = ap.parse_args()
    billbot = str(Path(sys.executable).with_name("billbot"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BILLBOT_DATABASE_URL": f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"}
        subprocess.run(
            [billbot, "data", "import", str(args.cms / "rvu25d"), str(args.cms / "zip-locality")],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        fee = [billbot, "fee-schedule", "--locality", args.locality, "--csv"]
        base, runs, lines = [], [], 0
        for _ in range(args.repeat):
            base.append(timed([billbot, "--help"], env)[0])
            elapsed, lines = timed(fee, env)
            runs.append(elapsed)
    b, f = statistics.median(base), statistics.median(runs)
    print(f"billbot --help (start-up baseline): median {b:.3f} s over {args.repeat}")
    print(
        f"billbot fee-schedule --locality {args.locality} --csv: median {f:.3f} s, min {min(runs):.3f} s, "
        f"{lines - 1} rows"
    )
    print(f"ratio fee-schedule / start-up: {f / b:.2f}x;  target {TARGET_S} s: {'OK' if f <= TARGET_S else 'OVER'}")


if __name__ == "__main__":
    main()
