"""Parse the OPPS payment cap file (OPPSCAP_*.csv) into `OppsCap` rows. Pure."""

from __future__ import annotations

from bot.pricing.schedule import OppsCap, SourceRef
from storage.importers.errors import CmsFileError
from storage.importers.table import Cells, check_unique, csv_rows, find_columns, is_blank, normalise_header, wrong_kind

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


def parse_oppscap(text: str, file: str) -> list[OppsCap]:
    records = list(csv_rows(text))
    head = next(
        (
            i
            for i, (_, cells) in enumerate(records[:10])
            if [normalise_header(c) for c in cells[:3]] == ["HCPCS", "MOD", "PROCSTAT"]
        ),
        None,
    )
    if head is None:
        raise wrong_kind(file, text, EXPECTED)
    head_line, header = records[head]
    col = find_columns(file, head_line, header, COLUMNS, frozenset())
    labels = {i: normalise_header(header[i]) for i in col.values()}
    out: list[OppsCap] = []
    for line, cells in records[head + 1 :]:
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
