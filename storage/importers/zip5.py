"""Parse the ZIP-to-locality file (ZIP5_*.txt, fixed width) into `ZipLocality` rows. Pure.

Layout (CMS's ZIP5lyout.txt; 1-based inclusive positions): state 1-2, ZIP code 3-7, carrier 8-12,
pricing locality 13-14, rural indicator 15 (blank urban, R rural, B super rural), year/quarter 76-80.
"""

from __future__ import annotations

import re

from bot.pricing.schedule import SourceRef, ZipLocality
from storage.importers.errors import CmsFileError
from storage.importers.table import check_unique, wrong_kind

EXPECTED = "ZIP-to-locality (ZIP5) file"
FIELDS: tuple[tuple[str, int, int, re.Pattern[str]], ...] = (
    ("State", 1, 2, re.compile(r"^[A-Z]{2}$")),
    ("Zip Code", 3, 7, re.compile(r"^\d{5}$")),
    ("Carrier", 8, 12, re.compile(r"^\d{5}$")),
    ("Pricing Locality", 13, 14, re.compile(r"^\d{2}$")),
    ("Rural Indicator", 15, 15, re.compile(r"^[ RB]$")),
    ("Year/Quarter", 76, 80, re.compile(r"^\d{4}[1-4]$")),
)
RECORD_LENGTH = 80


def parse_zip5(text: str, file: str) -> list[ZipLocality]:
    out: list[ZipLocality] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if not out and not re.match(r"^[A-Z]{2}\d{10}", line):
            raise wrong_kind(file, text, EXPECTED)
        values = []
        for name, start, end, pattern in FIELDS:
            value = line[start - 1 : end]
            if not pattern.match(value):
                found = (
                    repr(value)
                    if value.strip()
                    else ("nothing (the line is too short)" if len(line) < end else "blanks")
                )
                raise CmsFileError(file, f"positions {start}-{end}: unexpected {found}", line=line_no, column=name)
            values.append(value)
        state, zip5, carrier, locality, rural, year_quarter = values
        out.append(ZipLocality(zip5, state, carrier, locality, rural.strip(), year_quarter, SourceRef(file, line_no)))
    check_unique(file, out, lambda z: (z.zip5,))
    if not out:
        raise CmsFileError(file, "the file holds no ZIP records")
    return out
