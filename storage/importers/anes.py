"""Parse the anesthesia conversion factor file (ANESyyyy.csv) into `AnesthesiaCf` rows. Pure."""

from __future__ import annotations

from bot.pricing.schedule import AnesthesiaCf, SourceRef
from storage.importers.errors import CmsFileError
from storage.importers.table import Cells, check_unique, has_headers, is_blank, locate_table

EXPECTED = "anesthesia conversion factor (ANES) file"
COLUMNS = {
    "carrier": ("CONTRACTOR", "CARRIER", "*MAC"),
    "locality": ("LOCALITY", "LOCALITY NUMBER"),
    "name": ("LOCALITY NAME",),
    "cf": ("*ANES CF", "*CONVERSION FACTOR"),
}


def parse_anes(text: str, file: str) -> list[AnesthesiaCf]:
    table = locate_table(file, text, EXPECTED, has_headers("*ANES", "LOCALITY NAME"), COLUMNS, search_rows=10)
    col, labels, head_line = table.col, table.labels, table.header_line
    out: list[AnesthesiaCf] = []
    for line, cells in table.rows:
        if is_blank(cells) or not cells[0].strip()[:1].isdigit():
            continue
        r = Cells(file, line, cells, labels)
        out.append(
            AnesthesiaCf(
                carrier=r.digits(col["carrier"], 5),
                locality=r.digits(col["locality"], 2),
                name=r.text(col["name"]),
                conversion_factor=r.decimal(col["cf"]),
                source=SourceRef(file, line),
            )
        )
    check_unique(file, out, lambda a: (a.carrier, a.locality))
    if not out:
        raise CmsFileError(file, "no locality rows after the header", line=head_line)
    return out
