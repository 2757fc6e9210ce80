"""Streaming parsers for the NCCI files, as CMS publishes them. Pure: they read lines, not files.

Give each parser the file's lines with their line endings (``open(..., newline="")``) and the file
name for messages; it yields plain tuples (fast enough for millions of rows) and raises
`CmsFileError` naming the file and line at the first row that is not what CMS writes. A file
whose last line has no line ending was cut short and is rejected.

* PTP (``ccipra-vNNNrN-fN``, ``ccioph-...``): tab-delimited, header lines first (6 in CMS files),
  CRLF; columns: column 1, column 2, ``*`` = in existence prior to 1996, effective date YYYYMMDD,
  deletion date YYYYMMDD or ``*``, modifier indicator 0/1/9, PTP edit rationale.
* MUE (``MCR_MUE_PractitionerServices_Eff_MM-DD-YYYY.csv``): CSV; a quoted multi-line notice, a
  quoted two-line header, then code, MUE value, adjudication indicator ("1 Line Edit", "2 Date of
  Service Edit: Policy", "3 Date of Service Edit: Clinical"), rationale. Columns found by header.
* AOC (add-on code edits): tab-delimited or CSV with a header row naming the add-on code, primary
  code, AOC edit type and the edit's effective / deletion dates; columns found by header (no real
  sample was available: CMS's layout is matched by column names, not positions). Dates may be
  YYYYMMDD, MM/DD/YYYY or Julian YYYYDDD; "*", blank or 9999999 mean no deletion date.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from bot.pricing.lines import HCPCS_SHAPE
from bot.pricing.ncci.types import ymd_to_date
from storage.importers.errors import CmsFileError

PtpRow = tuple[str, str, bool, int, int | None, str, str, int]
"""column 1, column 2, prior to 1996, effective YYYYMMDD, deletion YYYYMMDD or None, modifier indicator,
rationale, line number"""
MueRow = tuple[str, int, str, str, str, int]
"""code, MUE value, adjudication indicator ("1"/"2"/"3"), adjudication text, rationale, line number"""
AocRow = tuple[str, str, str, int, int | None, int]
"""add-on code, primary code, AOC type, effective YYYYMMDD, deletion YYYYMMDD or None, line number"""

MAX_HEADER_LINES = 12
TRUNCATED = "the last line has no line ending: the file was cut short (truncated)"
_match_code = HCPCS_SHAPE.match


class _Dates:
    """YYYYMMDD text → int, validated once per distinct value (files repeat a few thousand dates)."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        value = self.seen.get(text)
        if value is None:
            if len(text) != 8 or not text.isdigit():
                raise ValueError(f"{text!r} is not a date (YYYYMMDD)")
            value = int(text)
            try:
                ymd_to_date(value)
            except ValueError as exc:
                raise ValueError(f"{text!r} is not a date ({exc})") from None
            if not 19000101 <= value <= 21001231:
                raise ValueError(f"{text!r} is out of range")
            self.seen[text] = value
        return value


def _parse_flex_date(text: str) -> int:
    """YYYYMMDD, YYYY-MM-DD, MM/DD/YYYY or Julian YYYYDDD → YYYYMMDD (validated)."""
    t = text.strip()
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", t):
        value = int(m[3]) * 10000 + int(m[1]) * 100 + int(m[2])
    elif m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t):
        value = int(m[1]) * 10000 + int(m[2]) * 100 + int(m[3])
    elif len(t) == 8 and t.isdigit():
        value = int(t)
    elif len(t) == 7 and t.isdigit():  # Julian YYYYDDD, as CMS's fixed-width claims-system files write dates
        day = date(int(t[:4]), 1, 1) + timedelta(days=int(t[4:]) - 1)
        if day.year != int(t[:4]) or int(t[4:]) == 0:
            raise ValueError(f"{text!r} is not a date (YYYYDDD day out of range)")
        value = day.year * 10000 + day.month * 100 + day.day
    else:
        raise ValueError(f"{text!r} is not a date")
    ymd_to_date(value)
    return value


def _no_date(text: str) -> bool:
    return text.strip().upper() in {"", "*", "NA", "N/A", "NONE", "99991231", "9999999", "99999999"}


