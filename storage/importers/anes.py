"""Parse the anesthesia conversion factor file (ANESyyyy.csv) into `AnesthesiaCf` rows. Pure."""

from __future__ import annotations

from bot.pricing.schedule import AnesthesiaCf, SourceRef
from storage.importers.errors import CmsFileError
from storage.importers.table import Cells, check_unique, csv_rows, find_columns, is_blank, normalise_header, wrong_kind

EXPECTED = "anesthesia conversion factor (ANES) file"
COLUMNS = {
    "carrier": ("CONTRACTOR", "CARRIER", "*MAC"),
    "locality": ("LOCALITY", "LOCALITY NUMBER"),
    "name": ("LOCALITY NAME",),
    "cf": ("*ANES CF", "*CONVERSION FACTOR"),
}


def parse_anes(text: str, file: str) -> list[AnesthesiaCf]:
    records = list(csv_rows(text))
    head = next(
        (
            i
            for i, (_, cells) in enumerate(records[:10])
            if any("ANES" in normalise_header(c) for c in cells)
            and any(normalise_header(c) == "LOCALITY NAME" for c in cells)
        ),
        None,
    )
    if head is None:
        raise wrong_kind(file, text, EXPECTED)
    head_line, header = records[head]
    col = find_columns(file, head_line, header, COLUMNS, frozenset())
    labels = {i: normalise_header(header[i]) for i in col.values()}
    out: list[AnesthesiaCf] = []
    for line, cells in records[head + 1 :]:
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
