"""The pure CMS file parsers, against the real files in ../shared/cms and edited copies of them."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.pricing.schedule import SourceRef
from storage.importers.anes import parse_anes
from storage.importers.errors import CmsFileError, WrongKindError
from storage.importers.gpci import parse_gpci
from storage.importers.locco import parse_locco
from storage.importers.oppscap import parse_oppscap
from storage.importers.pprrvu import parse_pprrvu
from storage.importers.registry import detect
from storage.importers.release import ReleaseKey, release_key
from storage.importers.zip5 import parse_zip5
from storage.repositories.fee_schedule import pick_zip_file


def read(path: Path) -> str:
    return path.read_bytes().decode("latin-1")


def csv_records(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def rvu25d(cms_dir: Path) -> Path:
    return cms_dir / "rvu25d"


@pytest.fixture(scope="module")
def pprrvu_text(rvu25d: Path) -> str:
    return read(rvu25d / "PPRRVU2025_Oct.csv")


def test_pprrvu_2025_every_row_and_the_known_77002_rows(pprrvu_text: str) -> None:
    parsed = parse_pprrvu(pprrvu_text, "PPRRVU2025_Oct.csv")
    assert len(parsed.rows) == 19_090  # as the shared README states
    assert (parsed.caption_year, parsed.caption_month) == (2025, "October")
    by_key = {(r.hcpcs, r.modifier): r for r in parsed.rows}
    assert len(by_key) == 19_090
    # README truths: 77002 total non-facility RVU 3.41, -26 0.79, -TC 2.62
    assert by_key[("77002", "")].nonfacility_total == Decimal("3.41")
    assert by_key[("77002", "26")].nonfacility_total == Decimal("0.79")
    assert by_key[("77002", "TC")].nonfacility_total == Decimal("2.62")
    # every field against the raw CSV line the row says it came from
    lines = pprrvu_text.splitlines()
    row = by_key[("77002", "TC")]
    raw = next(csv.reader([lines[row.source.line - 1]]))
    assert raw[:2] == ["77002", "TC"]
    assert row.source.file == "PPRRVU2025_Oct.csv"
    assert [str(row.work_rvu), str(row.nonfacility_pe_rvu), str(row.facility_pe_rvu), str(row.mp_rvu)] == [
        raw[5],
        raw[6],
        raw[8],
        raw[10],
    ]
    assert row.facility_na is (raw[9] == "NA") and row.nonfacility_na is (raw[7] == "NA")
    assert (row.status, row.pctc_indicator, row.global_days, row.conversion_factor) == (
        raw[3],
        raw[13],
        raw[14],
        Decimal(raw[24]),
    )
    assert row.phys_supervision == raw[25] and row.imaging_family == raw[27]
    assert row.pricing_indicator == ""  # the 2025 layout has no PRIC IND column
    assert sum(r.not_used_for_medicare for r in parsed.rows) == sum(
        1 for rec in csv_records(pprrvu_text)[10:] if rec[4].strip()
    )


def test_pprrvu_2026_layout_with_pric_ind(cms_dir: Path) -> None:
    path = cms_dir / "rvu26-excerpt" / "PPRRVU2026_Jul_nonQPP.excerpt.csv"
    text = read(path)
    parsed = parse_pprrvu(text, path.name)
    records = [r for r in csv_records(text)[10:] if any(c.strip() for c in r)]
    assert len(parsed.rows) == len(records)
    assert (parsed.caption_year, parsed.caption_month) == (2026, "July")
    for row, rec in zip(parsed.rows, records, strict=True):
        assert row.hcpcs == rec[0]
        assert row.pricing_indicator == rec[23]  # PRIC IND sits after TEAM SURG
        assert row.endo_base == rec[24].strip()
        assert row.conversion_factor == Decimal(rec[25]) == Decimal("33.4009")  # nonQPP CF per the README
    key = release_key(path.name, parsed.caption_year, parsed.caption_month)
    assert key == ReleaseKey(2026, "C", "nonQPP") and key.id == "RVU26C"


def test_pprrvu_columns_are_found_by_name_not_position(pprrvu_text: str) -> None:
    """Move the WORK RVU column to the end of every record: the parse is unchanged."""
    records = csv_records(pprrvu_text)
    moved = [rec[:5] + rec[6:] + [rec[5]] for rec in records]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(moved)
    original = parse_pprrvu(pprrvu_text, "f.csv").rows
    shuffled = parse_pprrvu(out.getvalue(), "f.csv").rows
    assert [r.work_rvu for r in shuffled] == [r.work_rvu for r in original]
    assert [(r.hcpcs, r.mp_rvu, r.opps_mp) for r in shuffled] == [(r.hcpcs, r.mp_rvu, r.opps_mp) for r in original]


def test_release_from_file_names() -> None:
    assert release_key("PPRRVU2025_Oct.csv", None, None) == ReleaseKey(2025, "D", "")
    key = ReleaseKey(2025, "D")
    assert (key.id, key.effective_from.isoformat(), key.effective_to.isoformat()) == (
        "RVU25D",
        "2025-10-01",
        "2025-12-31",
    )
    assert ReleaseKey(2026, "A").effective_to.isoformat() == "2026-03-31"
    assert release_key("PPRRVU26_JAN_QPP.csv", None, None) == ReleaseKey(2026, "A", "QPP")
    assert release_key("PPRRVU26_APR_nonQPP.csv", None, None) == ReleaseKey(2026, "B", "nonQPP")
    assert release_key("notes.csv", None, None) is None


def test_gpci_2025_and_2026(cms_dir: Path) -> None:
    for path in (cms_dir / "rvu25d" / "GPCI2025.csv", cms_dir / "rvu26-excerpt" / "GPCI2026.csv"):
        rows = parse_gpci(read(path), path.name)
        assert len(rows) == 109  # the README: 109 localities
        assert len({g.key for g in rows}) == 109
        records = csv_records(read(path))
        for g in rows:
            rec = records[g.source.line - 1]
            assert g.key == f"{int(rec[0]):05d}-{int(rec[2]):02d}"
            assert (g.work, g.pe, g.mp) == (Decimal(rec[4]), Decimal(rec[5]), Decimal(rec[6]))
    alaska = next(g for g in parse_gpci(read(cms_dir / "rvu25d" / "GPCI2025.csv"), "x") if g.state == "AK")
    assert (alaska.key, alaska.work) == ("02102-01", Decimal("1.5"))


def test_locco_normalises_ids_and_carries_the_state(rvu25d: Path) -> None:
    rows = parse_locco(read(rvu25d / "25LOCCO.csv"), "25LOCCO.csv")
    assert all(len(r.carrier) == 5 and len(r.locality) == 2 for r in rows)
    alabama = rows[0]
    assert (alabama.carrier, alabama.locality, alabama.state) == ("10112", "00", "ALABAMA")  # written 10112,0
    marin = next(r for r in rows if r.counties == "MARIN")
    assert (marin.carrier, marin.locality, marin.state) == ("01112", "52", "CALIFORNIA")  # written 1112,52,<blank>
    gpci_keys = {g.key for g in parse_gpci(read(rvu25d / "GPCI2025.csv"), "g")}
    assert {f"{r.carrier}-{r.locality}" for r in rows} <= gpci_keys


def test_oppscap_anes_zip5(rvu25d: Path, cms_dir: Path) -> None:
    caps = parse_oppscap(read(rvu25d / "OPPSCAP_Oct.csv"), "OPPSCAP_Oct.csv")
    data_lines = [ln for ln in read(rvu25d / "OPPSCAP_Oct.csv").splitlines()[1:] if ln.strip(",")]
    assert len(caps) == len(data_lines)
    first = next(csv.reader([data_lines[0]]))
    assert (caps[0].hcpcs, caps[0].modifier, caps[0].carrier, caps[0].locality) == tuple(first[0:2] + first[3:5])
    assert (caps[0].facility_price, caps[0].nonfacility_price) == (Decimal(first[5]), Decimal(first[6]))

    anes = parse_anes(read(rvu25d / "ANES2025.csv"), "ANES2025.csv")
    assert len(anes) == 109
    assert anes[0].carrier == "10112" and anes[0].locality == "00" and anes[0].conversion_factor == Decimal("19.31")

    zip_text = read(cms_dir / "zip-locality" / "ZIP5_OCT2025.txt")
    zips = parse_zip5(zip_text, "ZIP5_OCT2025.txt")
    assert len(zips) == len([ln for ln in zip_text.splitlines() if ln.strip()])
    assert len(zips) > 42_000
    z = zips[0]
    line = zip_text.splitlines()[0]
    assert (z.state, z.zip5, z.carrier, z.locality, z.year_quarter) == (
        line[0:2],
        line[2:7],
        line[7:12],
        line[12:14],
        line[75:80],
    )
    assert {r.rural for r in zips} == {"", "R", "B"}


# --- malformed and wrong-kind files ------------------------------------------------------------------


def test_bad_number_names_file_line_and_column(pprrvu_text: str) -> None:
    lines = pprrvu_text.split("\r\n") if "\r\n" in pprrvu_text else pprrvu_text.split("\n")
    target = next(i for i, ln in enumerate(lines) if ln.startswith("77002,26,"))
    cells = next(csv.reader([lines[target]]))
    cells[5] = "0.5X"
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[target] = out.getvalue()
    with pytest.raises(CmsFileError) as err:
        parse_pprrvu("\n".join(lines), "PPRRVU2025_Oct.csv")
    assert err.value.line == target + 1
    assert err.value.column == "WORK RVU"
    assert "PPRRVU2025_Oct.csv, line" in str(err.value) and "'0.5X'" in str(err.value)


def test_truncated_file_names_the_last_line(pprrvu_text: str) -> None:
    cut = pprrvu_text[: len(pprrvu_text) // 2]
    cut = cut[: cut.rfind(",", 0, len(cut) - 1) - 30]  # stop in the middle of a record
    last_line = cut.count("\n") + 1
    with pytest.raises(CmsFileError) as err:
        parse_pprrvu(cut, "PPRRVU2025_Oct.csv")
    assert err.value.line == last_line
    assert err.value.file == "PPRRVU2025_Oct.csv"


def test_truncated_zip_line(cms_dir: Path) -> None:
    text = read(cms_dir / "zip-locality" / "ZIP5_OCT2025.txt")
    lines = text.splitlines()
    lines[99] = lines[99][:40]
    with pytest.raises(CmsFileError) as err:
        parse_zip5("\n".join(lines), "ZIP5_OCT2025.txt")
    assert (err.value.line, err.value.column) == (100, "Year/Quarter")


def test_duplicate_row_is_an_error(rvu25d: Path) -> None:
    text = read(rvu25d / "GPCI2025.csv")
    lines = text.splitlines()
    lines.insert(5, lines[3])
    with pytest.raises(CmsFileError, match="10112-00 appears twice"):
        parse_gpci("\n".join(lines), "GPCI2025.csv")


def test_wrong_kind_says_what_it_looked_like(rvu25d: Path) -> None:
    with pytest.raises(WrongKindError) as err:
        parse_pprrvu(read(rvu25d / "GPCI2025.csv"), "GPCI2025.csv")
    assert "expected the PFS relative value file (PPRRVU)" in str(err.value)
    assert "looks like the geographic practice cost indices (GPCI)" in str(err.value)
    with pytest.raises(WrongKindError, match="not a recognised CMS file"):
        parse_gpci("hello,world\n1,2\n", "GPCI2025.csv")
    with pytest.raises(WrongKindError, match=r"looks like the PFS relative value file"):
        parse_zip5(read(rvu25d / "PPRRVU2025_Oct.csv"), "ZIP5_OCT2025.txt")


def test_every_shared_file_is_recognised(cms_dir: Path) -> None:
    expected = {
        "PPRRVU2025_Oct.csv": "pprrvu",
        "GPCI2025.csv": "gpci",
        "GPCI2026.csv": "gpci",
        "25LOCCO.csv": "locco",
        "OPPSCAP_Oct.csv": "oppscap",
        "ANES2025.csv": "anes",
        "ZIP5_OCT2025.txt": "zip5",
        "ZIP5lyout.txt": "zip5_layout",
        "PFREV25C.txt": "carrier_fees",
        "PPRRVU2026_Jul_nonQPP.excerpt.csv": "pprrvu",
    }
    for path in cms_dir.rglob("*"):
        if path.name in expected:
            kind = detect(path.name, path.read_bytes()[:8192].decode("latin-1"))
            assert kind is not None and kind.name == expected[path.name], path.name


# --- round trips -----------------------------------------------------------------------------------

decimals = st.decimals(min_value=0, max_value=9999, places=2, allow_nan=False, allow_infinity=False)
codes = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=5, max_size=5)
modifiers = st.sampled_from(["", "26", "TC", "53", "59"])
flags = st.sampled_from(["0", "1", "2", "3", "9"])
descriptions = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"), max_size=40
).map(str.strip)


@st.composite
def rvu_records(draw: st.DrawFn) -> list[str]:
    na = st.sampled_from(["", "NA"])
    return [
        draw(codes),
        draw(modifiers),
        draw(descriptions),
        draw(st.sampled_from("ABCEIJMNRTX")),
        draw(st.sampled_from(["", "+"])),
        *(str(draw(decimals)) for _ in range(2)),
        draw(na),
        str(draw(decimals)),
        draw(na),
        *(str(draw(decimals)) for _ in range(3)),
        draw(flags),
        draw(st.sampled_from(["000", "010", "090", "XXX", "YYY", "ZZZ", "MMM"])),
        *(str(draw(decimals)) for _ in range(3)),
        *(draw(flags) for _ in range(5)),
        draw(st.sampled_from(["", "52000", "43235"])),
        str(draw(decimals)),
        draw(st.sampled_from(["01", "09", "6A"])),
        "0",
        draw(st.sampled_from(["88", "99"])),
        *(str(draw(decimals)) for _ in range(3)),
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(rvu_records(), min_size=1, max_size=8, unique_by=lambda r: (r[0], r[1])))
def test_pprrvu_rows_round_trip(pprrvu_text: str, records: list[list[str]]) -> None:
    """Rendering rows to CSV under the real CMS header and parsing them gives back every value."""
    header = "\r\n".join(pprrvu_text.splitlines()[:10])
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(records)
    rows = parse_pprrvu(header + "\r\n" + out.getvalue(), "rt.csv").rows
    assert len(rows) == len(records)
    for row, rec in zip(rows, records, strict=True):
        again = [
            row.hcpcs, row.modifier, row.description, row.status, "+" if row.not_used_for_medicare else "",
            str(row.work_rvu), str(row.nonfacility_pe_rvu), "NA" if row.nonfacility_na else "",
            str(row.facility_pe_rvu), "NA" if row.facility_na else "", str(row.mp_rvu),
            str(row.nonfacility_total), str(row.facility_total), row.pctc_indicator, row.global_days,
            str(row.preop), str(row.intraop), str(row.postop), row.mult_proc, row.bilat_surg, row.asst_surg,
            row.co_surg, row.team_surg, row.endo_base, str(row.conversion_factor), row.phys_supervision,
            row.calculation_flag, row.imaging_family, str(row.opps_nonfacility_pe), str(row.opps_facility_pe),
            str(row.opps_mp),
        ]  # fmt: skip
        assert again == rec


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["AK", "CA", "NY", "WY"]),
            st.text(alphabet="0123456789", min_size=5, max_size=5),
            st.text(alphabet="0123456789", min_size=5, max_size=5),
            st.text(alphabet="0123456789", min_size=2, max_size=2),
            st.sampled_from([" ", "R", "B"]),
            st.sampled_from(["20254", "20261"]),
        ),
        min_size=1,
        max_size=20,
        unique_by=lambda t: t[1],
    )
)
def test_zip5_rows_round_trip(records: list[tuple[str, str, str, str, str, str]]) -> None:
    lines = [f"{s}{z}{c}{loc}{rural}Z9   0 A{' ' * 52}{yq}" for s, z, c, loc, rural, yq in records]
    rows = parse_zip5("\r\n".join(lines) + "\r\n", "ZIP5_X.txt")
    assert [(r.state, r.zip5, r.carrier, r.locality, r.rural or " ", r.year_quarter) for r in rows] == records


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=99999),
            st.integers(min_value=0, max_value=99),
            st.sampled_from(["AL", "CA", "NY"]),
            descriptions.filter(lambda s: not s[:1].isdigit()),
            decimals,
            decimals,
            decimals,
        ),
        min_size=1,
        max_size=10,
        unique_by=lambda t: (t[0], t[1]),
    )
)
def test_gpci_rows_round_trip(
    rvu25d: Path, records: list[tuple[int, int, str, str, Decimal, Decimal, Decimal]]
) -> None:
    header = "\r\n".join(read(rvu25d / "GPCI2025.csv").splitlines()[:3])
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        [str(c), st_, str(loc), name, str(w), str(p), str(m)] for c, loc, st_, name, w, p, m in records
    )
    rows = parse_gpci(header + "\r\n" + out.getvalue(), "GPCI.csv")
    assert [(int(g.carrier), int(g.locality), g.state, g.name, g.work, g.pe, g.mp) for g in rows] == records


def _without_source(rows: list[Any]) -> list[Any]:
    return [dataclasses.replace(r, source=SourceRef("-", 0)) for r in rows]


def test_every_real_row_round_trips(rvu25d: Path) -> None:
    """Each parsed row of the real LOCCO, OPPSCAP and ANES files, written back as CSV, parses to itself."""
    locco_text = read(rvu25d / "25LOCCO.csv")
    counties = parse_locco(locco_text, "25LOCCO.csv")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerows(csv_records(locco_text)[:3])
    w.writerows([c.carrier, c.locality, c.state, c.fee_schedule_area, c.counties] for c in counties)
    assert _without_source(parse_locco(out.getvalue(), "again.csv")) == _without_source(counties)

    caps_text = read(rvu25d / "OPPSCAP_Oct.csv")
    caps = parse_oppscap(caps_text, "OPPSCAP_Oct.csv")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(csv_records(caps_text)[0])
    w.writerows(
        [o.hcpcs, o.modifier, o.status, o.carrier, o.locality, str(o.facility_price), str(o.nonfacility_price)]
        for o in caps
    )
    assert _without_source(parse_oppscap(out.getvalue(), "again.csv")) == _without_source(caps)

    anes_text = read(rvu25d / "ANES2025.csv")
    anes = parse_anes(anes_text, "ANES2025.csv")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(csv_records(anes_text)[0])
    w.writerows([a.carrier, a.locality, a.name, str(a.conversion_factor)] for a in anes)
    assert _without_source(parse_anes(out.getvalue(), "again.csv")) == _without_source(anes)


def test_zip_quarter_for_a_release() -> None:
    """A release gets the latest ZIP quarter starting on or before its effective date, else the oldest."""
    files = [(1, "20254"), (2, "20261"), (3, "20263")]
    assert pick_zip_file(files, date(2025, 10, 1)) == 1  # RVU25D
    assert pick_zip_file(files, date(2026, 4, 1)) == 2  # RVU26B: Q1 file, no Q2 file stored
    assert pick_zip_file(files, date(2026, 7, 1)) == 3  # RVU26C
    assert pick_zip_file(files, date(2024, 1, 1)) == 1  # older than every file: the oldest
    assert pick_zip_file([], date(2025, 10, 1)) is None
