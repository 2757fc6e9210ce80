"""Parse the county-to-locality file (xxLOCCO.csv) into `CountyLocality` rows. Pure.

CMS writes the contractor without its leading zero ("1112") and the locality as "0" or "5": both are
normalised (5-digit carrier, 2-digit locality). The state name appears only on the first row of each
state and is carried forward.
"""

from __future__ import annotations

from bot.pricing.schedule import CountyLocality, SourceRef
from storage.importers.errors import CmsFileError
from storage.importers.table import Cells, csv_rows, find_columns, is_blank, normalise_header, wrong_kind

EXPECTED = "county-to-locality (LOCCO) file"
COLUMNS = {
    "carrier": ("*CONTRACTOR", "*CARRIER"),
    "locality": ("LOCALITY NUMBER", "LOCALITY"),
    "state": ("STATE",),
    "area": ("FEE SCHEDULE AREA",),
    "counties": ("COUNTIES",),
}


def parse_locco(text: str, file: str) -> list[CountyLocality]:
    records = list(csv_rows(text))
    head = next(
        (
            i
            for i, (_, cells) in enumerate(records[:30])
            if any(normalise_header(c) == "COUNTIES" for c in cells)
            and any(normalise_header(c) == "FEE SCHEDULE AREA" for c in cells)
        ),
        None,
    )
    if head is None:
        raise wrong_kind(file, text, EXPECTED)
    head_line, header = records[head]
    col = find_columns(file, head_line, header, COLUMNS, frozenset())
    labels = {i: normalise_header(header[i]) for i in col.values()}
    out: list[CountyLocality] = []
    state = ""
    for line, cells in records[head + 1 :]:
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
