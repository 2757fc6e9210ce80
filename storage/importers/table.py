"""Shared helpers for reading CMS CSV files: rows with line numbers, header look-up, checked cells.

Pure functions over text: no file or database access.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from storage.importers.errors import CmsFileError, WrongKindError
from storage.importers.kinds import FileKind

_DECIMAL = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)$")
_DIGITS = re.compile(r"^\d+$")
_CODE = re.compile(r"^[0-9A-Z]{5}$")
_MODIFIER = re.compile(r"^[0-9A-Z]{0,2}$")


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) for every CSV record; quoted fields may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    previous_end = 0
    for cells in reader:
        yield previous_end + 1, cells
        previous_end = reader.line_num


def normalise_header(text: str) -> str:
    """Upper case, single spaces, no space after a hyphen: "CO-  SURG" → "CO-SURG"."""
    return re.sub(r"-\s+", "-", " ".join(text.upper().split()))


Detector = Callable[[str, str], FileKind | None]
_detector: list[Detector] = []  # the registry's `detect`, set by the registry when it is imported


def use_detector(detect: Detector) -> None:
    """The registry hands its `detect` over here (it lists kinds whose parsers read tables through
    this module, so this module cannot import the registry)."""
    _detector[:] = [detect]


def wrong_kind(file: str, text: str, expected: str) -> WrongKindError:
    kind = _detector[0](file, text[:8192]) if _detector else None
    return WrongKindError(file, expected, kind.description if kind else None)


@dataclass(frozen=True, slots=True)
class Cells:
    """One record with its position, for checked access to its cells by column index."""

    file: str
    line: int
    cells: Sequence[str]
    names: Mapping[int, str]  # column index → header name, for messages

    def error(self, index: int, message: str) -> CmsFileError:
        return CmsFileError(self.file, message, line=self.line, column=self.names.get(index, f"#{index + 1}"))

    def raw(self, index: int) -> str:
        if index >= len(self.cells):
            raise self.error(index, f"the row ends after {len(self.cells)} columns (truncated?)")
        return self.cells[index]

    def text(self, index: int) -> str:
        return self.raw(index).strip()

    def decimal(self, index: int) -> Decimal:
        value = self.text(index)
        if not _DECIMAL.match(value):
            shown = repr(value) if value else "an empty cell"
            raise self.error(index, f"expected a number, found {shown}")
        try:
            return Decimal(value)
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid decimals
            raise self.error(index, f"expected a number, found {value!r}") from exc

    def digits(self, index: int, width: int) -> str:
        """A numeric identifier, left-padded with zeros to `width` (CMS writes locality `0` and `00`)."""
        value = self.text(index)
        if not _DIGITS.match(value) or len(value) > width:
            raise self.error(index, f"expected up to {width} digits, found {value!r}")
        return value.zfill(width)

    def code(self, index: int) -> str:
        value = self.text(index).upper()
        if not _CODE.match(value):
            raise self.error(index, f"expected a 5-character HCPCS code, found {value!r}")
        return value

    def modifier(self, index: int) -> str:
        value = self.text(index).upper()
        if not _MODIFIER.match(value):
            raise self.error(index, f"expected a modifier of up to 2 characters, found {value!r}")
        return value

    def choice(self, index: int, allowed: frozenset[str], what: str) -> str:
        value = self.text(index).upper()
        if value not in allowed:
            raise self.error(index, f"expected {what}, found {value!r}")
        return value


def find_columns(
    file: str, line: int, header: Sequence[str], wanted: Mapping[str, Sequence[str]], optional: frozenset[str]
) -> dict[str, int]:
    """Column index for each wanted field, matching normalised header names (any of the aliases).

    An alias ending in "*" matches as a prefix; one starting with "*" matches as a substring."""
    names = [normalise_header(h) for h in header]
    found: dict[str, int] = {}
    for field_name, aliases in wanted.items():
        for i, name in enumerate(names):
            if any(_alias_matches(alias, name) for alias in aliases):
                found[field_name] = i
                break
        else:
            if field_name not in optional:
                raise CmsFileError(file, f"no column named {aliases[0]!r} in the header", line=line)
    return found


@dataclass(frozen=True)
class Table:
    """A CMS sheet located in its file: the records after the header, and where each field is."""

    header_line: int
    rows: list[tuple[int, list[str]]]  # (line, cells) after the header row
    col: dict[str, int]  # field → column index
    labels: dict[int, str]  # column index → header name, for messages


def locate_table(
    file: str,
    text: str,
    expected: str,
    is_header: Callable[[list[str]], bool],
    wanted: Mapping[str, Sequence[str]],
    *,
    search_rows: int = 30,
    optional: frozenset[str] = frozenset(),
) -> Table:
    """Find the header row among the first `search_rows` records (captions come before it) and the
    columns of the wanted fields; a file with no such header is the wrong kind of file."""
    records = list(csv_rows(text))
    head = next((i for i, (_, cells) in enumerate(records[:search_rows]) if is_header(cells)), None)
    if head is None:
        raise wrong_kind(file, text, expected)
    head_line, header = records[head]
    col = find_columns(file, head_line, header, wanted, optional)
    return Table(head_line, records[head + 1 :], col, {i: normalise_header(header[i]) for i in col.values()})


def has_headers(*names: str) -> Callable[[list[str]], bool]:
    """A header test: every name is a cell (`*X` means a cell containing X), after normalising."""

    def test(cells: list[str]) -> bool:
        normal = [normalise_header(c) for c in cells]
        return all(any(_alias_matches(n, c) for c in normal) for n in names)

    return test


def _alias_matches(alias: str, name: str) -> bool:
    if alias.startswith("*"):
        return alias[1:] in name
    if alias.endswith("*"):
        return name.startswith(alias[:-1])
    return name == alias


def is_blank(cells: Sequence[str]) -> bool:
    return all(not c.strip() for c in cells)


def check_unique(file: str, rows: Sequence[Any], key: Callable[[Any], tuple[str, ...]]) -> None:
    """A key (code+modifier, carrier+locality, ZIP) appears once; a repeat names both lines."""
    seen: dict[tuple[str, ...], int] = {}
    for row in rows:
        k = key(row)
        line = row.source.line
        if k in seen:
            raise CmsFileError(file, f"{'-'.join(p for p in k if p)} appears twice (also on line {seen[k]})", line=line)
        seen[k] = line
