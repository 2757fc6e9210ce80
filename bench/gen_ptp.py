"""Write a full-scale NCCI practitioner PTP quarter in CMS's exact file format (for benchmarks and tests).

    python -m bench.gen_ptp OUT_DIR [--rows 4200000] [--parts 4] [--version v322r0] [--seed 1]

Writes ``ccipra-<version>-f1.txt`` .. ``-f<parts>.txt``: tab-delimited, CRLF, the 6 header lines of
the CMS files, then rows sorted by column 1 then column 2 and split into parts by column 1 range,
as CMS does. Codes have real shapes (CPT 5 digits, Category III ``0nnnT``, PLA ``0nnnU``, vaccine
``0nnnA``, HCPCS Level II letter + 4 digits); dates are quarter boundaries from 1996 on; about a
third of the rows are deleted history (deletion date = the last day of a quarter, or = effective
date with modifier indicator 9 for retroactive deletions), and some pairs were deleted and added
again (two rows for the same pair). The content is synthetic: never commit the output.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

HEADER = (
    "CPT only copyright 2025 American Medical Association.  All rights reserved.\t\t\t\t\t\t",
    "Column1/Column2 Edits\t\t\t\t\t\t",
    "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale",
    "\t\tprior to 1996\tDate\tDate\t0=not allowed\t",
    "\t\t\t\t*=no data\t1=allowed\t",
    "\t\t\t\t\t9=not applicable\t",
)
RATIONALES = (
    "CPT Manual or CMS manual coding instruction",
    "Mutually exclusive procedures",
    "Misuse of Column Two code with Column One code",
    "Standards of medical/surgical practice",
    "More extensive procedure",
    "HCPCS/CPT procedure code definition",
    "Gender-specific procedures",
    "Anesthesia service included in surgical procedure",
    "Laboratory panel",
    "Deleted/modified edits",
    "CPT separate procedure definition",
    "Sequential procedure",
    "Standard preparation/monitoring services for anesthesia",
    "Designation of sex",
    "With/without services",
    "Medicare policy",
    "Evaluation and management service",
    "Not separately reportable services",
)


def code_universe(rng: random.Random) -> list[str]:
    """About 24,000 distinct codes with CMS shapes, sorted as CMS sorts them (plain string order)."""
    codes: set[str] = set()
    codes.update(f"{n:05d}" for n in rng.sample(range(100, 99608), 17000))
    codes.update(f"{n:04d}T" for n in range(1, 1000) if rng.random() < 0.9)
    codes.update(f"{n:04d}U" for n in range(1, 600))
    codes.update(f"{n:04d}A" for n in range(1, 200) if rng.random() < 0.5)
    codes.update(f"{n:04d}M" for n in range(1, 30))
    for letter in "ABCEGHJKLMPQRSTV":
        codes.update(f"{letter}{n:04d}" for n in rng.sample(range(1, 10000), 380))
    return sorted(codes)


def quarter_starts() -> list[date]:
    return [date(y, m, 1) for y in range(1996, 2027) for m in (1, 4, 7, 10) if date(y, m, 1) <= date(2026, 7, 1)]


def rows(total: int, seed: int) -> Iterator[str]:
    """`total` data lines (without line endings), sorted by column 1, column 2."""
    rng = random.Random(seed)
    codes = code_universe(rng)
    starts = quarter_starts()
    ymd = [d.strftime("%Y%m%d") for d in starts]
    ends = [(d - timedelta(days=1)).strftime("%Y%m%d") for d in starts]
    n_codes = len(codes)
    col1_count = min(n_codes, 20000)
    col1_codes = sorted(rng.sample(codes, col1_count))
    per = total / col1_count
    made = 0
    for i, c1 in enumerate(col1_codes):
        want = round(per * (i + 1)) - round(per * i) if i < col1_count - 1 else total - made
        if want <= 0:
            continue
        picks = sorted(rng.sample(codes, min(n_codes - 1, want + 1)))
        picks = [c for c in picks if c != c1][:want]
        repeat_pair: tuple[int, str] | None = None
        c2_prev = ""
        for c2 in picks:
            if made >= total:
                return
            if repeat_pair is not None:
                # the same pair again (deleted, then added back): the later row is active
                prev_end = repeat_pair[0]
                repeat_pair = None
                start = min(prev_end + 1, len(starts) - 1)
                yield f"{c1}\t{c2_prev}\t\t{ymd[start]}\t*\t{rng.choice('011')}\t{rng.choice(RATIONALES)}"
                made += 1
                if made >= total:
                    return
            s = rng.randrange(len(starts))
            prior = "*" if s == 0 and rng.random() < 0.5 else ""
            ind = "1" if rng.random() < 0.62 else "0"
            why = RATIONALES[int(rng.random() ** 2 * len(RATIONALES))]
            r = rng.random()
            if r < 0.04:  # deleted retroactively: deletion = effective, indicator 9
                line = f"{c1}\t{c2}\t{prior}\t{ymd[s]}\t{ymd[s]}\t9\t{why}"
            elif r < 0.34 and s < len(starts) - 1:  # deleted at the end of a later quarter
                e = rng.randrange(s + 1, len(starts))
                line = f"{c1}\t{c2}\t{prior}\t{ymd[s]}\t{ends[e]}\t{ind}\t{why}"
                if r < 0.06 and e < len(starts) - 1:
                    repeat_pair, c2_prev = (e, prior), c2
            else:
                line = f"{c1}\t{c2}\t{prior}\t{ymd[s]}\t*\t{ind}\t{why}"
            yield line
            made += 1


def write_quarter(
    out: Path, total: int = 4_200_000, parts: int = 4, version: str = "v322r0", seed: int = 1
) -> list[Path]:
    """Write the quarter's files into `out`; returns their paths (f1 first)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"ccipra-{version}-f{i}.txt" for i in range(1, parts + 1)]
    per_part = -(-total // parts)
    it = rows(total, seed)
    pending: str | None = None
    for index, path in enumerate(paths):
        written = 0
        last_c1 = None
        with path.open("w", encoding="latin-1", newline="") as fh:
            fh.write("\r\n".join(HEADER) + "\r\n")
            buf: list[str] = []
            while True:
                line = pending if pending is not None else next(it, None)
                pending = None
                if line is None:
                    break
                c1 = line[:5]
                # a column 1 code never spans two parts (CMS splits by column 1 ranges)
                if index < parts - 1 and written >= per_part and c1 != last_c1:
                    pending = line
                    break
                buf.append(line)
                written += 1
                last_c1 = c1
                if len(buf) >= 50_000:
                    fh.write("\r\n".join(buf) + "\r\n")
                    buf.clear()
            if buf:
                fh.write("\r\n".join(buf) + "\r\n")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=4_200_000)
    parser.add_argument("--parts", type=int, default=4)
    parser.add_argument("--version", default="v322r0")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    paths = write_quarter(args.out, args.rows, args.parts, args.version, args.seed)
    for p in paths:
        print(f"{p} {p.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
