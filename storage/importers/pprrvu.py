"""Parse the PFS relative value file (PPRRVU*.csv) into `RvuRow`s. Pure: text in, rows out.

Columns are found by their header names — CMS spreads each name over up to five caption rows above
the `HCPCS,MOD,DESCRIPTION,...` row, and the CY2026 layout adds a `PRIC IND` column — never by
position. The caption rows before the header are skipped; the caption naming the release
("2025 National Physician Fee Schedule Relative Value File October Release") is returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.pricing.schedule import RvuRow, SourceRef
from storage.importers.errors import CmsFileError
from storage.importers.table import Cells, check_unique, csv_rows, find_columns, is_blank, normalise_header, wrong_kind

EXPECTED = "PFS relative value file (PPRRVU)"

COLUMNS: dict[str, tuple[str, ...]] = {
    "hcpcs": ("HCPCS",),
    "modifier": ("MOD",),
    "description": ("DESCRIPTION",),
    "status": ("STATUS CODE",),
    "not_used_for_medicare": ("NOT USED FOR MEDICARE PAYMENT",),
    "work_rvu": ("WORK RVU",),
    "nonfacility_pe_rvu": ("NON-FAC PE RVU", "NON-FACILITY PE RVU"),
    "nonfacility_na": ("NON-FAC NA INDICATOR", "NON-FACILITY NA INDICATOR"),
    "facility_pe_rvu": ("FACILITY PE RVU",),
    "facility_na": ("FACILITY NA INDICATOR",),
    "mp_rvu": ("MP RVU",),
    "nonfacility_total": ("NON-FACILITY TOTAL", "NON-FAC TOTAL"),
    "facility_total": ("FACILITY TOTAL",),
    "pctc_indicator": ("PCTC IND",),
    "global_days": ("GLOB DAYS",),
    "preop": ("PRE OP",),
    "intraop": ("INTRA OP",),
    "postop": ("POST OP",),
    "mult_proc": ("MULT PROC",),
    "bilat_surg": ("BILAT SURG",),
    "asst_surg": ("ASST SURG",),
    "co_surg": ("CO-SURG",),
    "team_surg": ("TEAM SURG",),
    "pricing_indicator": ("PRIC IND",),
    "endo_base": ("ENDO BASE",),
    "conversion_factor": ("CONV FACTOR",),
    "phys_supervision": ("PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES",),
    "calculation_flag": ("CALCULATION FLAG",),
    "imaging_family": ("DIAGNOSTIC IMAGING FAMILY INDICATOR",),
    "opps_nonfacility_pe": ("NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT",),
    "opps_facility_pe": ("FACILITY PE USED FOR OPPS PAYMENT AMOUNT",),
    "opps_mp": ("MP USED FOR OPPS PAYMENT AMOUNT",),
}
OPTIONAL = frozenset({"pricing_indicator"})
DECIMALS = (
    "work_rvu",
    "nonfacility_pe_rvu",
    "facility_pe_rvu",
    "mp_rvu",
    "nonfacility_total",
    "facility_total",
    "preop",
    "intraop",
    "postop",
    "conversion_factor",
    "opps_nonfacility_pe",
    "opps_facility_pe",
    "opps_mp",
)
TEXTS = (
    "pctc_indicator",
    "global_days",
    "mult_proc",
    "bilat_surg",
    "asst_surg",
    "co_surg",
    "team_surg",
    "endo_base",
    "phys_supervision",
    "calculation_flag",
    "imaging_family",
)
NA_VALUES = frozenset({"", "NA"})
_CAPTION = re.compile(r"(\d{4}) National Physician Fee Schedule Relative Value File (\w+) Release", re.I)


@dataclass(frozen=True, slots=True)
class PprrvuFile:
    rows: list[RvuRow]
    caption_year: int | None  # from the caption, e.g. 2025
    caption_month: str | None  # e.g. "October"


def _header(file: str, records: list[tuple[int, list[str]]]) -> tuple[int, list[str], int]:
    """(index of the HCPCS header record, combined column names, its line)."""
    for i, (line, cells) in enumerate(records[:60]):
        if cells and cells[0].strip().upper() == "HCPCS":
            start = i
            while start > 0 and any(c.strip() for c in records[start - 1][1][3:]):
                start -= 1
            width = len(cells)
            names = []
            for col in range(width):
                parts = [r[1][col] for r in records[start : i + 1] if col < len(r[1]) and r[1][col].strip()]
                names.append(normalise_header(" ".join(parts)))
            return i, names, line
    raise CmsFileError(file, "no header row starting with HCPCS in the first 60 rows")


def parse_pprrvu(text: str, file: str) -> PprrvuFile:
    """Every code/modifier row of a PPRRVU CSV (any year's layout)."""
    records = list(csv_rows(text))
    try:
        head_index, names, head_line = _header(file, records)
    except CmsFileError:
        raise wrong_kind(file, text, EXPECTED) from None
    col = find_columns(file, head_line, names, COLUMNS, OPTIONAL)
    labels = {i: names[i] for i in col.values()}
    year: int | None = None
    month: str | None = None
    for _, cells in records[:head_index]:
        match = _CAPTION.search(" ".join(cells))
        if match:
            year, month = int(match.group(1)), match.group(2).capitalize()
    rows: list[RvuRow] = []
    c_pric = col.get("pricing_indicator")
    for line, cells in records[head_index + 1 :]:
        if is_blank(cells):
            continue
        r = Cells(file, line, cells, labels)
        values: dict[str, Any] = {name: r.decimal(col[name]) for name in DECIMALS}
        values.update((name, r.text(col[name])) for name in TEXTS)
        rows.append(
            RvuRow(
                hcpcs=r.code(col["hcpcs"]),
                modifier=r.modifier(col["modifier"]),
                description=r.text(col["description"]),
                status=r.choice(col["status"], _STATUSES, "a one-letter status code"),
                not_used_for_medicare=bool(r.text(col["not_used_for_medicare"])),
                nonfacility_na=r.choice(col["nonfacility_na"], NA_VALUES, "NA or an empty cell") == "NA",
                facility_na=r.choice(col["facility_na"], NA_VALUES, "NA or an empty cell") == "NA",
                source=SourceRef(file, line),
                pricing_indicator=r.text(c_pric) if c_pric is not None else "",
                **values,
            )
        )
    check_unique(file, rows, lambda r: (r.hcpcs, r.modifier))
    if not rows:
        raise CmsFileError(file, "the header is there but no code rows follow it", line=head_line)
    return PprrvuFile(rows, year, month)


_STATUSES = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
