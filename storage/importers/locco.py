"""Parse the county-to-locality file (xxLOCCO.csv) into `CountyLocality` rows. Pure.

CMS writes the contractor without its leading zero ("1112") and the locality as "0" or "5": both are
normalised (5-digit carrier, 2-digit locality). The state name appears only on the first row of each
state and is carried forward.
"""

from __future__ import annotations

from bot.pricing.schedule import CountyLocality, SourceRef
from storage.importers.errors import CmsFileError
from storage.importers.table import Cells, has_headers, is_blank, locate_table

EXPECTED = "county-to-locality (LOCCO) file"
COLUMNS = {
    "carrier": ("*CONTRACTOR", "*CARRIER"),
    "locality": ("LOCALITY NUMBER", "LOCALITY"),
    "state": ("STATE",),
    "area": ("FEE SCHEDULE AREA",),
    "counties": ("COUNTIES",),
}


def parse_locco(text: str, file: str) -> list[CountyLocality]:
    table = locate_table(file, text, EXPECTED, has_headers("COUNTIES", "FEE SCHEDULE AREA"), COLUMNS, search_rows=30)
    col, labels, head_line = table.col, table.labels, table.header_line
    out: list[CountyLocality] = []
    state = ""
    for line, cells in table.rows:
        if is_blank(cells) or not cells[0].strip()[:1].isdigit():
            continue  # blank separator or footnote
        r = Cells(file, line, cells, labels)
        state = r.text(col["state"]) or state
        if not state:
            raise r.error(col["state"], "no state on this row or any row above it")
        out.append(
            CountyLocality(
                carrier=r.digits(col["carrier"], 5),
                locality=r.digits(col["locality"], 2),
                state=state,
                fee_schedule_area=r.text(col["area"]),
                counties=r.text(col["counties"]),
                source=SourceRef(file, line),
            )
        )
    if not out:
        raise CmsFileError(file, "no county rows after the header", line=head_line)
    return out
