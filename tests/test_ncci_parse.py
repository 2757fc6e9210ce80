"""NCCI file parsers and release identity, on the real CMS excerpts and on damaged copies of them."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from bot.pricing.ncci.release import (
    Candidate,
    ReleaseNameError,
    choose,
    identify,
    quarter_end,
    version_effective,
)
from bot.pricing.ncci.types import HOSPITAL, MUE, PRACTITIONER, PTP
from storage.importers.errors import CmsFileError
from storage.importers.ncci_files import parse_aoc, parse_mue, parse_ptp

PTP_NAME = "ccipra-v322r0-f1.excerpt.txt"
MUE_NAME = "MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"


@pytest.fixture
def ptp_file(cms_dir: Path) -> Path:
    return cms_dir / "ncci-excerpt" / PTP_NAME


@pytest.fixture
def mue_file(cms_dir: Path) -> Path:
    return cms_dir / "ncci-excerpt" / MUE_NAME


def lines_of(path: Path, encoding: str = "latin-1") -> list[str]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(fh)


def test_ptp_excerpt_matches_the_file_read_independently(ptp_file: Path) -> None:
    rows = list(parse_ptp(lines_of(ptp_file), PTP_NAME))
    # independent reading: the csv module, tab-delimited, skipping the 6 header lines CMS writes
    with ptp_file.open(encoding="latin-1", newline="") as fh:
        raw = list(csv.reader(fh, delimiter="\t"))[6:]
    assert len(rows) == len(raw) == 45
    for row, ref in zip(rows, raw, strict=True):
        c1, c2, prior, eff, dele, ind, why = ref
        assert row[:3] == (c1, c2, prior == "*")
        assert row[3] == int(eff)
        assert row[4] == (None if dele == "*" else int(dele))
        assert row[5:7] == (ind, why)
    by_pair = {(r[0], r[1]): r for r in rows}
    assert by_pair[("0001U", "0029U")][4] == 20260630
    assert by_pair[("0001A", "90473")][3:6] == (20220101, 20220101, "9")
    assert by_pair[("0001U", "0030U")][4] is None
    assert by_pair[("0001U", "0029U")][7] == 7 + [k for k in by_pair].index(("0001U", "0029U"))  # 1-based line


def test_mue_excerpt_multiline_notice_and_two_line_header(mue_file: Path) -> None:
    rows = list(parse_mue(lines_of(mue_file, "utf-8"), MUE_NAME))
    assert len(rows) == 30
    by_code = {r[0]: r for r in rows}
    assert by_code["0009U"][1:5] == (2, "3", "3 Date of Service Edit: Clinical", "Nature of Analyte")
    assert by_code["0001U"][1:3] == (1, "2")
    # the notice spans lines 1-7 and the header lines 8-9: the first code is on line 10
    assert rows[0][0] == "0001U" and rows[0][5] == 10


def damaged(path: Path, tmp_path: Path, line_no: int, new: str | None, keep_ending: bool = True) -> list[str]:
    lines = lines_of(path)
    if new is None:
        del lines[line_no - 1 :]
    else:
        lines[line_no - 1] = new + ("\r\n" if keep_ending else "")
    return lines


@pytest.mark.parametrize(
    ("line_no", "text", "reason"),
    [
        (12, "0001A\t90473\t\t2022010\t20220101\t9\tCPT Manual", "not a date"),
        (12, "0001A\t90473\t\t20220101\t20220101\t7\tCPT Manual", "modifier indicator '7'"),
        (12, "0001A\t9047\t\t20220101\t20220101\t9\tCPT Manual", "column 2 '9047'"),
        (12, "0001A,90473,,20220101,20220101,9,CPT Manual", "expected 7 tab-separated columns"),
        (12, "0001A\t90473\t\t20221301\t*\t1\tCPT Manual", "not a date"),
        (12, "0001A\t90473\t\t20220101\t20210101\t1\tCPT Manual", "before the effective date"),
        (12, "0001A\t90473\t\t20220101\t*\t1\t", "rationale is empty"),
    ],
)
def test_ptp_bad_row_names_file_and_line(ptp_file: Path, tmp_path: Path, line_no: int, text: str, reason: str) -> None:
    lines = damaged(ptp_file, tmp_path, line_no, text)
    with pytest.raises(CmsFileError) as info:
        list(parse_ptp(lines, PTP_NAME))
    assert info.value.line == line_no
    assert reason in info.value.reason
    assert str(info.value).startswith(f"{PTP_NAME}, line {line_no}: ")


def test_ptp_truncated_mid_line(ptp_file: Path) -> None:
    lines = lines_of(ptp_file)
    cut = [*lines[:30], lines[30][:20]]  # the file stops in the middle of line 31
    with pytest.raises(CmsFileError, match="truncated") as info:
        list(parse_ptp(cut, PTP_NAME))
    assert info.value.line == 31


def test_ptp_truncated_inside_the_rationale(ptp_file: Path) -> None:
    lines = lines_of(ptp_file)
    cut = [*lines[:30], lines[30].rstrip("\r\n")[:-5]]  # 7 columns, but no line ending
    with pytest.raises(CmsFileError, match="truncated") as info:
        list(parse_ptp(cut, PTP_NAME))
    assert info.value.line == 31


def test_ptp_parser_rejects_an_mue_file(mue_file: Path) -> None:
    with pytest.raises(CmsFileError, match="not a tab-delimited NCCI PTP file"):
        list(parse_ptp(lines_of(mue_file, "utf-8"), MUE_NAME))


def test_ptp_header_only_is_an_error(ptp_file: Path) -> None:
    with pytest.raises(CmsFileError, match="no PTP edit rows"):
        list(parse_ptp(lines_of(ptp_file)[:6], PTP_NAME))


def test_mue_bad_rows(mue_file: Path) -> None:
    lines = lines_of(mue_file, "utf-8")
    for idx, text, reason in (
        (21, "0009U,two,3 Date of Service Edit: Clinical,Nature of Analyte\n", "not a whole number"),
        (21, "0009U,2,4 Something,Nature of Analyte\n", "adjudication indicator"),
        (21, "009U,2,3 Date of Service Edit: Clinical,Nature of Analyte\n", "not a HCPCS/CPT code"),
        (21, "0001U,1,2 Date of Service Edit: Policy,Code Descriptor / CPT Instruction\n", "listed twice"),
    ):
        bad = list(lines)
        bad[idx - 1] = text
        with pytest.raises(CmsFileError) as info:
            list(parse_mue(bad, MUE_NAME))
        assert info.value.line == idx and reason in info.value.reason
    with pytest.raises(CmsFileError) as info:
        list(parse_mue([*lines[:25], lines[25].rstrip("\n")[:8]], MUE_NAME))
    assert info.value.line == 26
    with pytest.raises(CmsFileError, match="truncated") as info:
        list(parse_mue([*lines[:25], lines[25].rstrip("\n")], MUE_NAME))
    assert info.value.line == 26


AOC_TEXT = (
    "Add-on Code\tAdd-On Code Effective Date\tAdd-On Code Deletion Date\tPrimary Code\t"
    "Primary Code Effective Date\tPrimary Code Deletion Date\tAOC Edit Type\tAOC Edit Effective Date\t"
    "AOC Edit Deletion Date\tSpecial Instruction Notes\r\n"
    "11001\t20130101\t*\t11000\t19960101\t*\t1\t20130101\t*\t\r\n"
    "11001\t20130101\t*\t11004\t20130101\t*\t1\t20130101\t20231231\t\r\n"
    "99417\t20210101\t*\t99205\t19960101\t*\t1\t20210101\t*\t\r\n"
)


def test_aoc_columns_found_by_header_tab_and_csv() -> None:
    rows = list(parse_aoc(io.StringIO(AOC_TEXT, newline=""), "AOC_V2026Q3.txt"))
    assert rows == [
        ("11001", "11000", "1", 20130101, None, 2),
        ("11001", "11004", "1", 20130101, 20231231, 3),
        ("99417", "99205", "1", 20210101, None, 4),
    ]
    # the same table as CSV, columns in another order, US dates, a notice line first
    as_csv = (
        '"CPT codes copyright AMA"\n'
        "AOC Edit Type,Primary Code,Add-on Code,AOC Edit Deletion Date,AOC Edit Effective Date\n"
        "1,11000,11001,,01/01/2013\n"
    )
    assert list(parse_aoc(io.StringIO(as_csv, newline=""), "aoc.csv")) == [("11001", "11000", "1", 20130101, None, 3)]
    # Julian YYYYDDD dates (day 60 of 2024, a leap year, is February 29) and 9999999 for "no deletion date"
    julian = "Add-on Code\tPrimary Code\tAOC Edit Type\tAOC Edit Effective Date\tAOC Edit Deletion Date\n"
    julian += "11001\t11000\t1\t2024060\t9999999\n11001\t11004\t1\t2013001\t2023365\n"
    assert list(parse_aoc(io.StringIO(julian, newline=""), "aoc.txt")) == [
        ("11001", "11000", "1", 20240229, None, 2),
        ("11001", "11004", "1", 20130101, 20231231, 3),
    ]


def test_aoc_bad_type_names_line() -> None:
    bad = AOC_TEXT.replace("99205\t19960101\t*\t1", "99205\t19960101\t*\t4")
    with pytest.raises(CmsFileError) as info:
        list(parse_aoc(io.StringIO(bad, newline=""), "AOC_V2026Q3.txt"))
    assert info.value.line == 4 and "AOC edit type" in info.value.reason


def test_release_identity_from_names() -> None:
    # NCCI version NN.Q: year 1994 + NN, quarter Q + 1 (CMS: v29.2 effective 2023-07-01, v29.3 2023-10-01)
    assert version_effective(29, 2) == date(2023, 7, 1)
    assert version_effective(29, 3) == date(2023, 10, 1)
    rid = identify("ccipra-v322r0-f1.txt", PTP)
    assert (rid.setting, rid.key, rid.effective, rid.part, rid.quarter) == (
        PRACTITIONER,
        "v322r0",
        date(2026, 7, 1),
        1,
        "2026Q3",
    )
    assert rid.name == "NCCI practitioner PTP v32.2r0 (2026Q3)"
    hosp = identify("ccioph-v313r1-f2.txt", PTP)
    assert (hosp.setting, hosp.effective, hosp.revision, hosp.part) == (HOSPITAL, date(2025, 10, 1), 1, 2)
    mue = identify(MUE_NAME, MUE)
    assert (mue.setting, mue.effective) == (PRACTITIONER, date(2026, 7, 1))
    assert identify("ccipra-v322r0-f1.txt", PTP, date(2026, 7, 6)).effective == date(2026, 7, 6)  # override
    with pytest.raises(ReleaseNameError, match="keep the name CMS publishes"):
        identify("edits.txt", PTP)


def test_release_choice_by_date() -> None:
    q3 = Candidate(1, date(2026, 7, 1), 0)
    q3r1 = Candidate(2, date(2026, 7, 1), 1)
    q4 = Candidate(3, date(2026, 10, 1), 0)
    assert quarter_end(date(2026, 7, 1)) == date(2026, 9, 30)
    assert choose(PTP, [q3, q3r1, q4], date(2026, 8, 15)).id == 2  # type: ignore[union-attr]  # later revision
    assert choose(PTP, [q3, q4], date(2026, 12, 31)).id == 3  # type: ignore[union-attr]
    assert choose(PTP, [q3, q4], date(2027, 1, 1)) is None  # after the last loaded quarter
    old = choose(PTP, [q3, q4], date(2025, 11, 1))
    assert old is not None and (old.id, old.note) == (1, "history")  # cumulative file answers earlier dates
    assert choose(MUE, [q3, q4], date(2025, 11, 1)) is None  # MUE files hold current values only
    assert choose(PTP, [], date(2026, 8, 1)) is None
