"""Which PFS release a file belongs to, from its name and caption. Pure.

CMS names each quarterly release `RVUyyQ` with Q = A (January), B (April), C (July), D (October):
`PPRRVU2025_Oct.csv` captioned "... Relative Value File October Release" is RVU25D, in force
2025-10-01 to 2025-12-31. From CY2026 CMS publishes a QPP and a nonQPP file per release (different
conversion factors); the variant comes from the file name ("" for earlier years).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

MONTHS = {
    m: i
    for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)
}
QUARTER_LETTERS = "ABCD"


@dataclass(frozen=True, slots=True)
class ReleaseKey:
    """A release and variant: ("RVU25D", "") or ("RVU26C", "nonQPP")."""

    year: int
    quarter: str  # "A".."D"
    variant: str = ""

    @property
    def id(self) -> str:
        return f"RVU{self.year % 100:02d}{self.quarter}"

    @property
    def label(self) -> str:
        return f"{self.id} {self.variant}".strip()

    @property
    def effective_from(self) -> date:
        return date(self.year, 3 * QUARTER_LETTERS.index(self.quarter) + 1, 1)

    @property
    def effective_to(self) -> date:
        q = QUARTER_LETTERS.index(self.quarter)
        if q == 3:
            return date(self.year, 12, 31)
        return date(self.year, 3 * q + 4, 1) - timedelta(days=1)


def quarter_of_month(month: int) -> str:
    return QUARTER_LETTERS[(month - 1) // 3]


def month_number(text: str) -> int | None:
    return MONTHS.get(text[:3].lower())


def variant_from_name(file_name: str) -> str:
    lowered = file_name.lower()
    if re.search(r"non[_\- ]?qpp", lowered):
        return "nonQPP"
    if "qpp" in lowered:
        return "QPP"
    return ""


def year_from_name(file_name: str) -> int | None:
    """The calendar year a file name carries: GPCI2025 → 2025, 25LOCCO → 2025, PPRRVU26_JAN → 2026."""
    stem = file_name.rsplit(".", 1)[0]
    match = re.search(r"(?<!\d)(20\d{2})(?!\d)", stem)
    if match:
        return int(match.group(1))
    match = re.search(r"(?<!\d)(\d{2})(?!\d)", stem)
    return 2000 + int(match.group(1)) if match else None


def quarter_from_name(file_name: str) -> str | None:
    """The quarter a file name carries through a month: OPPSCAP_Oct → D, PPRRVU2026_Jul → C."""
    for token in re.split(r"[^A-Za-z]+", file_name.rsplit(".", 1)[0]):
        month = month_number(token) if len(token) in (3, 4) or token.lower() in _LONG_MONTHS else None
        if month:
            return quarter_of_month(month)
    return None


_LONG_MONTHS = {
    "january",
    "april",
    "july",
    "october",
    "february",
    "march",
    "june",
    "august",
    "september",
    "november",
    "december",
}


def release_key(file_name: str, caption_year: int | None, caption_month: str | None) -> ReleaseKey | None:
    """The release of a PPRRVU file: the caption wins over the name (the name is a fallback)."""
    year = caption_year or year_from_name(file_name)
    month = month_number(caption_month) if caption_month else None
    quarter = quarter_of_month(month) if month else quarter_from_name(file_name)
    if year is None or quarter is None:
        return None
    return ReleaseKey(year, quarter, variant_from_name(file_name))


def conversion_factor(values: Iterable[Decimal]) -> Decimal | None:
    """The release's CF: the most common non-zero CONV FACTOR of its rows."""
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None
