"""A parsed schedule row ⇄ its `schedule_row` record (code, modifier, the other fields as text).

The fields are written tab-separated in the row type's field order (money as CMS's text, "720.00",
"0.844"; dates ISO; "" for none; DMEPOS states and fees space-separated): cheaper to write and
to read back than JSON for ~35k rows. The source line has its own column and the file name is on
`schedule_file`, so `decode` rebuilds the row's `SourceRef`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from bot.pricing.schedule import SourceRef
from bot.pricing.schedules.types import AscRow, AspRow, ClfsRow, DmeposRow, OppsRow

ROW_TYPES: dict[str, type[Any]] = {
    "clfs": ClfsRow,
    "asp": AspRow,
    "dmepos": DmeposRow,
    "dmepen": DmeposRow,
    "addendum_b": OppsRow,
    "aa": AscRow,
    "bb": AscRow,
}
DECIMALS = frozenset({"rate", "limit", "coinsurance", "ceiling", "floor", "weight", "copayment", "minimum_copayment"})
REQUIRED_DECIMALS = frozenset({"rate"})  # CLFS RATE is never blank (OPPS/ASC rates may be: handled per type)
DATES = frozenset({"effective"})
BOOLS = frozenset({"pen"})
_FIELDS = {
    part: [f.name for f in dataclasses.fields(cls) if f.name not in ("source", "hcpcs")]
    for part, cls in ROW_TYPES.items()
}


def _plain_text(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ") if "\t" in value or "\n" in value else value


def _optional(value: Any) -> str:
    return "" if value is None else str(value)


def _writer(name: str) -> Callable[[Any], str]:
    if name in DECIMALS:
        return _optional
    if name in DATES:
        return lambda v: "" if v is None else v.isoformat()
    if name in BOOLS:
        return lambda v: "1" if v else ""
    if name in ("states", "fee_cells"):
        return " ".join
    return _plain_text


_WRITERS = {part: [(name, _writer(name)) for name in names] for part, names in _FIELDS.items()}


def encode(part: str, row: Any) -> tuple[int, str, str, str]:
    """The `schedule_row` values (line, hcpcs, modifier, data) for one parsed row (without file_id)."""
    modifier = "-".join(m for m in (getattr(row, "modifier", ""), getattr(row, "modifier2", "")) if m)
    data = "\t".join(write(getattr(row, name)) for name, write in _WRITERS[part])
    return row.source.line, row.hcpcs, modifier, data


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split(" ")) if text else ()


def _reader(name: str, part: str) -> Callable[[str], Any]:
    if name in DECIMALS:
        return _decimal
    if name in DATES:
        return _date
    if name in BOOLS:
        return bool
    if name in ("states", "fee_cells"):
        return _words
    return str


_READERS = {part: [(name, _reader(name, part)) for name in names] for part, names in _FIELDS.items()}


def decode(part: str, file_name: str, line: int, hcpcs: str, data: str) -> Any:
    cells = data.split("\t")
    values = {name: read(cell) for (name, read), cell in zip(_READERS[part], cells, strict=True)}
    return ROW_TYPES[part](hcpcs=hcpcs, source=SourceRef(file_name, line), **values)
