"""The file-kind registry: which CMS files billbot recognises, and who imports each kind.

Protocol (for anyone adding a kind, e.g. the NCCI importer in `storage/importers/ncci.py`):

* A kind is a `FileKind`: a short `name` ("pprrvu", "ptp", ...), a one-line `description` shown to
  users ("NCCI practitioner PTP edits"), and `matches(file_name, head_text) -> bool`, a pure detector
  that is given the file's base name as published (e.g. "ccipra-v322r0-f1.txt") and the first
  `HEAD_BYTES` bytes of its content decoded as Latin-1. Detect by content first; the name helps.
  Optionally `name_pattern`: a regex on the file name that says "this name claims to be my kind"
  — used to tell the user "PPRRVU2025_Oct.csv looks like a GPCI file; expected a PPRRVU file".

* How a kind is imported (exactly one of):
  - `import_file` set: an async callable `import_file(conn, source) -> ImportOutcome`, called by
    `billbot data import` inside the import's single transaction (`conn` is an SQLAlchemy
    `AsyncConnection`; use Core statements on it, do not commit). `source` is a `SourceFile`
    (name, origin, `read_bytes()`, `read_text()`). It must be idempotent: importing the same
    file twice changes nothing (e.g. compare `source.sha256` with what is stored). Raise
    `storage.importers.errors.CmsFileError` for malformed content; the whole import rolls back.
  - `skip_reason` set: the file is recognised but deliberately not imported; the reason is shown.
  - neither: the kind belongs to the built-in PFS release importer (`storage.importers.pfs`).

* Plugging in: either call `register_kind(kind)`, or — without editing this file — define a
  module-level list `KINDS: list[FileKind]` in `storage/importers/ncci.py`; `all_kinds()` imports
  that module lazily (if it exists) and registers its list once. Registration order is detection
  order after the built-in kinds; a kind whose name is already registered replaces it.

Pure: this module reads no files itself (see `storage.importers.sources`).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.importers.sources import SourceFile

HEAD_BYTES = 8192
PLUGIN_MODULES = ("storage.importers.ncci", "storage.importers.schedules.kinds")


# Set by `import_paths` for one import: a plug-in kind that replaces a stored file with one of fewer
# rows refuses it (it looks truncated) unless this is True (`billbot data import --allow-fewer-rows`).
ALLOW_FEWER_ROWS: ContextVar[bool] = ContextVar("allow_fewer_rows", default=False)


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an importer did with one file: rows stored (0 when unchanged) and a note for the user."""

    rows: int
    changed: bool
    note: str = ""


ImportFile = Callable[[Any, "SourceFile"], Awaitable[ImportOutcome]]


@dataclass(frozen=True, slots=True)
class FileKind:
    name: str
    description: str
    matches: Callable[[str, str], bool]
    name_pattern: re.Pattern[str] | None = None
    import_file: ImportFile | None = None
    skip_reason: str | None = None

    def named_like(self, file_name: str) -> bool:
        return bool(self.name_pattern and self.name_pattern.search(file_name))


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

_registered: dict[str, FileKind] = {k.name: k for k in BUILTIN_KINDS}
_plugins_loaded = False


def register_kind(kind: FileKind) -> None:
    """Add (or replace, by name) a file kind."""
    _registered[kind.name] = kind


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for module_name in PLUGIN_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        for kind in getattr(module, "KINDS", ()):
            if isinstance(kind, FileKind):
                register_kind(kind)


def all_kinds() -> list[FileKind]:
    """Every registered kind, built-in ones first, in detection order."""
    _load_plugins()
    return list(_registered.values())


def get_kind(name: str) -> FileKind:
    for kind in all_kinds():
        if kind.name == name:
            return kind
    raise KeyError(name)


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
