"""`billbot data import` end to end: real CMS files into real SQLite files and PostgreSQL databases."""

from __future__ import annotations

import csv
import shutil
import zipfile
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from bot.cli import cli
from bot.config import get_settings
from bot.pricing.schedule import FeeSchedule
from storage.db import Database, open_database
from storage.importers import registry
from storage.importers.errors import CmsFileError, WrongKindError
from storage.importers.kinds import FileKind, ImportOutcome
from storage.importers.pprrvu import parse_pprrvu
from storage.importers.service import import_paths
from storage.models.fee_schedule import PfsRelease, PfsRvu, ZipLocalityRow
from storage.repositories.fee_schedule import data_status, list_releases, load_fee_schedules


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = await open_database(database_url)
    yield database
    await database.dispose()


@pytest.fixture
async def sqlite_db(sqlite_url: str) -> AsyncIterator[Database]:
    database = await open_database(sqlite_url)
    yield database
    await database.dispose()


async def schedules(db: Database) -> list[FeeSchedule]:
    async with db.session() as session:
        return await load_fee_schedules(session)


async def snapshot(db: Database) -> list[tuple[Any, ...]]:
    """Every stored release row and row counts, to compare before/after."""
    async with db.session() as session:
        releases = (await session.execute(select(PfsRelease.__table__).order_by(text("id")))).all()
        rvus = (await session.execute(select(func.count()).select_from(PfsRvu.__table__))).scalar_one()
        zips = (await session.execute(select(func.count()).select_from(ZipLocalityRow.__table__))).scalar_one()
        digest = (
            await session.execute(
                select(PfsRvu.__table__.c.work_rvu).where(
                    PfsRvu.__table__.c.hcpcs == "77002", PfsRvu.__table__.c.modifier == "26"
                )
            )
        ).all()
    return [tuple(r) for r in releases] + [(rvus, zips), tuple(digest)]


def zip_lines(cms_dir: Path) -> int:
    return sum(1 for ln in (cms_dir / "zip-locality" / "ZIP5_OCT2025.txt").read_text("latin-1").splitlines() if ln)


async def test_import_rvu25d_and_zip_then_reimport_changes_nothing(db: Database, cms_dir: Path) -> None:
    paths = [cms_dir / "rvu25d", cms_dir / "zip-locality"]
    report = await import_paths(db.engine, paths)
    assert report.changed and report.releases == ["RVU25D"]
    loaded = await schedules(db)
    assert len(loaded) == 1
    fs = loaded[0]
    assert (fs.release.id, fs.release.variant, fs.release.conversion_factor) == ("RVU25D", "", Decimal("32.3465"))
    assert (fs.release.effective_from.isoformat(), str(fs.release.effective_to)) == ("2025-10-01", "2025-12-31")
    assert len(fs.rvus) == 19_090 and len(fs.gpcis) == 109
    assert len(fs.zips) == zip_lines(cms_dir)
    assert set(fs.files) >= {"PPRRVU2025_Oct.csv", "GPCI2025.csv", "25LOCCO.csv", "OPPSCAP_Oct.csv", "ANES2025.csv"}
    # values survive the database exactly, with their source lines
    row = fs.rvus[("77002", "26")]
    raw_line = (cms_dir / "rvu25d" / "PPRRVU2025_Oct.csv").read_text("latin-1").splitlines()[row.source.line - 1]
    raw = next(csv.reader([raw_line]))
    assert raw[:2] == ["77002", "26"] and row.source.file == "PPRRVU2025_Oct.csv"
    assert (row.work_rvu, row.nonfacility_total, row.conversion_factor) == (
        Decimal(raw[5]),
        Decimal(raw[11]),
        Decimal(raw[24]),
    )
    parsed = parse_pprrvu((cms_dir / "rvu25d" / "PPRRVU2025_Oct.csv").read_text("latin-1"), "PPRRVU2025_Oct.csv")
    assert fs.rvus == {(r.hcpcs, r.modifier): r for r in parsed.rows}  # every field of every row, exactly
    assert fs.rvus[("77002", "")].nonfacility_total == Decimal("3.41")
    assert fs.rvus[("77002", "")].facility_na is True
    gpci = fs.gpcis["02102-01"]
    assert (gpci.state, gpci.work) == ("AK", Decimal("1.5"))
    assert fs.anesthesia["10112-00"].conversion_factor == Decimal("19.31")
    assert all(len(c.carrier) == 5 and len(c.locality) == 2 for c in fs.counties)
    some_zip = next(iter(fs.zips.values()))
    assert f"{some_zip.carrier}-{some_zip.locality}" in fs.gpcis
    assert any(k[0] == "0633T" and k[1] == "TC" for k in fs.opps_caps)

    before = await snapshot(db)
    again = await import_paths(db.engine, paths)
    assert not again.changed
    assert await snapshot(db) == before
    async with db.session() as session:
        status = await data_status(session)
    assert [(f.kind, f.rows) for f in status.releases[0].files][:2] == [("pprrvu", 19_090), ("gpci", 109)]
    assert status.zip_files[0].rows == zip_lines(cms_dir)


