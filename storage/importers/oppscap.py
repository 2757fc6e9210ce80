"""Parse the OPPS payment cap file (OPPSCAP_*.csv) into `OppsCap` rows. Pure."""

from __future__ import annotations

from bot.pricing.schedule import OppsCap, SourceRef
from storage.importers.errors import CmsFileError
from storage.importers.table import Cells, check_unique, is_blank, locate_table, normalise_header

EXPECTED = "OPPS payment cap (OPPSCAP) file"
COLUMNS = {
    "hcpcs": ("HCPCS",),
    "modifier": ("MOD", "MODIFIER"),
    "status": ("PROCSTAT", "STATUS"),
    "carrier": ("CARRIER", "*CONTRACTOR"),
    "locality": ("LOCALITY",),
    "facility": ("FACILITY PRICE",),
    "nonfacility": ("NON-FACILTY PRICE", "NON-FACILITY PRICE"),  # CMS's header has the typo
}


def _is_header(cells: list[str]) -> bool:
    return [normalise_header(c) for c in cells[:3]] == ["HCPCS", "MOD", "PROCSTAT"]


def parse_oppscap(text: str, file: str) -> list[OppsCap]:
    table = locate_table(file, text, EXPECTED, _is_header, COLUMNS, search_rows=10)
    col, labels, head_line = table.col, table.labels, table.header_line
    out: list[OppsCap] = []
    for line, cells in table.rows:
        if is_blank(cells):
            continue
        r = Cells(file, line, cells, labels)
        out.append(
            OppsCap(
                hcpcs=r.code(col["hcpcs"]),
                modifier=r.modifier(col["modifier"]),
                status=r.text(col["status"]).upper(),
                carrier=r.digits(col["carrier"], 5),
                locality=r.digits(col["locality"], 2),
                facility_price=r.decimal(col["facility"]),
                nonfacility_price=r.decimal(col["nonfacility"]),
                source=SourceRef(file, line),
            )
        )
    check_unique(file, out, lambda o: (o.hcpcs, o.modifier, o.carrier, o.locality))
    if not out:
        raise CmsFileError(file, "no cap rows after the header", line=head_line)
    return out
