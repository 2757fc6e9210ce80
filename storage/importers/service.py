"""`billbot data import`: recognise, parse and store CMS files as releases, all or nothing.

Steps: expand the paths (files, folders, zips) → recognise each file's kind (registry) → parse every
PFS and ZIP file (pure, before the database is touched) → group PFS files into releases → write
everything in ONE transaction. A malformed file raises `CmsFileError` before any write; a failure
during the writes rolls the transaction back, so the previous data stays untouched.

Grouping: files travel with their folder or archive. Each PPRRVU file defines a release (caption +
name: `PPRRVU2025_Oct.csv` → RVU25D; `..._nonQPP` / `..._QPP` → the CY2026 variants). The GPCI,
LOCCO, OPPSCAP and ANES files next to it join every release of the same year (and quarter, when the
name has a month: `OPPSCAP_Oct`) in that folder. A release may be partial (e.g. no OPPSCAP): what is
there is imported and the release records which files it has. A PFS file with no PPRRVU beside it
joins the stored releases of its year (a corrected GPCI file, say); with none stored it is an error.
The ZIP file is quarterly and independent of releases: stored per YYYYQ quarter (see
`storage.repositories.fee_schedule` for how a release picks one).

Where CMS ships several copies of one file (csv, txt, xlsx), the csv is read and the others skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.importers import anes, gpci, locco, oppscap, pprrvu, store, zip5
from storage.importers.errors import CmsFileError, WrongKindError
from storage.importers.kinds import FileKind
from storage.importers.registry import detect, kind_named_by
from storage.importers.release import ReleaseKey, conversion_factor, quarter_from_name, release_key, year_from_name
from storage.importers.sources import DOC_SUFFIXES, SourceFile, collect
from storage.models.fee_schedule import PfsRelease

PFS_KINDS = ("pprrvu", "gpci", "locco", "oppscap", "anes")
PARSERS: dict[str, Callable[[str, str], Any]] = {
    "gpci": gpci.parse_gpci,
    "locco": locco.parse_locco,
    "oppscap": oppscap.parse_oppscap,
    "anes": anes.parse_anes,
    "zip5": zip5.parse_zip5,
}


class ImportProgress(Protocol):
    """Where the importer reports progress (the CLI shows a rich bar; tests pass nothing)."""

    def start(self, label: str, total: int) -> None: ...
    def advance(self, amount: int) -> None: ...


class _Quiet:
    def start(self, label: str, total: int) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass


@dataclass
class ParsedFile:
    source: SourceFile
    kind: str
    rows: list[Any]
    sha256: str
    year: int | None = None
    quarter: str | None = None
    release: ReleaseKey | None = None
    cf: Decimal | None = None


@dataclass
class ReleasePlan:
    key: ReleaseKey
    cf: Decimal
    files: dict[str, ParsedFile] = field(default_factory=dict)


@dataclass
class ImportReport:
    """What happened, in lines a person reads; `changed` is False when nothing was written."""

    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changed: bool = False
    releases: list[str] = field(default_factory=list)


def _is_csv(source: SourceFile) -> bool:
    return source.suffix == ".csv"


def recognise(sources: Sequence[SourceFile], report: ImportReport) -> list[tuple[SourceFile, FileKind]]:
    """Each source with its kind; unrecognised files are noted, or an error when named explicitly."""
    out: list[tuple[SourceFile, FileKind]] = []
    csv_stems = {(s.container, Path(s.name).stem.lower()): s.name for s in sources if _is_csv(s)}
    for source in sources:
        twin = csv_stems.get((source.container, Path(source.name).stem.lower()))
        if twin is not None and not _is_csv(source) and not source.explicit:
            report.notes.append(f"{source.origin}: skipped (another copy of {twin})")
            continue
        if source.suffix in DOC_SUFFIXES:
            if source.explicit:
                raise CmsFileError(source.origin, "billbot reads the csv/txt files CMS publishes, not this copy")
            report.notes.append(f"{source.origin}: skipped (documentation or spreadsheet copy; the csv is read)")
            continue
        kind = detect(source.name, source.head_text())
        claimed = kind_named_by(source.name)
        if kind is None:
            if claimed is not None:
                raise WrongKindError(source.origin, claimed.description, None)
            if source.explicit:
                raise CmsFileError(source.origin, "not a recognised CMS file")
            report.notes.append(f"{source.origin}: skipped (not a recognised CMS file)")
            continue
        if claimed is not None and claimed.name != kind.name and kind.skip_reason is None:
            raise WrongKindError(source.origin, claimed.description, kind.description)
        if kind.skip_reason is not None:
            report.notes.append(f"{source.origin}: skipped: {kind.description}, {kind.skip_reason}")
            continue
        out.append((source, kind))
    return out


def parse(source: SourceFile, kind: str) -> ParsedFile:
    text = source.read_text()
    sha = source.sha256
    parsed = _parse(source, kind, text, sha)
    if text and not text.endswith(("\n", "\r")):
        # CMS ends every file with a line break: a file that stops mid-line was cut short, even when
        # the last row happens to parse ("0.00" cut to "0.0").
        last = text.count("\n") + 1
        raise CmsFileError(
            source.name, "the file ends in the middle of a line: truncated? (download it again)", line=last
        )
    return parsed


def _parse(source: SourceFile, kind: str, text: str, sha: str) -> ParsedFile:
    if kind == "pprrvu":
        parsed = pprrvu.parse_pprrvu(text, source.name)
        key = release_key(source.name, parsed.caption_year, parsed.caption_month)
        if key is None:
            raise CmsFileError(source.origin, "cannot tell which release this is (no year/month in caption or name)")
        cf = conversion_factor(r.conversion_factor for r in parsed.rows)
        if cf is None:
            raise CmsFileError(source.origin, "no conversion factor in the CONV FACTOR column")
        return ParsedFile(source, kind, parsed.rows, sha, key.year, key.quarter, key, cf)
    rows = PARSERS[kind](text, source.name)
    return ParsedFile(source, kind, rows, sha, year_from_name(source.name), quarter_from_name(source.name))


def _dedupe(files: list[ParsedFile], report: ImportReport) -> list[ParsedFile]:
    """One file per (folder, kind, year, quarter, variant): prefer the csv copy."""
    chosen: dict[tuple[Any, ...], ParsedFile] = {}
    contents: dict[str, set[tuple[str, str]]] = {}
    for pf in files:
        contents.setdefault(pf.source.container, set()).add((pf.kind, pf.sha256))
    first_with: dict[frozenset[tuple[str, str]], str] = {}
    for container, content in contents.items():
        first_with.setdefault(frozenset(content), container)
    for pf in files:
        same = first_with[frozenset(contents[pf.source.container])]
        if same != pf.source.container:  # a folder and its zip, say: the same files twice
            report.notes.append(f"{pf.source.origin}: skipped (same content in {same})")
            continue
        variant = pf.release.variant if pf.release else ""
        key = (pf.source.container, pf.kind, pf.year, pf.quarter, variant)
        other = chosen.get(key)
        if other is None:
            chosen[key] = pf
            continue
        keep, drop = (pf, other) if _is_csv(pf.source) and not _is_csv(other.source) else (other, pf)
        if _is_csv(keep.source) == _is_csv(drop.source):
            raise CmsFileError(
                drop.source.origin, f"two {pf.kind} files for the same release: also {keep.source.origin}"
            )
        chosen[key] = keep
        report.notes.append(f"{drop.source.origin}: skipped (another copy of {keep.source.name})")
    return list(chosen.values())


def plan_releases(files: list[ParsedFile]) -> tuple[list[ReleasePlan], list[ParsedFile]]:
    """Releases found (one per PPRRVU file) with the files that join them; files with no release beside them."""
    plans: dict[ReleaseKey, ReleasePlan] = {}
    containers: dict[ReleaseKey, str] = {}
    for pf in files:
        if pf.kind == "pprrvu":
            assert pf.release is not None and pf.cf is not None
            if pf.release in plans and plans[pf.release].files["pprrvu"].sha256 == pf.sha256:
                continue  # the same RVU file twice: its neighbours join the release as stored files
            if pf.release in plans:
                raise CmsFileError(
                    pf.source.origin,
                    f"a second RVU file for {pf.release.label}: also {plans[pf.release].files['pprrvu'].source.origin}",
                )
            plans[pf.release] = ReleasePlan(pf.release, pf.cf, {"pprrvu": pf})
            containers[pf.release] = pf.source.container
    orphans: list[ParsedFile] = []
    for pf in files:
        if pf.kind == "pprrvu":
            continue
        joined = False
        for key, plan in plans.items():
            if containers[key] != pf.source.container or not _fits(pf, key):
                continue
            plan.files[pf.kind] = pf
            joined = True
        if not joined:
            orphans.append(pf)
    return sorted(plans.values(), key=lambda p: (p.key.effective_from, p.key.variant)), orphans


def _fits(pf: ParsedFile, key: ReleaseKey) -> bool:
    return (pf.year is None or pf.year == key.year) and (pf.quarter is None or pf.quarter == key.quarter)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


async def import_paths(
    engine: AsyncEngine,
    paths: Sequence[Path],
    progress: ImportProgress | None = None,
    allow_fewer_rows: bool = False,
) -> ImportReport:
    """Import every CMS file under `paths` in one transaction. Raises CmsFileError / SourceError.

    A file that replaces a stored one of its release with fewer rows is refused (it looks truncated)
    unless `allow_fewer_rows`."""
    bar = progress or _Quiet()
    report = ImportReport()
    recognised = recognise(collect(list(paths)), report)
    builtin = [(s, k) for s, k in recognised if k.import_file is None]
    external = [(s, k) for s, k in recognised if k.import_file is not None]

    bar.start("Reading CMS files", len(builtin))
    parsed: list[ParsedFile] = []
    for source, kind in builtin:
        parsed.append(parse(source, kind.name))
        source.forget()
        bar.advance(1)
    parsed = _dedupe(parsed, report)
    releases, orphans = plan_releases([p for p in parsed if p.kind in PFS_KINDS])
    zips = [p for p in parsed if p.kind == "zip5"]
    if not (releases or orphans or zips or external):
        skipped = "; ".join(report.notes[:3]) + ("; ..." if len(report.notes) > 3 else "")
        why = f" (skipped: {skipped})" if skipped else ""
        raise CmsFileError(", ".join(str(p) for p in paths), f"no CMS files to import here{why}")

    total = sum(len(f.rows) for r in releases for f in r.files.values())
    total += sum(len(p.rows) for p in orphans) + sum(len(z.rows) for z in zips)
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        bar.start("Storing", total)
        for plan in releases:
            release_id, changed = await store.ensure_release(conn, plan.key, plan.cf, now)
            stored_kinds = []
            for pfs_kind in PFS_KINDS:
                pf = plan.files.get(pfs_kind)
                if pf is None:
                    continue
                wrote = await store.store_file(
                    conn, release_id, pfs_kind, pf.source.name, pf.sha256, pf.rows, now, bar.advance, allow_fewer_rows
                )
                changed = changed or wrote
                stored_kinds.append(f"{pf.source.name} ({_plural(len(pf.rows), 'row')})")
            missing = [
                k for k in PFS_KINDS if k not in plan.files and await store.stored_sha(conn, release_id, k) is None
            ]
            state = "imported" if changed else "unchanged (already imported)"
            line = f"{plan.key.label} (CF {plan.cf}, {plan.key.effective_from}..{plan.key.effective_to}): {state}"
            line += ": " + ", ".join(stored_kinds)
            if missing:
                line += f"; this release has no {', '.join(k.upper() for k in missing)} file"
            report.lines.append(line)
            report.releases.append(plan.key.label)
            report.changed = report.changed or changed
        for pf in orphans:
            targets = await _stored_releases_for(conn, pf)
            if not targets:
                what = f"{pf.year} " if pf.year else ""
                message = f"no {what}PFS release to attach it to: import it together with its PPRRVU file"
                if pf.source.explicit:
                    raise CmsFileError(pf.source.origin, message)
                report.notes.append(f"{pf.source.origin}: skipped ({message})")
                continue
            for release_id, label in targets:
                wrote = await store.store_file(
                    conn, release_id, pf.kind, pf.source.name, pf.sha256, pf.rows, now, bar.advance, allow_fewer_rows
                )
                report.changed = report.changed or wrote
                state = "imported" if wrote else "unchanged (already imported)"
                report.lines.append(f"{label}: {pf.source.name} ({_plural(len(pf.rows), 'row')}) {state}")
        for zf in zips:
            quarter, wrote = await store.store_zip_file(
                conn, zf.source.name, zf.sha256, zf.rows, now, bar.advance, allow_fewer_rows
            )
            report.changed = report.changed or wrote
            state = "imported" if wrote else "unchanged (already imported)"
            report.lines.append(f"ZIP localities {quarter}: {zf.source.name} ({_plural(len(zf.rows), 'ZIP')}) {state}")
        for source, kind in external:
            assert kind.import_file is not None
            outcome = await kind.import_file(conn, source, allow_fewer_rows=allow_fewer_rows)
            source.forget()
            report.changed = report.changed or outcome.changed
            state = "imported" if outcome.changed else "unchanged (already imported)"
            line = f"{kind.description}: {source.name} ({_plural(outcome.rows, 'row')}) {state}"
            report.lines.append(line + (f"; {outcome.note}" if outcome.note else ""))
    return report


async def _stored_releases_for(conn: Any, pf: ParsedFile) -> list[tuple[int, str]]:
    t = PfsRelease.__table__
    rows = (await conn.execute(select(t.c.id, t.c.release, t.c.variant, t.c.year))).all()
    out = []
    for release_id, release, variant, year in rows:
        key = ReleaseKey(year, release[-1], variant)
        if _fits(pf, key) and pf.year is not None:
            out.append((release_id, key.label))
    return out