async def test_whole_shared_folder(sqlite_db: Database, cms_dir: Path) -> None:
    report = await import_paths(sqlite_db.engine, [cms_dir])
    assert report.releases == ["RVU25D", "RVU26C nonQPP"]
    assert any("PFREV25C.txt: skipped" in n for n in report.notes)
    loaded = {fs.release.label: fs for fs in await schedules(sqlite_db)}
    rvu26 = loaded["RVU26C nonQPP"]
    assert rvu26.release.conversion_factor == Decimal("33.4009")
    assert rvu26.release.effective_from.isoformat() == "2026-07-01"
    assert len(rvu26.gpcis) == 109 and rvu26.gpcis["10112-00"].pe == Decimal("0.875")  # GPCI2026, not 2025
    assert rvu26.opps_caps == {} and rvu26.anesthesia == {}  # partial release: no OPPSCAP/ANES published here
    assert "GPCI2026.csv" in rvu26.files and "OPPSCAP_Oct.csv" not in rvu26.files
    assert rvu26.zips is loaded["RVU25D"].zips  # one ZIP quarter shared by both
    async with sqlite_db.session() as session:
        status = await data_status(session)
        listed = await list_releases(session)
        just_2026 = await load_fee_schedules(session, only={"RVU26C nonQPP"})
        by_id = await load_fee_schedules(session, only={"RVU25D"})
    assert [r.label for r in listed] == ["RVU25D", "RVU26C nonQPP"]
    assert [fs.release for fs in just_2026] == [listed[1]] and just_2026[0].rvus == rvu26.rvus
    assert [fs.release for fs in by_id] == [listed[0]]
    assert [r.label for r in status.releases] == ["RVU25D", "RVU26C nonQPP"]
    assert status.releases[1].missing == ("locco", "oppscap", "anes")
    assert status.zip_files[0].year_quarter == "20254"


def copy_release(cms_dir: Path, dest: Path) -> Path:
    folder = dest / "rvu25d"
    shutil.copytree(cms_dir / "rvu25d", folder)
    return folder


