"""Build a real RVU25D `FeeSchedule` from the CMS files with the importers' pure parsers (no database).

Shared by the pricing, quote and tips tests. Also reads CMS's own carrier payment file (PFREV25C.txt),
the independent truth every computed amount is checked against.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from bot.pricing.schedule import FeeSchedule, Release
from storage.importers.anes import parse_anes
from storage.importers.gpci import parse_gpci
from storage.importers.locco import parse_locco
from storage.importers.oppscap import parse_oppscap
from storage.importers.pprrvu import parse_pprrvu
from storage.importers.zip5 import parse_zip5

RVU25D_CF = Decimal("32.3465")  # README / every row's CONV FACTOR column


def _text(path: Path) -> str:
    return path.read_text(encoding="latin-1")


@lru_cache(maxsize=2)
def load_rvu25d(cms_dir: Path, with_zips: bool = True) -> FeeSchedule:
    d = cms_dir / "rvu25d"
    rvus = parse_pprrvu(_text(d / "PPRRVU2025_Oct.csv"), "PPRRVU2025_Oct.csv").rows
    gpcis = parse_gpci(_text(d / "GPCI2025.csv"), "GPCI2025.csv")
    caps = parse_oppscap(_text(d / "OPPSCAP_Oct.csv"), "OPPSCAP_Oct.csv")
    anes = parse_anes(_text(d / "ANES2025.csv"), "ANES2025.csv")
    counties = parse_locco(_text(d / "25LOCCO.csv"), "25LOCCO.csv")
    zips = parse_zip5(_text(cms_dir / "zip-locality" / "ZIP5_OCT2025.txt"), "ZIP5_OCT2025.txt") if with_zips else []
    release = Release("RVU25D", 2025, date(2025, 10, 1), date(2025, 12, 31), RVU25D_CF)
    return FeeSchedule(
        release=release,
        rvus={(r.hcpcs, r.modifier): r for r in rvus},
        gpcis={g.key: g for g in gpcis},
        opps_caps={(c.hcpcs, c.modifier, c.carrier, c.locality): c for c in caps},
        anesthesia={f"{a.carrier}-{a.locality}": a for a in anes},
        counties=tuple(counties),
        zips={z.zip5: z for z in zips},
        files=(
            "PPRRVU2025_Oct.csv",
            "GPCI2025.csv",
            "OPPSCAP_Oct.csv",
            "25LOCCO.csv",
            "ANES2025.csv",
            "ZIP5_OCT2025.txt",
        ),
    )


@dataclass(frozen=True)
class CarrierFee:
    """One record of CMS's carrier payment file (layout: /work/shared/README.md)."""

    year: str
    carrier: str
    locality: str
    hcpcs: str
    modifier: str
    nonfacility: Decimal
    facility: Decimal
    pctc: str
    status: str


def read_carrier_file(path: Path) -> list[CarrierFee]:
    out = []
    with path.open(encoding="latin-1", newline="") as fh:
        for rec in csv.reader(fh):
            if not rec or rec[0].startswith("TRL-"):
                continue
            out.append(
                CarrierFee(
                    rec[0], rec[1], rec[2], rec[3], rec[4].strip(), Decimal(rec[5]), Decimal(rec[6]), rec[8], rec[9]
                )
            )
    return out
