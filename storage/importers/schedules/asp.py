"""Parse the Part B drug payment limit file (ASP pricing file; "Payment Limit File" from 2026). Pure.

About 8 caption lines, one of them the period ("Effective October 1, 2025 through December 31,
2025"), then HCPCS Code,Short Description,HCPCS Code Dosage,Payment Limit,... The 2026 layout
adds a trailing empty column: columns are found by header name.
"""

from __future__ import annotations

from bot.pricing.schedule import SourceRef
from bot.pricing.schedules.types import ASP, AspRow
from storage.importers.errors import CmsFileError
from storage.importers.schedules.parsed import (
    ParsedSchedule,
    caption_lines,
    code_or_none,
    drop_repeats,
    money,
)
from storage.importers.schedules.period import explicit_range, from_name, month_year
from storage.importers.table import Cells, csv_rows, has_headers, is_blank, locate_table

EXPECTED = "Part B drug payment limit (ASP) file"
COLUMNS = {
    "hcpcs": ("HCPCS CODE", "HCPCS"),
    "desc": ("SHORT DESCRIPTION", "SHORT DESCRIPTOR"),
    "dosage": ("HCPCS CODE DOSAGE", "*DOSAGE"),
    "limit": ("PAYMENT LIMIT", "*PAYMENT LIMIT", "*PAYMENT ALLOWANCE LIMIT"),
    "coins": ("CO-INSURANCE PERCENTAGE", "COINSURANCE PERCENTAGE", "*INSURANCE PERCENTAGE"),
    "notes": ("NOTES",),
}
OPTIONAL = frozenset({"desc", "coins", "notes"})


def parse_asp(text: str, file: str) -> ParsedSchedule:
    table = locate_table(file, text, EXPECTED, has_headers("*HCPCS", "*PAYMENT LIMIT"), COLUMNS, optional=OPTIONAL)
    col, labels = table.col, table.labels
    rows: list[AspRow] = []
    for line, cells in table.rows:
        if is_blank(cells) or code_or_none(cells, col["hcpcs"]) is None:
            continue
        r = Cells(file, line, cells, labels)
        rows.append(
            AspRow(
                hcpcs=r.code(col["hcpcs"]),
                description=r.text(col["desc"]) if "desc" in col else "",
                dosage=r.text(col["dosage"]),
                limit=money(r, col["limit"]),
                coinsurance=money(r, col["coins"]) if "coins" in col else None,
                notes=r.text(col["notes"]) if "notes" in col and col["notes"] < len(cells) else "",
                source=SourceRef(file, line),
            )
        )
    if not rows:
        raise CmsFileError(file, "no drug rows after the header", line=table.header_line)
    rows = drop_repeats(file, rows, lambda x: x.hcpcs, lambda x: (x.limit, x.dosage))
    captions = caption_lines(list(csv_rows(text[:8192])), table.header_line)
    period = explicit_range(captions) or from_name(file) or month_year(captions, "caption")
    if period is None:
        raise CmsFileError(file, "cannot tell the period this ASP file is in force (no 'Effective ...' caption)")
    return ParsedSchedule(ASP, "asp", period, rows)
