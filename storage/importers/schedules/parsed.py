"""What every schedule parser returns, and the cell readers they share. Pure."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from storage.importers.errors import CmsFileError
from storage.importers.schedules.period import Period
from storage.importers.table import Cells, normalise_header

_MONEY = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)$")
_CODE = re.compile(r"^[0-9A-Z]{5}$")
BLANK = frozenset({"", ".", "-", "N/A", "NA"})


@dataclass(frozen=True)
class ParsedSchedule:
    """One parsed file: its schedule ("CLFS"), part ("clfs", "dmepen", "aa", ...), period and rows."""

    schedule: str
    part: str
    period: Period
    rows: list[Any]  # ClfsRow, AspRow, DmeposRow, OppsRow or AscRow (bot.pricing.schedules.types)

    @property
    def label(self) -> str:
        return f"{self.schedule} {self.period.quarter_label}"


def money(r: Cells, index: int) -> Decimal | None:
    """ "$1,579.16", "00720.00", "$7,143.730" → Decimal; blank, "." or "N/A" → None."""
    raw = r.cells[index] if index < len(r.cells) else r.raw(index)  # raw() explains a short row
    text = raw.strip()
    if "$" in text or "," in text:
        text = text.replace("$", "").replace(",", "").strip()
    if not text or text.upper() in BLANK:
        return None
    if not _MONEY.match(text):
        raise r.error(index, f"expected an amount, found {raw.strip()!r}")
    return Decimal(text)


def required_money(r: Cells, index: int) -> Decimal:
    value = money(r, index)
    if value is None:
        raise r.error(index, "expected an amount, found an empty cell")
    return value


def code_or_none(cells: Sequence[str], index: int) -> str | None:
    """The HCPCS code of a data row, or None for a caption, note or blank row."""
    if index >= len(cells):
        return None
    text = cells[index].strip().upper()
    return text if _CODE.match(text) else None


def caption_lines(records: Sequence[tuple[int, list[str]]], header_line: int) -> list[str]:
    """The text of the records before the header (captions), one string per record."""
    return [" ".join(c.strip() for c in cells if c.strip()) for line, cells in records if line < header_line]


def drop_repeats(
    file: str, rows: list[Any], key: Callable[[Any], Hashable], same: Callable[[Any], Hashable]
) -> list[Any]:
    """Keep the first of rows repeated verbatim (CMS repeats a few); a key repeated with other values is an error."""
    seen: dict[Hashable, Any] = {}
    out = []
    for row in rows:
        k = key(row)
        first = seen.get(k)
        if first is None:
            seen[k] = row
            out.append(row)
        elif same(first) != same(row):
            raise CmsFileError(
                file,
                f"{k} appears twice with different values (also on line {first.source.line})",
                line=row.source.line,
            )
    return out


def header_index(header: Sequence[str]) -> dict[str, int]:
    return {normalise_header(h): i for i, h in enumerate(header)}