def parse_ptp(lines: Iterable[str], file: str) -> Iterator[PtpRow]:
    """Rows of a PTP edit file (see module doc)."""
    dates = _Dates()
    in_data = False
    lineno = 0
    last = ""
    for lineno, raw in enumerate(lines, 1):
        last = raw
        text = raw.rstrip("\r\n")
        if not in_data:
            head = text.split("\t", 1)[0].strip()
            if not _match_code(head):
                if lineno >= MAX_HEADER_LINES:
                    raise CmsFileError(
                        file, "no PTP edit rows after the header: not a tab-delimited NCCI PTP file", line=lineno
                    )
                continue
            in_data = True
        if not text:
            continue
        fields = text.split("\t")
        if len(fields) != 7:
            cut = "" if raw.endswith("\n") else f" ({TRUNCATED})"
            raise CmsFileError(file, line=lineno, message=f"expected 7 tab-separated columns, found {len(fields)}{cut}")
        c1, c2, prior, eff, dele, ind, why = fields
        if not _match_code(c1):
            raise CmsFileError(file, line=lineno, message=f"column 1 {c1!r} is not a HCPCS/CPT code")
        if not _match_code(c2):
            raise CmsFileError(file, line=lineno, message=f"column 2 {c2!r} is not a HCPCS/CPT code")
        if ind not in ("0", "1", "9"):
            raise CmsFileError(file, line=lineno, message=f"modifier indicator {ind!r} is not 0, 1 or 9")
        if prior not in ("", "*"):
            raise CmsFileError(file, line=lineno, message=f"'prior to 1996' column {prior!r} is neither empty nor '*'")
        try:
            effective = dates(eff)
            deleted = None if dele == "*" else dates(dele)
        except ValueError as exc:
            raise CmsFileError(file, line=lineno, message=f"effective/deletion date: {exc}") from None
        if deleted is not None and deleted < effective:
            raise CmsFileError(file, line=lineno, message=f"deletion date {dele} is before the effective date {eff}")
        why = why.strip()
        if not why or len(why) > 255:
            problem = "empty" if not why else "over 255 characters"
            raise CmsFileError(file, line=lineno, message=f"the PTP edit rationale is {problem}")
        yield (c1, c2, prior == "*", effective, deleted, ind, why, lineno)
    if not in_data:
        raise CmsFileError(file, line=lineno or None, message="no PTP edit rows: the file is empty or only a header")
    if last and not last.endswith("\n"):
        raise CmsFileError(file, line=lineno, message=TRUNCATED)


