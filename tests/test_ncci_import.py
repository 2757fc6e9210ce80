"""NCCI import and look-up end to end: real excerpts and generated CMS-format files, SQLite and PostgreSQL."""

from __future__ import annotations

import random
import shutil
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench.gen_ptp import write_quarter
from bot.pricing.lines import ClaimLine
from bot.pricing.ncci.check import check_bundling
from bot.pricing.ncci.findings import not_loaded_note
from bot.pricing.ncci.types import HOSPITAL, MUE, PTP
from storage.db import Database, open_database
from storage.importers.errors import CmsFileError
from storage.importers.service import import_paths
from storage.models.ncci import NcciFile, NcciMue, NcciPtp, NcciRelease
from storage.repositories.ncci import load_edits

GENERATED_ROWS = 50_000


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = await open_database(database_url)
    yield database
    await database.dispose()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small practitioner PTP quarter in the exact CMS format (4 parts), written once per module."""
    out = tmp_path_factory.mktemp("ptp")
    write_quarter(out, GENERATED_ROWS, 4, "v322r0", seed=7)
    return out


def data_lines(path: Path) -> list[list[str]]:
    """The data rows of a PTP file, read independently of the importer (6 header lines, CRLF, tabs)."""
    raw = path.read_bytes().decode("latin-1")
    assert raw.endswith("\r\n")
    return [line.split("\t") for line in raw.split("\r\n")[6:] if line]


async def count(db: Database, model: type) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_excerpts_import_and_reimport_changes_nothing(db: Database, cms_dir: Path) -> None:
    folder = cms_dir / "ncci-excerpt"
    report = await import_paths(db.engine, [folder])
    assert report.changed
    ptp_rows = len(data_lines(folder / "ccipra-v322r0-f1.excerpt.txt"))
    assert await count(db, NcciPtp) == ptp_rows == 45
    assert await count(db, NcciMue) == 30
    again = await import_paths(db.engine, [folder])
    assert not again.changed
    assert await count(db, NcciPtp) == 45 and await count(db, NcciMue) == 30
    assert await count(db, NcciRelease) == 2 and await count(db, NcciFile) == 2

    async with db.session() as session:
        # the edit 0001U/0029U (effective 20180701, deletion 20260630): in force through June 30, 2026
        edits = await load_edits(session, ["0001U", "0029U", "0030U", "0009U"], date(2026, 6, 30))
        assert edits.ptp_release is not None and edits.ptp_release.name == "NCCI practitioner PTP v32.2r0 (2026Q3)"
        result = check_bundling(
            [ClaimLine("0001U"), ClaimLine("0029U"), ClaimLine("0030U")], date(2026, 6, 30), edits, None
        )
        pairs = {(p.column1.hcpcs, p.column2.hcpcs): p for p in result.pairs}
        assert set(pairs) == {("0001U", "0029U"), ("0001U", "0030U")}
        assert pairs[("0001U", "0029U")].edit.deleted == date(2026, 6, 30)
        assert not pairs[("0001U", "0029U")].bypassed  # indicator 1, no modifier given
        excerpt = (folder / "ccipra-v322r0-f1.excerpt.txt").read_bytes().decode("latin-1").split("\r\n")
        line_no = 1 + next(i for i, ln in enumerate(excerpt) if ln.startswith("0001U\t0029U\t"))
        assert pairs[("0001U", "0029U")].edit.source == f"ccipra-v322r0-f1.excerpt.txt:{line_no}"

        later = await load_edits(session, ["0001U", "0029U"], date(2026, 7, 1))
        after = check_bundling([ClaimLine("0001U"), ClaimLine("0029U")], date(2026, 7, 1), later, None)
        assert after.pairs == ()
        assert any(n.startswith("no PTP edit between 0001U and 0029U in NCCI practitioner PTP") for n in after.notes)
        assert later.mue["0001U"].value == 1

        mue = await load_edits(session, ["0009U"], date(2026, 8, 1))
        assert (mue.mue["0009U"].value, mue.mue["0009U"].adjudication_indicator) == (2, "3")

        # indicator 9 (deleted retroactively: effective = deletion = 20220101)
        nine = await load_edits(session, ["0001A", "90473"], date(2022, 1, 1))
        res = check_bundling([ClaimLine("0001A"), ClaimLine("90473")], date(2022, 1, 1), nine, None)
        assert [(p.edit.modifier_indicator, p.bypassed) for p in res.pairs] == [("9", True)]


async def test_nothing_loaded_says_so(db: Database) -> None:
    dos = date(2025, 11, 1)
    async with db.session() as session:
        edits = await load_edits(session, ["99213", "93000"], dos)
    assert edits.ptp_release is None and edits.mue_release is None and edits.aoc_release is None
    result = check_bundling([ClaimLine("99213"), ClaimLine("93000")], dos, edits, None)
    assert "NCCI PTP edits not loaded for 2025-11-01" in result.notes
    assert not_loaded_note(MUE, "practitioner", dos) in result.notes
    assert not any(n.startswith("no PTP edit") for n in result.notes)


async def test_generated_quarter_round_trip(db: Database, generated: Path) -> None:
    files = sorted(generated.glob("ccipra-*.txt"))
    assert len(files) == 4
    rows = {f.name: data_lines(f) for f in files}
    assert sum(len(r) for r in rows.values()) == GENERATED_ROWS
    report = await import_paths(db.engine, [generated])
    assert report.changed
    assert await count(db, NcciPtp) == GENERATED_ROWS
    again = await import_paths(db.engine, [generated])
    assert not again.changed and await count(db, NcciPtp) == GENERATED_ROWS

    rng = random.Random(3)
    async with db.session() as session:
        for _ in range(20):
            name = rng.choice(sorted(rows))
            c1, c2, prior, eff, dele, ind, why = rng.choice(rows[name])
            effective = date(int(eff[:4]), int(eff[4:6]), int(eff[6:]))
            edits = await load_edits(session, [c1, c2], effective)
            assert edits.ptp_release is not None and edits.ptp_release.caveat == ""  # all 4 parts loaded
            mine = [e for e in edits.ptp if (e.column1, e.column2, e.effective) == (c1, c2, effective)]
            assert len(mine) == 1, (name, c1, c2, eff)
            edit = mine[0]
            assert edit.modifier_indicator == ind and edit.rationale == why and edit.prior_1996 == (prior == "*")
            assert edit.deleted == (None if dele == "*" else date(int(dele[:4]), int(dele[4:6]), int(dele[6:])))
            assert edit.source.startswith(name + ":")


def corrupt(src: Path, dest: Path, part: int, line_no: int, new_line: str | None) -> Path:
    """Copy the generated quarter to `dest`, replacing (or, with None, cutting the file at) one line of part fN."""
    shutil.copytree(src, dest)
    target = next(dest.glob(f"ccipra-*-f{part}.txt"))
    lines = target.read_bytes().decode("latin-1").split("\r\n")
    if new_line is None:
        text = "\r\n".join(lines[: line_no - 1]) + "\r\n" + lines[line_no - 1][:9]
    else:
        lines[line_no - 1] = new_line
        text = "\r\n".join(lines)
    target.write_bytes(text.encode("latin-1"))
    return target


@pytest.mark.parametrize(
    ("part", "line_no", "mutate", "reason"),
    [
        (2, 5000, lambda f: "\t".join([*f[:5], "X", f[6]]), "modifier indicator 'X'"),
        (3, 777, lambda f: "\t".join([f[0], f[1][:3], *f[2:]]), "is not a HCPCS/CPT code"),
        (4, 9000, None, "truncated"),
    ],
)
async def test_bad_file_rolls_back_and_old_edits_stay(
    db: Database, generated: Path, tmp_path: Path, part: int, line_no: int, mutate: object, reason: str
) -> None:
    await import_paths(db.engine, [generated])
    before = await count(db, NcciPtp)
    original = next(generated.glob(f"ccipra-*-f{part}.txt"))
    fields = original.read_bytes().decode("latin-1").split("\r\n")[line_no - 1].split("\t")
    new_line = mutate(fields) if callable(mutate) else None
    bad = corrupt(generated, tmp_path / "bad", part, line_no, new_line)
    with pytest.raises(CmsFileError) as info:
        await import_paths(db.engine, [tmp_path / "bad"])
    assert info.value.line == line_no and bad.name in str(info.value) and reason in str(info.value)
    assert await count(db, NcciPtp) == before
    async with db.session() as session:
        c1, c2, _, eff, *_ = fields
        edits = await load_edits(session, [c1, c2], date(int(eff[:4]), int(eff[4:6]), int(eff[6:])))
        assert any((e.column1, e.column2) == (c1, c2) for e in edits.ptp)  # the old row of that line is in force


async def test_file_cut_at_a_line_break_does_not_replace_the_full_one(
    db: Database, cms_dir: Path, tmp_path: Path
) -> None:
    """Cut exactly after a CRLF the rows all parse; fewer rows than the stored file of that release and
    part give the truncation away, and nothing changes (unless the user allows the smaller file)."""
    excerpt = cms_dir / "ncci-excerpt"
    await import_paths(db.engine, [excerpt])
    before = (await count(db, NcciPtp), await count(db, NcciMue))
    cut = tmp_path / "cut"
    cut.mkdir()
    for src in sorted(excerpt.iterdir()):
        lines = src.read_bytes().splitlines(keepends=True)
        target = cut / src.name
        target.write_bytes(b"".join(lines[:25]))
        with pytest.raises(CmsFileError, match="looks truncated") as info:
            await import_paths(db.engine, [target])
        assert info.value.file == src.name
        assert (await count(db, NcciPtp), await count(db, NcciMue)) == before
    ptp = next(cut.glob("ccipra-*"))
    report = await import_paths(db.engine, [ptp], allow_fewer_rows=True)
    assert report.changed and await count(db, NcciPtp) == 25 - 6


async def test_first_import_of_a_bad_file_leaves_nothing(db: Database, generated: Path, tmp_path: Path) -> None:
    corrupt(generated, tmp_path / "bad", 3, 1234, None)
    with pytest.raises(CmsFileError, match="line 1234"):
        await import_paths(db.engine, [tmp_path / "bad"])
    assert await count(db, NcciPtp) == 0 and await count(db, NcciRelease) == 0
    async with db.session() as session:
        edits = await load_edits(session, ["99213", "93000"], date(2026, 8, 1))
    assert edits.ptp_release is None
    assert PTP == "ptp"


async def test_outpatient_hospital_edits_are_kept_apart(db: Database, cms_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "opps"
    folder.mkdir()
    shutil.copy(cms_dir / "ncci-excerpt" / "ccipra-v322r0-f1.excerpt.txt", folder / "ccioph-v322r0-f1.txt")
    await import_paths(db.engine, [folder])
    dos = date(2026, 8, 1)
    async with db.session() as session:
        hospital = await load_edits(session, ["0001U", "0030U"], dos, HOSPITAL)
        practitioner = await load_edits(session, ["0001U", "0030U"], dos)
    assert hospital.ptp_release is not None
    assert hospital.ptp_release.name == "NCCI outpatient hospital PTP v32.2r0 (2026Q3)"
    assert [(e.column1, e.column2) for e in hospital.ptp] == [("0001U", "0030U")]
    assert practitioner.ptp_release is None and practitioner.ptp == ()
    res = check_bundling([ClaimLine("0001U"), ClaimLine("0030U")], dos, practitioner, None)
    assert "NCCI PTP edits not loaded for 2026-08-01" in res.notes


AOC_FILE = (
    "Add-on Code\tAdd-On Code Effective Date\tAdd-On Code Deletion Date\tPrimary Code\t"
    "Primary Code Effective Date\tPrimary Code Deletion Date\tAOC Edit Type\tAOC Edit Effective Date\t"
    "AOC Edit Deletion Date\tSpecial Instruction Notes\r\n"
    "11001\t20130101\t*\t11000\t19960101\t*\t1\t20130101\t*\t\r\n"
    "11001\t20130101\t*\t11004\t20130101\t*\t1\t20130101\t20231231\t\r\n"
)


async def test_add_on_code_file(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "AOC_V2026Q3_MCR.txt"
    path.write_bytes(AOC_FILE.encode("latin-1"))
    report = await import_paths(db.engine, [path])
    assert report.changed
    assert not (await import_paths(db.engine, [path])).changed
    dos = date(2026, 8, 1)
    async with db.session() as session:
        edits = await load_edits(session, ["11001", "11004"], dos)
    assert edits.aoc_release is not None and edits.aoc_release.effective == date(2026, 7, 1)
    res = check_bundling([ClaimLine("11001"), ClaimLine("11004")], dos, edits, None)
    # 11004 was an eligible primary only through 2023-12-31
    assert [(a.code, a.aoc_type, a.eligible) for a in res.addon] == [("11001", "1", False)]
    bad = tmp_path / "bad" / "AOC_V2026Q3_MCR.txt"
    bad.parent.mkdir()
    bad.write_bytes(AOC_FILE.replace("\t1\t20130101\t20231231", "\tX\t20130101\t20231231").encode("latin-1"))
    with pytest.raises(CmsFileError, match="line 3"):
        await import_paths(db.engine, [bad])


async def test_ten_codes_match_a_brute_force_scan_of_the_files(db: Database, generated: Path) -> None:
    """For 10 codes (45 pairs) and several dates, the flagged pairs are exactly the active rows of the files."""
    await import_paths(db.engine, [generated])
    all_rows = [r for f in sorted(generated.glob("ccipra-*.txt")) for r in data_lines(f)]
    rng = random.Random(11)
    found = 0
    for _ in range(4):
        c1 = rng.choice(all_rows)[0]
        partners = sorted({r[1] for r in all_rows if r[0] == c1})
        codes = [c1, *partners[:9]]
        while len(codes) < 10:  # fill up with codes from other rows (they may or may not pair)
            row = rng.choice(all_rows)
            codes.extend(c for c in row[:2] if c not in codes)
        codes = codes[:10]
        first = next(r for r in all_rows if r[0] == c1)
        in_force = date(int(first[3][:4]), int(first[3][4:6]), int(first[3][6:]))  # that row's effective date
        for dos in (date(2001, 3, 15), date(2013, 12, 31), date(2026, 7, 1), date(2026, 9, 30), in_force):
            ymd = int(dos.strftime("%Y%m%d"))
            expected = {
                (r[0], r[1])
                for r in all_rows
                if r[0] in codes and r[1] in codes and int(r[3]) <= ymd and (r[4] == "*" or ymd <= int(r[4]))
            }
            async with db.session() as session:
                edits = await load_edits(session, codes, dos)
            result = check_bundling([ClaimLine(c) for c in codes], dos, edits, None)
            assert {(p.column1.hcpcs, p.column2.hcpcs) for p in result.pairs} == expected, (codes, dos)
            quiet = [n for n in result.notes if n.startswith("no PTP edit between")]
            flagged_pairs = {frozenset(pair) for pair in expected}
            assert len(quiet) == 45 - len(flagged_pairs)
            found += len(expected)
    assert found >= 4  # each code set had at least its first edit in force on that edit's effective date


async def test_renamed_ptp_file_needs_its_cms_name(db: Database, cms_dir: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "my-edits.txt"
    shutil.copy(cms_dir / "ncci-excerpt" / "ccipra-v322r0-f1.excerpt.txt", renamed)
    with pytest.raises(CmsFileError) as info:
        await import_paths(db.engine, [renamed])
    assert "my-edits.txt" in str(info.value) and "ccipra-v322r0-f1.txt" in str(info.value)
    assert await count(db, NcciRelease) == 0
