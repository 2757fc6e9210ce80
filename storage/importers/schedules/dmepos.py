"""Parse the DMEPOS and PEN fee schedule files (DMEPOS_JAN.csv, DMEPEN_JAN.csv). Pure.

Captions ("January 2025 Fee Schedule"), then HCPCS,Mod,Mod2,[JURIS,CATG,Ceiling,Floor,]
AL (NR),AL (R),...,VI (R),Description: one non-rural and one rural fee per state. The PEN file has
no JURIS/CATG/Ceiling/Floor columns and writes "AL(NR)". State columns are found by their header.
"""

from __future__ import annotations

import re

from bot.pricing.schedule import SourceRef
from bot.pricing.schedules.types import DMEPOS, DmeposRow
from storage.importers.errors import CmsFileError
from storage.importers.schedules.parsed import (
    ParsedSchedule,
    caption_lines,
    code_or_none,
    drop_repeats,
    money,
    required_money,
)
from storage.importers.schedules.period import from_name, month_year
from storage.importers.table import Cells, csv_rows, has_headers, is_blank, locate_table, normalise_header

EXPECTED = "DMEPOS (or PEN) fee schedule file"
COLUMNS = {
    "hcpcs": ("HCPCS", "HCPCS CODE"),
    "mod": ("MOD", "MODIFIER", "MOD1"),
    "mod2": ("MOD2", "MODIFIER 2", "MOD 2"),
    "juris": ("JURIS", "JURISDICTION"),
    "catg": ("CATG", "CATEGORY"),
    "ceiling": ("CEILING",),
    "floor": ("FLOOR",),
    "desc": ("DESCRIPTION", "DESC"),
}
OPTIONAL = frozenset({"mod2", "juris", "catg", "ceiling", "floor", "desc"})
_ALL_AMOUNTS = re.compile(r"^\d+(\.\d+)?(,\d+(\.\d+)?)*$")
_STATE = re.compile(r"^([A-Z]{2})\s*\((NR|R)\)$")


def parse_dmepos(text: str, file: str) -> ParsedSchedule:
    table = locate_table(file, text, EXPECTED, has_headers("HCPCS", "*(NR)"), COLUMNS, optional=OPTIONAL)
    col, labels = table.col, dict(table.labels)
    header_cells = next(cells for line, cells in csv_rows(text) if line == table.header_line)
    states: dict[str, list[int]] = {}
    for i, name in enumerate(header_cells):
        m = _STATE.match(normalise_header(name))
        if m:
            pair = states.setdefault(m.group(1), [-1, -1])
            pair[0 if m.group(2) == "NR" else 1] = i
            labels[i] = normalise_header(name)
    states = {s: pair for s, pair in states.items() if -1 not in pair}
    state_order = tuple(states)
    columns = [i for pair in states.values() for i in pair]
    span = (
        slice(columns[0], columns[-1] + 1) if columns and columns == list(range(columns[0], columns[-1] + 1)) else None
    )
    if not states:
        raise CmsFileError(
            file, 'no state fee columns ("AL (NR)", "AL (R)", ...) in the header', line=table.header_line
        )
    captions = caption_lines(list(csv_rows(text[:16384])), table.header_line)
    pen = "juris" not in col or any("PARENTERAL" in c.upper() for c in captions) or "DMEPEN" in file.upper()
    rows: list[DmeposRow] = []
    for line, cells in table.rows:
        if is_blank(cells) or code_or_none(cells, col["hcpcs"]) is None:
            continue
        r = Cells(file, line, cells, labels)
        fees = _fees(r, columns, span)
        rows.append(
            DmeposRow(
                hcpcs=r.code(col["hcpcs"]),
                modifier=r.modifier(col["mod"]),
                modifier2=r.modifier(col["mod2"]) if "mod2" in col else "",
                jurisdiction=r.text(col["juris"]).upper() if "juris" in col else "",
                category=r.text(col["catg"]).upper() if "catg" in col else "",
                ceiling=money(r, col["ceiling"]) if "ceiling" in col else None,
                floor=money(r, col["floor"]) if "floor" in col else None,
                states=state_order,
                fee_cells=fees,
                description=r.text(col["desc"]) if "desc" in col and col["desc"] < len(cells) else "",
                pen=pen,
                source=SourceRef(file, line),
            )
        )
    if not rows:
        raise CmsFileError(file, "no fee rows after the header", line=table.header_line)
    rows = drop_repeats(file, rows, lambda x: (x.hcpcs, x.modifier, x.modifier2), lambda x: x.fee_cells)
    period = month_year(captions, "caption") or from_name(file, _caption_year(captions))
    if period is None:
        raise CmsFileError(file, "cannot tell the quarter of this DMEPOS file (no 'January 2025 Fee Schedule' caption)")
    return ParsedSchedule(DMEPOS, "dmepen" if pen else "dmepos", period, rows)


def _caption_year(captions: list[str]) -> int | None:
    for c in captions:
        m = re.search(r"(?<!\d)(20\d{2})(?!\d)", c)
        if m:
            return int(m.group(1))
    return None


def _fees(r: Cells, columns: list[int], span: slice | None) -> tuple[str, ...]:
    """Every state's (non-rural, rural) fee as written, in state order. Fast path: the columns are
    one contiguous run and one pattern checks them all; else each cell is read and checked (a bad
    cell is reported with file, line and column)."""
    if span is not None:
        run = r.cells[span]
        if len(run) == len(columns) and _ALL_AMOUNTS.match(",".join(run)):
            return tuple(run)
    return tuple(str(required_money(r, i)) for i in columns)