async def test_corrupted_file_fails_and_leaves_previous_data(
    sqlite_db: Database, cms_dir: Path, tmp_path: Path
) -> None:
    await import_paths(sqlite_db.engine, [cms_dir / "rvu25d"])
    before = await snapshot(sqlite_db)
    folder = copy_release(cms_dir, tmp_path)
    target = folder / "PPRRVU2025_Oct.csv"
    data = target.read_bytes()
    target.write_bytes(data[: len(data) * 2 // 3])  # a download cut short
    total_lines = target.read_bytes().count(b"\n") + 1
    with pytest.raises(CmsFileError) as err:
        await import_paths(sqlite_db.engine, [folder])
    assert err.value.file == "PPRRVU2025_Oct.csv" and err.value.line == total_lines
    assert await snapshot(sqlite_db) == before

    # cut so that the last row still parses: "...,0.00,0.00,0.00" → "...,0.00,0.00,0.0"
    whole = (cms_dir / "rvu25d" / "PPRRVU2025_Oct.csv").read_bytes()
    target.write_bytes(whole[: whole.rstrip().rfind(b"0.00") + 3])
    assert target.read_bytes().endswith(b",0.0")
    with pytest.raises(CmsFileError, match="ends in the middle of a line") as err:
        await import_paths(sqlite_db.engine, [folder])
    assert err.value.line == whole.rstrip().count(b"\n") + 1
    assert await snapshot(sqlite_db) == before


async def test_file_cut_at_a_line_break_does_not_replace_the_full_one(
    sqlite_db: Database, cms_dir: Path, tmp_path: Path
) -> None:
    """A download cut exactly after a line parses cleanly; fewer rows than the stored file give it away."""
    await import_paths(sqlite_db.engine, [cms_dir / "rvu25d", cms_dir / "zip-locality" / "ZIP5_OCT2025.txt"])
    before = await snapshot(sqlite_db)
    folder = tmp_path / "cut"
    folder.mkdir()
    for name in ("PPRRVU2025_Oct.csv", "GPCI2025.csv"):
        lines = (cms_dir / "rvu25d" / name).read_bytes().splitlines(keepends=True)
        (folder / name).write_bytes(b"".join(lines[:50]))
        with pytest.raises(CmsFileError, match="looks truncated") as err:
            await import_paths(sqlite_db.engine, [folder / name])
        assert err.value.file == name
        assert await snapshot(sqlite_db) == before
    zip5 = (cms_dir / "zip-locality" / "ZIP5_OCT2025.txt").read_bytes().splitlines(keepends=True)
    (folder / "ZIP5_OCT2025.txt").write_bytes(b"".join(zip5[:1000]))
    with pytest.raises(CmsFileError, match="looks truncated"):
        await import_paths(sqlite_db.engine, [folder / "ZIP5_OCT2025.txt"])
    assert await snapshot(sqlite_db) == before

    report = await import_paths(sqlite_db.engine, [folder / "GPCI2025.csv"], allow_fewer_rows=True)
    assert report.changed and "GPCI2025.csv (47 rows) imported" in report.lines[0]


async def test_report_does_not_call_stored_files_missing(sqlite_db: Database, cms_dir: Path, tmp_path: Path) -> None:
    await import_paths(sqlite_db.engine, [cms_dir / "rvu25d"])
    changed = tmp_path / "PPRRVU2025_Oct.csv"
    changed.write_bytes((cms_dir / "rvu25d" / "PPRRVU2025_Oct.csv").read_bytes() + b"\r\n")
    report = await import_paths(sqlite_db.engine, [changed])
    assert "has no" not in report.lines[0], report.lines
    alone = await import_paths(sqlite_db.engine, [cms_dir / "rvu26-excerpt" / "PPRRVU2026_Jul_nonQPP.excerpt.csv"])
    assert "this release has no GPCI, LOCCO, OPPSCAP, ANES file" in alone.lines[0]


async def test_failure_while_storing_rolls_everything_back(
    sqlite_db: Database, cms_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed release is written, then a later importer fails: the transaction leaves nothing behind."""
    await import_paths(sqlite_db.engine, [cms_dir / "rvu25d"])
    before = await snapshot(sqlite_db)
    folder = copy_release(cms_dir, tmp_path)
    rvu = folder / "PPRRVU2025_Oct.csv"
    rvu.write_bytes(
        rvu.read_bytes().replace(
            b"\n77002,26,Needle localization by xray,A,,0.54,", b"\n77002,26,Needle localization by xray,A,,0.64,"
        )
    )
    (folder / "boom.txt").write_text("BOOM FILE\n")

    async def explode(conn: Any, source: Any, *, allow_fewer_rows: bool) -> ImportOutcome:
        raise CmsFileError(source.name, "simulated failure after the release was written", line=1)

    monkeypatch.setitem(
        registry.KINDS,
        "boom",
        FileKind("boom", "test kind", lambda n, h: h.startswith("BOOM"), import_file=explode),
    )
    with pytest.raises(CmsFileError, match="simulated failure"):
        await import_paths(sqlite_db.engine, [folder])
    assert await snapshot(sqlite_db) == before
    monkeypatch.delitem(registry.KINDS, "boom")
    (folder / "boom.txt").unlink()
    report = await import_paths(sqlite_db.engine, [folder])  # the corrected release replaces the old one
    assert report.changed
    assert (await schedules(sqlite_db))[0].rvus[("77002", "26")].work_rvu == Decimal("0.64")


async def test_zip_archive_as_cms_publishes_it(sqlite_db: Database, cms_dir: Path, tmp_path: Path) -> None:
    archive = tmp_path / "rvu25d.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted((cms_dir / "rvu25d").iterdir()):
            zf.write(path, path.name)
        # CMS also ships txt and xlsx copies of the RVU file: the csv must be the one read
        zf.writestr("PPRRVU2025_Oct.txt", b"0001F     Heart failure composite   I  0.00\r\n")  # fixed width
        zf.writestr("GPCI2025.txt", (cms_dir / "rvu25d" / "GPCI2025.csv").read_bytes())
        zf.writestr("PPRRVU2025_Oct.xlsx", b"PK\x03\x04 not really a spreadsheet")
    report = await import_paths(sqlite_db.engine, [archive, cms_dir / "zip-locality" / "ZIP5_OCT2025.txt"])
    assert report.releases == ["RVU25D"]
    assert any("PPRRVU2025_Oct.txt: skipped (another copy" in n for n in report.notes)
    assert any("PPRRVU2025_Oct.xlsx: skipped" in n for n in report.notes)
    assert any("GPCI2025.txt: skipped (another copy of GPCI2025.csv)" in n for n in report.notes)
    fs = (await schedules(sqlite_db))[0]
    assert len(fs.rvus) == 19_090 and len(fs.opps_caps) > 16_000 and len(fs.zips) == zip_lines(cms_dir)
    assert fs.rvus[("77002", "TC")].source.file == "PPRRVU2025_Oct.csv"
    # the archive and the unpacked folder in one import: the same release, read once, nothing new
    both = await import_paths(sqlite_db.engine, [archive, cms_dir / "rvu25d"])
    assert both.releases == ["RVU25D"] and not both.changed
    assert any("same content in" in n for n in both.notes)


async def test_wrong_kind_and_unrecognised_files(sqlite_db: Database, cms_dir: Path, tmp_path: Path) -> None:
    fake = tmp_path / "PPRRVU2025_Oct.csv"
    shutil.copy(cms_dir / "rvu25d" / "GPCI2025.csv", fake)
    with pytest.raises(WrongKindError) as err:
        await import_paths(sqlite_db.engine, [fake])
    assert "expected the PFS relative value file" in str(err.value) and "looks like the geographic practice" in str(
        err.value
    )

    stray = tmp_path / "notes.csv"
    stray.write_text("a,b\n1,2\n")
    with pytest.raises(CmsFileError, match=r"notes\.csv: not a recognised CMS file"):
        await import_paths(sqlite_db.engine, [stray])
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(stray, folder / "notes.csv")
    shutil.copy(cms_dir / "zip-locality" / "ZIP5_OCT2025.txt", folder)
    report = await import_paths(sqlite_db.engine, [folder])
    assert any("notes.csv: skipped (not a recognised CMS file)" in n for n in report.notes)

    only_copies = tmp_path / "spreadsheets"
    only_copies.mkdir()
    (only_copies / "PPRRVU2025_Oct.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(CmsFileError, match=r"no CMS files to import here \(skipped: .*PPRRVU2025_Oct\.xlsx: skipped"):
        await import_paths(sqlite_db.engine, [only_copies])  # says why, not just "nothing here"

    lone = tmp_path / "GPCI2031.csv"
    shutil.copy(cms_dir / "rvu25d" / "GPCI2025.csv", lone)
    with pytest.raises(CmsFileError, match="no 2031 PFS release to attach it to"):
        await import_paths(sqlite_db.engine, [lone])


def test_cli_import_status_and_errors(
    cms_dir: Path, tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BILLBOT_DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        result = runner.invoke(cli, ["data", "import", str(cms_dir / "rvu25d"), "--no-progress"])
        assert result.exit_code == 0, result.output
        assert "RVU25D" in result.output and "19,090 rows" in result.output
        result = runner.invoke(cli, ["data", "status"])
        assert result.exit_code == 0
        assert "RVU25D  effective 2025-10-01..2025-12-31  CF 32.3465" in result.output
        assert "PPRRVU2025_Oct.csv" in result.output and "19,090 rows" in result.output
        assert "NCCI edits: none imported" in result.output
        result = runner.invoke(cli, ["data", "import", str(cms_dir / "ncci-excerpt"), "--no-progress"])
        assert result.exit_code == 0, result.output
        status = runner.invoke(cli, ["data", "status"]).output
        assert "NCCI practitioner PTP v32.2r0 (2026Q3)  effective 2026-07-01  (only file f1 of f1-f4 loaded)" in status
        assert "MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv" in status

        missing = runner.invoke(cli, ["data", "import", str(tmp_path / "nope")])
        assert missing.exit_code == 1 and "no such file or folder" in missing.output
        assert "Traceback" not in missing.output
        bad = tmp_path / "GPCI2025.csv"
        bad.write_text((cms_dir / "rvu25d" / "GPCI2025.csv").read_text("latin-1").replace("0.869", "0.8.69"))
        result = runner.invoke(cli, ["data", "import", str(bad)])
        assert result.exit_code == 1
        assert "GPCI2025.csv, line 4, column 2025 PE GPCI: expected a number, found '0.8.69'" in result.output
        assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    finally:
        get_settings.cache_clear()


async def test_cy2026_qpp_and_nonqpp_are_separate_variants(sqlite_db: Database, cms_dir: Path, tmp_path: Path) -> None:
    """CY2026 publishes a QPP and a nonQPP RVU file with different CFs; both share the year's GPCI file."""
    folder = tmp_path / "rvu26c"
    folder.mkdir()
    excerpt = (cms_dir / "rvu26-excerpt" / "PPRRVU2026_Jul_nonQPP.excerpt.csv").read_bytes()
    (folder / "PPRRVU2026_Jul_nonQPP.csv").write_bytes(excerpt)
    (folder / "PPRRVU2026_Jul_QPP.csv").write_bytes(excerpt.replace(b",33.4009,", b",33.5675,"))
    shutil.copy(cms_dir / "rvu26-excerpt" / "GPCI2026.csv", folder)
    report = await import_paths(sqlite_db.engine, [folder])
    assert sorted(report.releases) == ["RVU26C QPP", "RVU26C nonQPP"]
    loaded = {fs.release.label: fs for fs in await schedules(sqlite_db)}
    assert loaded["RVU26C QPP"].release.conversion_factor == Decimal("33.5675")
    assert loaded["RVU26C nonQPP"].release.conversion_factor == Decimal("33.4009")
    assert loaded["RVU26C QPP"].gpcis == loaded["RVU26C nonQPP"].gpcis
    assert len(loaded["RVU26C QPP"].gpcis) == 109
