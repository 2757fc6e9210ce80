"""Parse OPPS Addendum B and ASC Addenda AA/BB (the facility schedules). Pure.

OPPS: captions (the first column empty), then HCPCS Code,Short Descriptor,SI,APC,Relative Weight,
Payment Rate,...; rates like "$7,143.730" or blank; codes and SIs may carry trailing spaces.
Period: the month in the file name ("October 2025 Web Addendum B"), else a month in the captions.
ASC: captions, then HCPCS Code,<asterisks>,Short Descriptor,[Subject to Multiple Procedure
Discounting,]January 2025 Payment Indicator,... Payment Weight,... Payment Rate; rates like
"$1,579.16"; footnotes after the rows. Period: the month in the header, else the file name.
"""

from __future__ import annotations

from bot.pricing.schedule import SourceRef
from bot.pricing.schedules.types import ASC, OPPS, AscRow, OppsRow
from storage.importers.errors import CmsFileError
from storage.importers.schedules.parsed import ParsedSchedule, caption_lines, code_or_none, drop_repeats, money
from storage.importers.schedules.period import from_name, month_year
from storage.importers.table import Cells, csv_rows, has_headers, is_blank, locate_table, normalise_header

OPPS_EXPECTED = "OPPS Addendum B file"
OPPS_COLUMNS = {
    "hcpcs": ("HCPCS CODE", "HCPCS"),
    "desc": ("SHORT DESCRIPTOR", "SHORT DESCRIPTION"),
    "si": ("SI", "STATUS INDICATOR"),
    "apc": ("APC",),
    "weight": ("RELATIVE WEIGHT",),
    "rate": ("PAYMENT RATE",),
    "copay": ("NATIONAL UNADJUSTED COPAYMENT",),
    "mincopay": ("MINIMUM UNADJUSTED COPAYMENT",),
}
ASC_EXPECTED = "ASC Addendum AA or BB file"
ASC_COLUMNS = {
    "hcpcs": ("HCPCS CODE", "HCPCS"),
    "desc": ("SHORT DESCRIPTOR", "SHORT DESCRIPTION"),
    "mpd": ("SUBJECT TO MULTIPLE PROCEDURE DISCOUNTING", "*MULTIPLE PROCEDURE DISCOUNT*"),
    "pi": ("*PAYMENT INDICATOR",),
    "weight": ("*PAYMENT WEIGHT",),
    "rate": ("*PAYMENT RATE",),
}


def parse_opps(text: str, file: str) -> ParsedSchedule:
    wanted = OPPS_COLUMNS
    optional = frozenset({"desc", "apc", "weight", "copay", "mincopay"})
    table = locate_table(
        file, text, OPPS_EXPECTED, has_headers("HCPCS CODE", "SI", "*PAYMENT RATE"), wanted, optional=optional
    )
    col, labels = table.col, table.labels
    rows: list[OppsRow] = []
    for line, cells in table.rows:
        if is_blank(cells) or code_or_none(cells, col["hcpcs"]) is None:
            continue
        r = Cells(file, line, cells, labels)
        rows.append(
            OppsRow(
                hcpcs=r.code(col["hcpcs"]),
                description=r.text(col["desc"]) if "desc" in col else "",
                status_indicator=r.text(col["si"]).upper(),
                apc=r.text(col["apc"]) if "apc" in col else "",
                weight=money(r, col["weight"]) if "weight" in col else None,
                rate=money(r, col["rate"]),
                copayment=money(r, col["copay"]) if "copay" in col else None,
                minimum_copayment=money(r, col["mincopay"]) if "mincopay" in col else None,
                source=SourceRef(file, line),
            )
        )
    if not rows:
        raise CmsFileError(file, "no HCPCS rows after the header", line=table.header_line)
    rows = drop_repeats(file, rows, lambda x: x.hcpcs, lambda x: (x.status_indicator, x.rate))
    captions = caption_lines(list(csv_rows(text[:16384])), table.header_line)
    period = from_name(file) or month_year(captions, "caption")
    if period is None:
        raise CmsFileError(file, "cannot tell the quarter of this Addendum B (no month and year in its name)")
    return ParsedSchedule(OPPS, "addendum_b", period, rows)


def parse_asc(text: str, file: str) -> ParsedSchedule:
    optional = frozenset({"desc", "mpd", "weight"})
    table = locate_table(
        file, text, ASC_EXPECTED, has_headers("HCPCS CODE", "*PAYMENT INDICATOR"), ASC_COLUMNS, optional=optional
    )
    col, labels = table.col, table.labels
    header_cells = next(cells for line, cells in csv_rows(text) if line == table.header_line)
    flag_col = (
        col["hcpcs"] + 1
        if col["hcpcs"] + 1 < len(header_cells) and not header_cells[col["hcpcs"] + 1].strip()
        else None
    )
    captions = caption_lines(list(csv_rows(text[:16384])), table.header_line)
    joined = " ".join(captions).upper()
    addendum = "BB" if "ADDENDUM BB" in joined or ("mpd" not in col and "ADDENDUM AA" not in joined) else "AA"
    rows: list[AscRow] = []
    for line, cells in table.rows:
        if is_blank(cells) or code_or_none(cells, col["hcpcs"]) is None:
            continue
        r = Cells(file, line, cells, labels)
        rows.append(
            AscRow(
                hcpcs=r.code(col["hcpcs"]),
                description=r.text(col["desc"]) if "desc" in col else "",
                addendum=addendum,
                payment_indicator=r.text(col["pi"]).upper(),
                weight=money(r, col["weight"]) if "weight" in col else None,
                rate=money(r, col["rate"]),
                multiple_procedure_discount=r.text(col["mpd"]).upper() if "mpd" in col else "",
                flag=r.text(flag_col) if flag_col is not None else "",
                source=SourceRef(file, line),
            )
        )
    if not rows:
        raise CmsFileError(file, "no HCPCS rows after the header", line=table.header_line)
    rows = drop_repeats(file, rows, lambda x: x.hcpcs, lambda x: (x.payment_indicator, x.rate))
    header_text = [" ".join(normalise_header(h) for h in header_cells)]
    period = month_year(header_text, "header") or from_name(file) or month_year(captions, "caption")
    if period is None:
        raise CmsFileError(file, "cannot tell the quarter of this ASC addendum (no month and year in its header)")
    return ParsedSchedule(ASC, addendum.lower(), period, rows)
