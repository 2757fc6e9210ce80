"""The CMS file kinds billbot recognises, in detection order: the fee-schedule files, then NCCI.

`KINDS` is the registry, listed here explicitly; `detect` finds the kind of a file from its name
and first bytes, `kind_named_by` the kind its name claims. Pure: this module reads no files itself
(see `storage.importers.sources`); what a kind is is described in `storage.importers.kinds`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from storage.importers import ncci, table
from storage.importers.kinds import FileKind
from storage.importers.schedules import kinds as schedule_kinds


def _has_line(pattern: str) -> Callable[[str], bool]:
    rx = re.compile(pattern, re.MULTILINE | re.IGNORECASE)
    return lambda head: rx.search(head) is not None


_pprrvu = _has_line(r"^HCPCS,MOD,DESCRIPTION,")
_gpci = _has_line(r"(GEOGRAPHIC PRACTICE COST INDICES|^.*Locality Number,Locality Name,.*PW GPCI)")
_locco = _has_line(r"(COUNTIES INCLUDED IN|^.*Locality Number,State\s*,Fee Schedule Area)")
_oppscap = _has_line(r"^HCPCS,MOD,PROCSTAT,CARRIER,LOCALITY,")
_anes = _has_line(r"^Contractor,Locality,Locality Name,.*Anes")
_ZIP5_LINE = re.compile(r"^[A-Z]{2}\d{5}\d{5}\d{2}[ A-Z0-9]{4}.{57}\d{5}\s*$", re.MULTILINE)
_pfrev = _has_line(r'^"\d{4}","\d{5}","\d{2}","[0-9A-Z]{5}","')
_zip_layout = _has_line(r"Zip5 Record Layout")


def _zip5(name: str, head: str) -> bool:
    lines = [ln for ln in head.splitlines()[:-1] if ln.strip()]  # the last line may be cut short
    return bool(lines) and all(_ZIP5_LINE.match(ln) for ln in lines[:20])


BUILTIN_KINDS: tuple[FileKind, ...] = (
    FileKind("pprrvu", "PFS relative value file (PPRRVU)", lambda n, h: _pprrvu(h), re.compile(r"PPRRVU", re.I)),
    FileKind("gpci", "geographic practice cost indices (GPCI)", lambda n, h: _gpci(h), re.compile(r"GPCI", re.I)),
    FileKind("locco", "county-to-locality file (LOCCO)", lambda n, h: _locco(h), re.compile(r"LOCCO", re.I)),
    FileKind("oppscap", "OPPS payment caps (OPPSCAP)", lambda n, h: _oppscap(h), re.compile(r"OPPSCAP", re.I)),
    FileKind("anes", "anesthesia conversion factors (ANES)", lambda n, h: _anes(h), re.compile(r"^ANES", re.I)),
    FileKind("zip5", "ZIP-to-locality file (ZIP5)", _zip5, re.compile(r"^ZIP5_", re.I)),
    FileKind(
        "zip5_layout",
        "ZIP5 record layout",
        lambda n, h: _zip_layout(h),
        re.compile(r"ZIP5lyout", re.I),
        skip_reason="documentation of the ZIP5 layout; nothing to import",
    ),
    FileKind(
        "carrier_fees",
        "CMS carrier payment file (PFREV)",
        lambda n, h: _pfrev(h),
        re.compile(r"^PFREV", re.I),
        skip_reason="fees CMS computed per carrier; billbot computes them from the RVU files (used as test truth)",
    ),
)

KINDS: dict[str, FileKind] = {k.name: k for k in (*BUILTIN_KINDS, *ncci.KINDS, *schedule_kinds.KINDS)}


def all_kinds() -> list[FileKind]:
    """Every kind, fee-schedule ones first, in detection order."""
    return list(KINDS.values())


def detect(file_name: str, head_text: str) -> FileKind | None:
    """The first kind whose detector accepts the file, or None when the file is not a recognised CMS file."""
    for kind in all_kinds():
        if kind.matches(file_name, head_text):
            return kind
    return None


def kind_named_by(file_name: str) -> FileKind | None:
    """The kind a file's name claims (e.g. "GPCI2025.csv" → gpci), regardless of its content."""
    for kind in all_kinds():
        if kind.named_like(file_name):
            return kind
    return None


table.use_detector(detect)  # table.wrong_kind says what a wrong file looks like
