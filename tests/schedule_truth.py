"""Rows of the CMS schedule files read independently of billbot's parsers (csv module, header by
first-cell name), for tests to check amounts against."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

CENT = Decimal("0.01")


def cents(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def records(path: Path, first_header_cell: str, code: str | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {header: cell}) for each record after the header row whose first cell is given, whose
    `code` column (the first by default) holds a 5-character code."""
    text = path.read_text(encoding="latin-1")
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    line = 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if header is None:
            if cells and cells[0].strip() == first_header_cell:
                header = [h.strip() for h in cells]
            continue
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        value = row.get(code or header[0], "")
        if len(value) == 5 and value.isalnum():
            yield start, row


def amount(text: str) -> Decimal | None:
    cleaned = text.replace("$", "").replace(",", "").strip()
    return Decimal(cleaned) if cleaned and cleaned not in (".", "N/A") else None
