"""Parse the GPCI file (GPCIyyyy.csv, "Addendum E") into `Gpci` rows. Pure: text in, rows out.

Handles the 2025 and 2026 header wordings ("2025 PW GPCI (with 1.0 Floor)", "2026 PW GPCI (with 1.0
Floor)***") by matching parts of the names, and skips the caption and the trailing footnote rows.
"""

from __future__ import annotations

from bot.pricing.schedule import Gpci, SourceRef
from storage.importers.errors import CmsFileError
from storage.importers.table import Cells, check_unique, csv_rows, find_columns, is_blank, normalise_header, wrong_kind

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
    records = list(csv_rows(text))
    head = next(
        (
            i
            for i, (_, cells) in enumerate(records[:30])
            if any("GPCI" in normalise_header(c) for c in cells)
            and any(normalise_header(c) == "LOCALITY NAME" for c in cells)
        ),
        None,
    )
    if head is None:
        raise wrong_kind(file, text, EXPECTED)
    head_line, header = records[head]
    col = find_columns(file, head_line, header, COLUMNS, frozenset())
    labels = {i: normalise_header(header[i]) for i in col.values()}
    out: list[Gpci] = []
    for line, cells in records[head + 1 :]:
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
