"""Parse the GPCI file (GPCIyyyy.csv, "Addendum E") into `Gpci` rows. Pure: text in, rows out.

Handles the 2025 and 2026 header wordings ("2025 PW GPCI (with 1.0 Floor)", "2026 PW GPCI (with 1.0
Floor)***") by matching parts of the names, and skips the caption and the trailing footnote rows.
"""

from __future__ import annotations

from bot.pricing.schedule import Gpci, SourceRef
from storage.importers.errors import CmsFileError
from storage.importers.table import Cells, check_unique, has_headers, is_blank, locate_table

EXPECTED = "geographic practice cost indices (GPCI) file"
COLUMNS = {
    "carrier": ("*CONTRACTOR", "*MAC", "CARRIER"),
    "state": ("STATE",),
    "locality": ("LOCALITY NUMBER", "LOCALITY"),
    "name": ("LOCALITY NAME",),
    "work": ("*PW GPCI", "*WORK GPCI"),
    "pe": ("*PE GPCI",),
    "mp": ("*MP GPCI",),
}


def parse_gpci(text: str, file: str) -> list[Gpci]:
    table = locate_table(file, text, EXPECTED, has_headers("*GPCI", "LOCALITY NAME"), COLUMNS, search_rows=30)
    col, labels, head_line = table.col, table.labels, table.header_line
    out: list[Gpci] = []
    for line, cells in table.rows:
        if is_blank(cells) or not cells[0].strip()[:1].isdigit():
            continue  # blank separator or footnote
        r = Cells(file, line, cells, labels)
        out.append(
            Gpci(
                carrier=r.digits(col["carrier"], 5),
                locality=r.digits(col["locality"], 2),
                state=r.text(col["state"]).upper(),
                name=r.text(col["name"]),
                work=r.decimal(col["work"]),
                pe=r.decimal(col["pe"]),
                mp=r.decimal(col["mp"]),
                source=SourceRef(file, line),
            )
        )
    check_unique(file, out, lambda g: (g.carrier, g.locality))
    if not out:
        raise CmsFileError(file, "no locality rows after the header", line=head_line)
    return out
