"""Parse the Clinical Laboratory Fee Schedule (CLFS yyyy Qn.csv, from CMS's yyCLABQn.zip). Pure.

Captions (their number changes from quarter to quarter), then YEAR,HCPCS,MOD,EFF_DATE,INDICATOR,
RATE,...; RATE is the national limit amount, written with leading zeros ("00720.00") or not ("25").
Period: the quarter in the file name, else the quarter of the latest EFF_DATE.
"""

from __future__ import annotations

from collections import Counter

from bot.pricing.schedule import SourceRef
from bot.pricing.schedules.types import CLFS, ClfsRow
from storage.importers.errors import CmsFileError
from storage.importers.schedules.parsed import ParsedSchedule, code_or_none, drop_repeats, required_money
from storage.importers.schedules.period import Period, from_name, month_period, parse_yyyymmdd
from storage.importers.table import Cells, csv_rows, has_headers, is_blank, locate_table

EXPECTED = "Clinical Laboratory Fee Schedule (CLFS) file"
COLUMNS = {
    "year": ("YEAR",),
    "hcpcs": ("HCPCS", "HCPCS CODE"),
    "mod": ("MOD", "MODIFIER"),
    "eff": ("EFF_DATE", "EFFECTIVE DATE"),
    "ind": ("INDICATOR",),
    "rate": ("RATE", "*NATIONAL LIMIT"),
    "desc": ("SHORTDESC", "SHORT DESCRIPTION", "SHORT DESCRIPTOR"),
}
OPTIONAL = frozenset({"year", "eff", "ind", "desc"})


def parse_clfs(text: str, file: str) -> ParsedSchedule:
    table = locate_table(file, text, EXPECTED, has_headers("HCPCS", "RATE"), COLUMNS, optional=OPTIONAL)
    col, labels = table.col, table.labels
    rows: list[ClfsRow] = []
    years: Counter[str] = Counter()
    for line, cells in table.rows:
        if is_blank(cells) or code_or_none(cells, col["hcpcs"]) is None:
            continue
        r = Cells(file, line, cells, labels)
        eff = parse_yyyymmdd(r.text(col["eff"])) if "eff" in col else None
        if "year" in col:
            years[r.text(col["year"])] += 1
        rows.append(
            ClfsRow(
                hcpcs=r.code(col["hcpcs"]),
                modifier=r.modifier(col["mod"]),
                rate=required_money(r, col["rate"]),
                indicator=r.text(col["ind"]).upper() if "ind" in col else "",
                effective=eff,
                description=r.text(col["desc"]) if "desc" in col else "",
                source=SourceRef(file, line),
            )
        )
    if not rows:
        raise CmsFileError(file, "no test rows after the header", line=table.header_line)
    rows = drop_repeats(file, rows, lambda x: (x.hcpcs, x.modifier), lambda x: (x.rate, x.indicator))
    return ParsedSchedule(CLFS, "clfs", _period(file, text, rows, years), rows)


def _period(file: str, text: str, rows: list[ClfsRow], years: Counter[str]) -> Period:
    year = int(years.most_common(1)[0][0]) if years and years.most_common(1)[0][0].isdigit() else None
    if year is None:
        head = " ".join(" ".join(c) for _, c in list(csv_rows(text[:4096]))[:3])
        digits = [int(w) for w in head.split() if w.isdigit() and len(w) == 4 and w.startswith("20")]
        year = digits[0] if digits else None
    named = from_name(file, year)
    if named is not None:
        return named
    dates = [r.effective for r in rows if r.effective is not None]
    if dates:
        latest = max(dates)
        return month_period(latest.year, latest.month, f"latest EFF_DATE {latest.isoformat()}")
    raise CmsFileError(file, "cannot tell which quarter this CLFS file is for (no quarter in the name, no EFF_DATE)")