def _records(lines: Iterable[str], file: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line number each one ends on; checks the file does not end mid-line."""
    state = {"last": ""}

    def tracked() -> Iterator[str]:
        for raw in lines:
            state["last"] = raw
            yield raw

    reader = csv.reader(tracked(), delimiter=delimiter, strict=True)
    try:
        for record in reader:
            yield reader.line_num, record
    except csv.Error as exc:
        raise CmsFileError(file, line=reader.line_num, message=f"malformed CSV ({exc})") from None
    if state["last"] and not state["last"].endswith("\n"):
        raise CmsFileError(file, line=reader.line_num, message=TRUNCATED)


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", header.lower()).strip()


def parse_mue(lines: Iterable[str], file: str) -> Iterator[MueRow]:
    """Rows of an MUE table (see module doc)."""
    cols: dict[str, int] | None = None
    seen: dict[str, int] = {}
    lineno = 0
    for lineno, record in _records(lines, file):
        if cols is None:
            names = [_norm(h) for h in record]
            if names and "hcpcs" in names[0]:
                cols = _mue_columns(names, file, lineno)
            elif lineno > 40:
                raise CmsFileError(
                    file, line=lineno, message="no MUE header row (HCPCS/CPT Code, ... MUE Values ...) found"
                )
            continue
        if not any(f.strip() for f in record):
            continue
        need = max(cols.values()) + 1
        if len(record) < need:
            raise CmsFileError(file, line=lineno, message=f"expected {need} columns, found {len(record)}")
        code = record[cols["code"]].strip()
        if not _match_code(code):
            raise CmsFileError(file, line=lineno, message=f"{code!r} is not a HCPCS/CPT code")
        value_text = record[cols["value"]].strip()
        if not value_text.isdigit():
            raise CmsFileError(file, line=lineno, message=f"MUE value {value_text!r} is not a whole number")
        adjudication = record[cols["indicator"]].strip()
        indicator = adjudication[:1]
        if indicator not in ("1", "2", "3") or (len(adjudication) > 1 and adjudication[1] != " "):
            raise CmsFileError(
                file, line=lineno, message=f"MUE adjudication indicator {adjudication!r} is not 1, 2 or 3"
            )
        if code in seen:
            raise CmsFileError(file, line=lineno, message=f"{code} is listed twice (first on line {seen[code]})")
        seen[code] = lineno
        rationale = record[cols["rationale"]].strip() if "rationale" in cols else ""
        yield (code, int(value_text), indicator, adjudication, rationale, lineno)
    if cols is None:
        raise CmsFileError(
            file, line=lineno or None, message="no MUE header row (HCPCS/CPT Code, ... MUE Values ...) found"
        )


def _mue_columns(names: list[str], file: str, lineno: int) -> dict[str, int]:
    cols: dict[str, int] = {"code": 0}
    for i, name in enumerate(names):
        if "adjudication" in name:
            cols["indicator"] = i
        elif "rationale" in name:
            cols["rationale"] = i
        elif "mue" in name and "value" in name:
            cols["value"] = i
    for needed in ("value", "indicator"):
        if needed not in cols:
            raise CmsFileError(file, line=lineno, message=f"the header has no MUE {needed} column")
    return cols


def parse_aoc(lines: Iterable[str], file: str) -> Iterator[AocRow]:
    """Rows of an add-on code edit table (see module doc)."""
    it = iter(lines)
    first: list[str] = []
    for raw in it:  # sniff the delimiter from the first lines
        first.append(raw)
        if len(first) >= 5:
            break
    delimiter = "\t" if any("\t" in ln for ln in first) else ","

    def chained() -> Iterator[str]:
        yield from first
        yield from it

    cols: dict[str, int] | None = None
    lineno = 0
    for lineno, record in _records(chained(), file, delimiter):
        if cols is None:
            cols = _aoc_columns([_norm(h) for h in record])
            if cols is None and lineno > 40:
                raise CmsFileError(
                    file, line=lineno, message="no add-on code header row (Add-on Code, Primary Code, ...) found"
                )
            continue
        if not any(f.strip() for f in record):
            continue
        need = max(cols.values()) + 1
        if len(record) < need:
            raise CmsFileError(file, line=lineno, message=f"expected {need} columns, found {len(record)}")
        addon, primary = record[cols["addon"]].strip(), record[cols["primary"]].strip()
        for label, code in (("add-on code", addon), ("primary code", primary)):
            if not _match_code(code):
                raise CmsFileError(file, line=lineno, message=f"{label} {code!r} is not a HCPCS/CPT code")
        aoc_type = record[cols["type"]].strip()
        if aoc_type not in ("1", "2", "3"):
            raise CmsFileError(file, line=lineno, message=f"AOC edit type {aoc_type!r} is not 1, 2 or 3")
        try:
            effective = _parse_flex_date(record[cols["effective"]])
            dele = record[cols["deleted"]] if "deleted" in cols else ""
            deleted = None if _no_date(dele) else _parse_flex_date(dele)
        except ValueError as exc:
            raise CmsFileError(file, line=lineno, message=f"effective/deletion date: {exc}") from None
        yield (addon, primary, aoc_type, effective, deleted, lineno)
    if cols is None:
        raise CmsFileError(
            file, line=lineno or None, message="no add-on code header row (Add-on Code, Primary Code, ...) found"
        )


def _aoc_columns(names: list[str]) -> dict[str, int] | None:
    """Column positions from a header row, or None when the row is not the header."""

    def find(*must: str, avoid: tuple[str, ...] = ()) -> int | None:
        for i, name in enumerate(names):
            words = f" {name} "
            if all(f" {m} " in words or m in name.replace(" ", "") for m in must) and not any(a in name for a in avoid):
                return i
        return None

    dated = ("date", "eff", "del")
    addon = find("addon", "code", avoid=dated) if any("addon" in n.replace(" ", "") for n in names) else None
    primary = find("primary", "code", avoid=dated)
    aoc_type = find("type")
    if addon is None or primary is None or aoc_type is None:
        return None
    other = ("add", "primary")
    effective = _first(find("edit", "eff"), find("pair", "eff"), find("aoc", "eff"), find("eff", avoid=other))
    deleted = _first(find("edit", "del"), find("pair", "del"), find("aoc", "del"), find("del", avoid=other))
    if effective is None:
        return None
    cols = {"addon": addon, "primary": primary, "type": aoc_type, "effective": effective}
    if deleted is not None:
        cols["deleted"] = deleted
    return cols


def _first(*options: int | None) -> int | None:
    return next((o for o in options if o is not None), None)
