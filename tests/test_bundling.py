"""The bundling check (pure): real PTP/MUE excerpt rows and the real RVU25D fee schedule as input."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.pricing.lines import ClaimLine, ClaimLineError, parse_line, parse_lines
from bot.pricing.ncci.check import check_bundling
from bot.pricing.ncci.findings import bundling_json
from bot.pricing.ncci.types import AOC, AocEdit, EditSet, MueEdit, NcciRelease, PtpEdit, ymd_to_date
from bot.pricing.schedule import FeeSchedule, Release
from storage.importers.ncci_files import parse_mue, parse_ptp
from storage.importers.pprrvu import parse_pprrvu

PTP_REL = NcciRelease("ptp", "practitioner", "NCCI practitioner PTP v32.2r0 (2026Q3)", date(2026, 7, 1))
MUE_REL = NcciRelease("mue", "practitioner", "NCCI practitioner MUE effective 2026-07-01", date(2026, 7, 1))
DOS_2023 = date(2023, 6, 1)  # 0001A's edits (20220101-20231231) are in force


@pytest.fixture(scope="module")
def ptp_rows(cms_dir: Path) -> tuple[PtpEdit, ...]:
    path = cms_dir / "ncci-excerpt" / "ccipra-v322r0-f1.excerpt.txt"
    with path.open(encoding="latin-1", newline="") as fh:
        return tuple(
            PtpEdit(c1, c2, ymd_to_date(eff), ymd_to_date(dele) if dele else None, ind, why, PTP_REL.name, prior)
            for c1, c2, prior, eff, dele, ind, why, _ in parse_ptp(fh, path.name)
        )


@pytest.fixture(scope="module")
def mue_rows(cms_dir: Path) -> dict[str, MueEdit]:
    path = cms_dir / "ncci-excerpt" / "MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {r[0]: MueEdit(r[0], r[1], r[2], r[3], r[4], MUE_REL.name) for r in parse_mue(fh, path.name)}


@pytest.fixture(scope="module")
def rvu25d(cms_dir: Path) -> FeeSchedule:
    path = cms_dir / "rvu25d" / "PPRRVU2025_Oct.csv"
    parsed = parse_pprrvu(path.read_text("latin-1"), path.name)
    release = Release("RVU25D", 2025, date(2025, 10, 1), date(2025, 12, 31), Decimal("32.3465"))
    return FeeSchedule(release, {(r.hcpcs, r.modifier): r for r in parsed.rows}, {})


def edits(ptp: tuple[PtpEdit, ...], dos: date, **kw: object) -> EditSet:
    return EditSet(dos=dos, codes=frozenset(), ptp_release=PTP_REL, ptp=ptp, **kw)  # type: ignore[arg-type]


def lines(*tokens: str) -> tuple[ClaimLine, ...]:
    return tuple(parse_line(t) for t in tokens)


def one_pair(result: object) -> tuple[str, str, str, bool]:
    pairs = result.pairs  # type: ignore[attr-defined]
    assert len(pairs) == 1
    p = pairs[0]
    return p.column1.hcpcs, p.column2.hcpcs, p.edit.modifier_indicator, p.bypassed


def test_indicator_1_pair_and_distinct_service_modifiers(ptp_rows: tuple[PtpEdit, ...]) -> None:
    e = edits(ptp_rows, DOS_2023)
    # excerpt: 0001A / 0591T, effective 20220101, deleted 20231231, indicator 1
    assert one_pair(check_bundling(lines("0591T", "0001A"), DOS_2023, e, None)) == ("0001A", "0591T", "1", False)
    for mod in ("59", "XE", "XS", "XP", "XU"):
        res = check_bundling(lines("0001A", f"0591T-{mod}"), DOS_2023, e, None)
        assert one_pair(res)[3] is True, mod
    # unrelated modifiers do not bypass
    assert one_pair(check_bundling(lines("0001A", "0591T-26"), DOS_2023, e, None))[3] is False


def test_indicator_0_no_modifier_helps(ptp_rows: tuple[PtpEdit, ...]) -> None:
    e = edits(ptp_rows, DOS_2023)
    # excerpt: 0001A / 36591 indicator 0
    res = check_bundling(lines("0001A", "36591-59", "36591-59"), DOS_2023, e, None)
    assert one_pair(res) == ("0001A", "36591", "0", False)
    assert "36591-59 was listed 2 times; checked once" in res.notes
    res = check_bundling(lines("0001A-LT", "36591-RT-XS"), DOS_2023, e, None)
    assert one_pair(res)[3] is False


def test_em_modifier_25_on_the_em_code_only(ptp_rows: tuple[PtpEdit, ...]) -> None:
    e = edits(ptp_rows, DOS_2023)
    # excerpt: 0001A / 99213 indicator 1
    assert one_pair(check_bundling(lines("0001A", "99213-25"), DOS_2023, e, None))[3] is True
    assert one_pair(check_bundling(lines("0001A-25", "99213"), DOS_2023, e, None))[3] is False  # 25 on a non-E/M
    assert one_pair(check_bundling(lines("0001A", "99213-59"), DOS_2023, e, None))[3] is False  # 59 never on E/M
    res = check_bundling(lines("0001A", "99213"), DOS_2023, e, None)
    assert "append 25 to 99213" in res.pairs[0].bypass_reason


def test_anatomic_modifiers_need_different_sites(ptp_rows: tuple[PtpEdit, ...]) -> None:
    e = edits(ptp_rows, DOS_2023)
    assert one_pair(check_bundling(lines("0001A-LT", "0591T-RT"), DOS_2023, e, None))[3] is True
    assert one_pair(check_bundling(lines("0001A-F1", "0591T-F2"), DOS_2023, e, None))[3] is True
    assert one_pair(check_bundling(lines("0001A-LC", "0591T-LD"), DOS_2023, e, None))[3] is True
    assert one_pair(check_bundling(lines("0001A-RT", "0591T-RT"), DOS_2023, e, None))[3] is False
    assert one_pair(check_bundling(lines("0001A", "0591T-RT"), DOS_2023, e, None))[3] is False  # one side only


def test_dates_inclusive_deletion_and_history_hint(ptp_rows: tuple[PtpEdit, ...]) -> None:
    last_day, next_day = date(2023, 12, 31), date(2024, 1, 1)
    assert one_pair(check_bundling(lines("0001A", "0591T"), last_day, edits(ptp_rows, last_day), None))[:2] == (
        "0001A",
        "0591T",
    )
    on_last = check_bundling(lines("0001A", "0591T"), last_day, edits(ptp_rows, last_day), None)
    assert "0001A/0591T: deletion date 2023-12-31 is the last day the edit applies" in " ".join(on_last.notes)
    after = check_bundling(lines("0001A", "0591T"), next_day, edits(ptp_rows, next_day), None)
    assert after.pairs == ()
    note = next(n for n in after.notes if n.startswith("no PTP edit between 0001A and 0591T"))
    assert "0001A/0591T was in force 2022-01-01 to 2023-12-31" in note
    # indicator 9: the edit does not apply
    nine = check_bundling(lines("0001A", "90473"), date(2022, 1, 1), edits(ptp_rows, date(2022, 1, 1)), None)
    assert one_pair(nine) == ("0001A", "90473", "9", True)


def test_not_loaded_is_never_no_edit() -> None:
    dos = date(2025, 11, 1)
    res = check_bundling(lines("99213", "93000"), dos, EditSet(dos=dos, codes=frozenset()), None)
    assert res.pairs == () and res.mue == ()
    assert "NCCI PTP edits not loaded for 2025-11-01" in res.notes
    assert "NCCI MUE values not loaded for 2025-11-01" in res.notes
    assert not any("no PTP edit" in n for n in res.notes)
    loaded = check_bundling(lines("99213", "93000"), dos, edits((), dos), None)
    assert f"no PTP edit between 93000 and 99213 in {PTP_REL.name}" in loaded.notes


def test_mue_date_of_service_sums_lines(mue_rows: dict[str, MueEdit]) -> None:
    dos = date(2026, 7, 1)
    e = EditSet(dos=dos, codes=frozenset(), mue_release=MUE_REL, mue=mue_rows)
    # excerpt: 0009U MUE 2, "3 Date of Service Edit: Clinical"
    ok = check_bundling(lines("0009Ux2"), dos, e, None)
    assert [(m.code, m.units, m.edit.value, m.exceeded) for m in ok.mue] == [("0009U", 2, 2, False)]
    over = check_bundling(lines("0009U-LT", "0009U-RTx2"), dos, e, None)  # date of service edit: 1 + 2 units
    assert [(m.units, m.exceeded) for m in over.mue] == [(3, True)]
    assert "appeal" in over.mue[0].statement
    # 0001U: MUE 1, "2 Date of Service Edit: Policy" → once per date of service
    once = check_bundling(lines("0001U"), dos, e, None)
    assert once.mue[0].statement.startswith("bill 0001U once per date of service")
    assert "no published MUE for 99213" in " ".join(check_bundling(lines("99213"), dos, e, None).notes)


def test_mue_line_edit_checks_each_line() -> None:
    dos = date(2026, 7, 1)
    line_edit = MueEdit("11750", 1, "1", "1 Line Edit", "Anatomic Consideration", MUE_REL.name)
    e = EditSet(dos=dos, codes=frozenset(), mue_release=MUE_REL, mue={"11750": line_edit})
    assert check_bundling(lines("11750-F1", "11750-F2"), dos, e, None).mue[0].exceeded is False  # 1 per line
    assert check_bundling(lines("11750x2"), dos, e, None).mue[0].exceeded is True
    statement = check_bundling(lines("11750-F1"), dos, e, None).mue[0].statement
    assert statement.startswith("bill 11750 once per session (claim line; a separate session or site")


def test_addon_from_aoc_table() -> None:
    dos = date(2026, 7, 1)
    rel = NcciRelease(AOC, "practitioner", "NCCI add-on code edits 2026Q3 (2026Q3)", dos)
    rows = (
        AocEdit("11001", "11000", "1", date(2013, 1, 1), None, rel.name),
        AocEdit("11001", "11004", "1", date(2013, 1, 1), date(2023, 12, 31), rel.name),
    )
    e = EditSet(dos=dos, codes=frozenset(), aoc_release=rel, aoc=rows)
    bad = check_bundling(lines("11001", "11004"), dos, e, None)  # 11004 stopped being a primary 2023-12-31
    assert [(a.code, a.eligible) for a in bad.addon] == [("11001", False)]
    good = check_bundling(lines("11001", "11000"), dos, e, None)
    assert [(a.code, a.eligible, a.primaries_present) for a in good.addon] == [("11001", True, ("11000",))]


def test_zzz_addon_and_status_b_t_from_the_real_fee_schedule(rvu25d: FeeSchedule) -> None:
    dos = date(2025, 11, 1)
    rows = [r for (code, mod), r in rvu25d.rvus.items() if mod == ""]
    addon = next(r.hcpcs for r in rows if r.global_days == "ZZZ")
    bundled = next(r.hcpcs for r in rows if r.status == "B")
    alone = next(r.hcpcs for r in rows if r.status == "T")
    payable = next(r.hcpcs for r in rows if r.status == "A" and r.global_days == "000")
    e = EditSet(dos=dos, codes=frozenset())
    res = check_bundling(lines(addon), dos, e, rvu25d)
    assert [(a.code, a.source, a.eligible) for a in res.addon] == [(addon, "ZZZ", False)]
    assert "NCCI add-on code edits not loaded for 2025-11-01" in res.notes
    res = check_bundling(lines(addon, payable), dos, e, rvu25d)
    assert [(a.code, a.eligible) for a in res.addon] == [(addon, None)]  # primaries unknown without the AOC table
    res = check_bundling(lines(bundled, alone, payable), dos, e, rvu25d)
    assert any(n.startswith(f"{bundled} has PFS status B") for n in res.notes)
    assert any(n.startswith(f"{alone} has PFS status T") and payable in n for n in res.notes)
    res = check_bundling(lines(alone), dos, e, rvu25d)
    assert any("only payable service" in n for n in res.notes)
    assert not any(n.startswith("not in RVU25D") for n in res.notes)


def test_codes_missing_from_the_fee_schedule_in_force_are_named(rvu25d: FeeSchedule) -> None:
    """A partial release in force (like the RVU26C excerpt) must not let a ZZZ add-on pass in silence."""
    dos = date(2026, 7, 15)
    partial = dataclasses.replace(
        rvu25d,
        release=Release("RVU26C", 2026, date(2026, 7, 1), date(2026, 9, 30), Decimal("33.4009"), "nonQPP"),
        rvus={k: v for k, v in rvu25d.rvus.items() if k[0] == "99213"},
    )
    res = check_bundling(lines("77002", "99213", "0001U"), dos, EditSet(dos=dos, codes=frozenset()), partial)
    assert res.addon == ()
    assert any(
        n.startswith("not in RVU26C nonQPP, the fee schedule checked for 2026-07-15: 77002, 0001U;")
        and "ZZZ" in n
        for n in res.notes
    )


def test_json_contract(ptp_rows: tuple[PtpEdit, ...]) -> None:
    res = check_bundling(lines("0001A", "0591T-59"), DOS_2023, edits(ptp_rows, DOS_2023), None)
    data = bundling_json(res)
    assert list(data) == ["bundling", "mue", "addon", "notes"]
    assert data["bundling"] == [
        {
            "column1": "0001A",
            "column2": "0591T",
            "modifier_indicator": "1",
            "bypassed": True,
            "rationale": "CPT Manual or CMS manual coding instruction",
            "effective": "2022-01-01",
            "deleted": "2023-12-31",
            "release": PTP_REL.name,
        }
    ]


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("9921", "is not a HCPCS/CPT code"),
        ("ABCDE", "is not a HCPCS/CPT code"),
        ("99213-2", "is not a claim line"),
        ("99213x0", "units must be between"),
        ("99213x1000", "units must be between 1 and 999"),
        ("", "empty code"),
    ],
)
def test_bad_tokens(token: str, message: str) -> None:
    with pytest.raises(ClaimLineError, match=message):
        parse_line(token)


def test_a_bad_token_is_named_in_the_error() -> None:
    with pytest.raises(ClaimLineError) as err:
        parse_line(" 9921-26 ")
    assert err.value.token == " 9921-26 " and "'9921' is not a HCPCS/CPT code" in str(err.value)


def test_token_shapes() -> None:
    assert parse_line("77002-26") == ClaimLine("77002", ("26",), 1)
    assert parse_line("97110x4") == ClaimLine("97110", (), 4)
    assert parse_line("11750-f1-59*2") == ClaimLine("11750", ("F1", "59"), 2)
    assert parse_line("g0008") == ClaimLine("G0008")
    assert parse_line("11750-X2") == ClaimLine("11750", ("X2",), 1)
    parsed = parse_lines(["99213", "99213", "bad!", "93000"])
    assert [ln.hcpcs for ln in parsed.lines] == ["99213", "93000"] and len(parsed.errors) == 1
    assert parsed.notes == ("99213 was listed 2 times; checked once",)


@settings(max_examples=60, deadline=None)
@given(order=st.permutations(["0001U", "0029U", "0030U", "0034U", "0001A", "0591T", "99213", "36591"]))
def test_result_does_not_depend_on_the_order_of_lines(order: list[str], cms_dir: Path) -> None:
    path = cms_dir / "ncci-excerpt" / "ccipra-v322r0-f1.excerpt.txt"
    with path.open(encoding="latin-1", newline="") as fh:
        rows = tuple(
            PtpEdit(c1, c2, ymd_to_date(eff), ymd_to_date(dele) if dele else None, ind, why, PTP_REL.name, prior)
            for c1, c2, prior, eff, dele, ind, why, _ in parse_ptp(fh, path.name)
        )
    dos = date(2023, 6, 1)
    result = check_bundling(lines(*order), dos, edits(rows, dos), None)
    got = sorted((p.column1.hcpcs, p.column2.hcpcs, p.bypassed) for p in result.pairs)
    # column 1 / column 2 come from the file, never from the order the codes were typed
    expected = sorted(
        (e.column1, e.column2, e.modifier_indicator == "9")
        for e in rows
        if e.column1 in order and e.column2 in order and e.active_on(dos)
    )
    assert got == expected


def test_lines_given_with_list_modifiers_and_lower_case(ptp_rows: tuple[PtpEdit, ...]) -> None:
    given = [ClaimLine("0001a", ["lt"], 1), ClaimLine("0591T", ["rt"], 1)]  # type: ignore[arg-type]
    res = check_bundling(given, DOS_2023, edits(ptp_rows, DOS_2023), None)
    assert one_pair(res) == ("0001A", "0591T", "1", True)


def test_units_typed_as_their_own_word_belong_to_the_code_before() -> None:
    parsed = parse_lines(["0009U", "x3", "20610-RT", "*2", "77002"])
    assert parsed.lines == (ClaimLine("0009U", (), 3), ClaimLine("20610", ("RT",), 2), ClaimLine("77002"))
    assert parsed.errors == ()
    alone = parse_lines(["x3", "0009U"])
    assert alone.lines == (ClaimLine("0009U"),) and "'X3' is not a HCPCS/CPT code" in alone.errors[0]


def test_a_pasted_essay_is_not_echoed_back_whole() -> None:
    with pytest.raises(ClaimLineError) as err:
        parse_line("9" * 5000)
    assert len(str(err.value)) < 200 and "'999999999999999999999999...'" in str(err.value)
