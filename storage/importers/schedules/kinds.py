"""The schedule file kinds, recognised by content (and name), for the file-kind registry.

`KINDS` follows the registry's plug-in protocol (`storage.importers.registry`): each kind's
`import_file(conn, source)` parses the whole file first (a malformed file raises `CmsFileError`
naming file, line and column before anything is written), then stores it as one part of its
release (`store.py`). The registry (`storage.importers.registry`) lists them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from storage.importers.errors import CmsFileError
from storage.importers.kinds import FileKind, ImportOutcome
from storage.importers.schedules.asp import parse_asp
from storage.importers.schedules.clfs import parse_clfs
from storage.importers.schedules.dmepos import parse_dmepos
from storage.importers.schedules.facility import parse_asc, parse_opps
from storage.importers.schedules.parsed import ParsedSchedule
from storage.importers.schedules.store import store_schedule, stored_as
from storage.importers.sources import SourceFile

Parser = Callable[[str, str], ParsedSchedule]


def _has(pattern: str) -> Callable[[str, str], bool]:
    rx = re.compile(pattern, re.I | re.M)
    return lambda name, head: rx.search(head) is not None


_clfs = _has(r"^\"?YEAR\"?,\"?HCPCS\"?,\"?MOD\"?,.*\bRATE\b|Clinical (Diagnostic )?Laboratory Fee Schedule")
_asp = _has(
    r"Payment (Allowance )?Limits? for Medicare Part B Drugs|^\"?HCPCS Code\"?,[^\n]*Dosage[^\n]*,\"?Payment Limit"
)
_dmepos = _has(r"^\"?HCPCS\"?,\"?Mod\"?,\"?Mod2\"?,\"?JURIS\"?,\"?CATG\"?")
_dmepen = _has(r"^\"?HCPCS\"?,\"?MOD\"?,\"?MOD2\"?,\"?[A-Z]{2}\s*\(NR\)")
_opps = _has(r"^,?\"?HCPCS Code\"?,\"?Short Descriptor\"?,\"?SI\"?,\"?APC\"?")
_asc_head = re.compile(r"^\"?HCPCS Code\"?,[^\n]*Payment Indicator", re.I | re.M)


def _asc_aa(name: str, head: str) -> bool:
    return bool(_asc_head.search(head)) and ("Addendum AA" in head or "Multiple Procedure Discounting" in head)


def _asc_bb(name: str, head: str) -> bool:
    return bool(_asc_head.search(head)) and not _asc_aa(name, head)


def _importer(parse: Parser) -> Callable[..., Any]:
    async def import_file(conn: Any, source: SourceFile, *, allow_fewer_rows: bool = False) -> ImportOutcome:
        sha = source.sha256
        already = await stored_as(conn, sha)
        if already is not None:
            return ImportOutcome(0, False, f"{already}: already imported")
        text = source.read_text()
        if text and not text.endswith(("\n", "\r")):
            raise CmsFileError(
                source.origin,
                "the file ends in the middle of a line: truncated? (download it again)",
                line=text.count("\n") + 1,
            )
        parsed = parse(text, source.name)
        return await store_schedule(conn, source.name, sha, parsed, allow_fewer_rows)

    return import_file


def _kind(key: str, label: str, content: Callable[[str, str], bool], name_pattern: str, parse: Parser) -> FileKind:
    """One schedule file kind: recognised by content (and a name pattern), imported by `parse`."""
    return FileKind(key, label, content, re.compile(name_pattern, re.I), import_file=_importer(parse))


# key, what it is, content test, name pattern, parser
_TABLE: tuple[tuple[str, str, Callable[[str, str], bool], str, Parser], ...] = (
    ("clfs", "Clinical Laboratory Fee Schedule (CLFS)", _clfs, r"CLFS|CLAB", parse_clfs),
    ("asp", "Part B drug payment limits (ASP)", _asp, r"\bASP\b|Payment Limit", parse_asp),
    ("dmepos", "DMEPOS fee schedule", _dmepos, r"^DMEPOS", parse_dmepos),
    ("dmepen", "parenteral and enteral nutrition (PEN) fee schedule", _dmepen, r"^DMEPEN", parse_dmepos),
    ("opps_b", "OPPS Addendum B (hospital outpatient)", _opps, r"Addendum[ _-]?B\b", parse_opps),
    ("asc_aa", "ASC Addendum AA (covered surgical procedures)", _asc_aa, r"ASC[ _-]?AA", parse_asc),
    ("asc_bb", "ASC Addendum BB (covered ancillary services)", _asc_bb, r"ASC[ _-]?BB", parse_asc),
)

KINDS: list[FileKind] = [_kind(*row) for row in _TABLE]
