"""The period a schedule file is in force, read from the file itself (or its name). Pure.

Sources, in the order each parser tries them: an explicit caption ("Effective October 1, 2025
through December 31, 2025"), a month and year in a caption or header ("January 2025 Fee
Schedule", "January 2025 Payment Rate"), the quarter or month in the file name ("CLFS 2025 Q2",
"October 2025 Web Addendum B", "Jan-2025-ASC-AA", "25CLABQ2"), and CLFS's EFF_DATE column. These
schedules are updated quarterly: a month names the quarter it starts, in force to that quarter's end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_RANGE = re.compile(
    rf"Effective\s+{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\s+(?:through|to|-)\s+{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})", re.I
)
_MONTH_YEAR = re.compile(rf"(?<![A-Za-z]){_MONTH}[\s_\-]*(\d{{4}})(?!\d)", re.I)
_YEAR_QUARTER = re.compile(r"(?<!\d)(20\d{2})[\s_\-]*Q([1-4])(?!\d)", re.I)
_SHORT_YEAR_QUARTER = re.compile(r"(?<!\d)(\d{2})[A-Z]*Q([1-4])(?!\d)", re.I)
_QUARTER = re.compile(r"(?<![A-Za-z0-9])Q([1-4])(?![0-9])", re.I)
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
FULL_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@dataclass(frozen=True, slots=True)
class Period:
    """In force `start`..`end` (inclusive); `how` says where it was read, for the import report."""

    start: date
    end: date | None
    how: str

    @property
    def quarter_label(self) -> str:
        return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"


def month_number(text: str) -> int:
    return MONTHS.index(text[:3].lower()) + 1


def quarter_period(year: int, quarter: int, how: str) -> Period:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year, 12, 31) if quarter == 4 else date(year, 3 * quarter + 1, 1) - timedelta(days=1)
    return Period(start, end, how)


def month_period(year: int, month: int, how: str) -> Period:
    """A month names a quarterly release: in force from the month's first day to its quarter's end."""
    quarter = (month - 1) // 3 + 1
    end = quarter_period(year, quarter, how).end
    return Period(date(year, month, 1), end, how)


def explicit_range(lines: Iterable[str]) -> Period | None:
    """ "Effective October 1, 2025 through December 31, 2025" in any of the lines."""
    for line in lines:
        m = _RANGE.search(line)
        if m:
            start = date(int(m.group(3)), month_number(m.group(1)), int(m.group(2)))
            end = date(int(m.group(6)), month_number(m.group(4)), int(m.group(5)))
            return Period(start, end, f"caption {m.group(0)!r}")
    return None


def month_year(lines: Iterable[str], where: str) -> Period | None:
    """The first "<Month> <year>" in the lines ("January 2025 Fee Schedule")."""
    for line in lines:
        m = _MONTH_YEAR.search(line)
        if m:
            return month_period(int(m.group(2)), month_number(m.group(1)), f"{where} {m.group(0).strip()!r}")
    return None


def from_name(file_name: str, year: int | None = None) -> Period | None:
    """The quarter or month a file name carries: "CLFS 2025 Q2V1.csv", "...Oct 2025...", "25CLABQ2"."""
    stem = file_name.rsplit(".", 1)[0]
    how = f"file name {file_name!r}"
    if m := _YEAR_QUARTER.search(stem):
        return quarter_period(int(m.group(1)), int(m.group(2)), how)
    if m := _MONTH_YEAR.search(stem):
        return month_period(int(m.group(2)), month_number(m.group(1)), how)
    if m := _SHORT_YEAR_QUARTER.search(stem):
        return quarter_period(2000 + int(m.group(1)), int(m.group(2)), how)
    named_year = year or (int(y.group(1)) if (y := _YEAR.search(stem)) else None)
    if named_year is not None:
        if m := _QUARTER.search(stem):
            return quarter_period(named_year, int(m.group(1)), how)
        for token in re.split(r"[^A-Za-z]+", stem):
            word = token.lower()
            if len(word) >= 3 and any(full.startswith(word) for full in FULL_MONTHS):
                return month_period(named_year, month_number(word), how)
    return None


def parse_yyyymmdd(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%Y%m%d").date()
    except ValueError:
        return None
