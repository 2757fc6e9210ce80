"""A kind of CMS file: how billbot recognises it, and how it is imported.

* `matches(file_name, head_text) -> bool` is a pure detector, given the file's base name as
  published (e.g. "ccipra-v322r0-f1.txt") and the first `HEAD_BYTES` bytes of its content decoded
  as Latin-1. Detect by content first; the name helps. `name_pattern` (optional) is a regex on the
  file name that says "this name claims to be my kind", used to tell the user "PPRRVU2025_Oct.csv
  looks like a GPCI file; expected a PPRRVU file".
* How it is imported (exactly one of):
  - `import_file(conn, source, allow_fewer_rows=...) -> ImportOutcome`, called by `billbot data
    import` inside the import's single transaction (`conn` is an SQLAlchemy `AsyncConnection`; use
    Core statements, do not commit). It must be idempotent (compare `source.sha256` with what is
    stored), raise `CmsFileError` for malformed content (the whole import rolls back), and refuse a
    replacement with fewer rows than the stored file unless `allow_fewer_rows`.
  - `skip_reason`: the file is recognised but deliberately not imported; the reason is shown.
  - neither: the kind belongs to the fee-schedule release import in `storage.importers.service`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from storage.importers.sources import SourceFile


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an importer did with one file: rows stored (0 when unchanged) and a note for the user."""

    rows: int
    changed: bool
    note: str = ""


class ImportFile(Protocol):
    def __call__(self, conn: Any, source: SourceFile, *, allow_fewer_rows: bool) -> Awaitable[ImportOutcome]: ...


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
