"""The pricing engine against CMS's own numbers: the carrier payment file, the README truths, OPPSCAP."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from bot.pricing.quote import QuoteRequest, price
from bot.pricing.schedule import FeeSchedule
from tests.support.pricing import CarrierFee, load_rvu25d, read_carrier_file


@pytest.fixture(scope="module")
def rvu25d(cms_dir: Path) -> FeeSchedule:
    return load_rvu25d(cms_dir)


@pytest.fixture(scope="module")
def pfrev25c(cms_dir: Path) -> list[CarrierFee]:
    return read_carrier_file(cms_dir / "carrier-format" / "PFREV25C.txt")


CF = Decimal("32.3465")


def cents(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_carrier_file_has_all_109_localities(pfrev25c: list[CarrierFee], rvu25d: FeeSchedule) -> None:
    assert len(pfrev25c) == 109
    assert {f"{f.carrier}-{f.locality}" for f in pfrev25c} == set(rvu25d.gpcis)


def test_every_pfrev25c_row_to_the_cent(pfrev25c: list[CarrierFee], rvu25d: FeeSchedule) -> None:
    """76145 in all 109 localities equals the fee CMS itself computed, non-facility and facility."""
    wrong = []
    for fee in pfrev25c:
        q = price(
            rvu25d,
            QuoteRequest(fee.hcpcs, (fee.modifier,) if fee.modifier else (), locality=f"{fee.carrier}-{fee.locality}"),
        )
        got = (q.nonfacility_amount, q.facility_amount, q.status, q.row.pctc_indicator)
        want = (fee.nonfacility, fee.facility, fee.status, fee.pctc)
        if got != want:
            wrong.append((fee.carrier, fee.locality, got, want))
    assert wrong == []


def test_national_truths_77002(rvu25d: FeeSchedule) -> None:
    # README: national (all GPCIs 1.000), 3.41 RVU × 32.3465 = 110.30; 0.79 → 25.55; 2.62 → 84.75.
    assert cents(Decimal("3.41") * CF) == Decimal("110.30")
    cases = {(): "110.30", ("26",): "25.55", ("TC",): "84.75"}
    for mods, want in cases.items():
        q = price(rvu25d, QuoteRequest("77002", mods))
        assert q.nonfacility_amount == Decimal(want), mods
        assert q.locality.national and q.locality.work_gpci == q.locality.pe_gpci == q.locality.mp_gpci == 1
        assert q.confidence == "medium"
        assert any("national" in r.lower() for r in q.confidence_reasons)
    assert price(rvu25d, QuoteRequest("77002", ("26",))).nonfacility.total_rvu == Decimal("0.79")


def test_77002_26_san_francisco_by_hand(rvu25d: FeeSchedule) -> None:
    # GPCI2025 01112-05: work 1.088, PE 1.419, MP 0.445. 77002-26 RVUs: work 0.54, PE 0.22, MP 0.03.
    # (0.54×1.088 + 0.22×1.419 + 0.03×0.445) × 32.3465 = (0.58752 + 0.31218 + 0.01335) × 32.3465
    # = 0.91305 × 32.3465 = 29.5340... → 29.53
    q = price(rvu25d, QuoteRequest("77002", ("26",), locality="01112-05"))
    assert q.nonfacility_amount == Decimal("29.53") == q.facility_amount
    assert q.confidence == "high"
    assert str(q.sources[0]).startswith("PPRRVU2025_Oct.csv:")
    assert any(s.file == "GPCI2025.csv" for s in q.sources)


def _independent_amount(raw: dict[str, str], gw: Decimal, gp: Decimal, gm: Decimal, setting: str) -> Decimal:
    pe = raw["NON-FAC PE RVU"] if setting == "nf" else raw["FACILITY PE RVU"]
    return cents((Decimal(raw["WORK RVU"]) * gw + Decimal(pe) * gp + Decimal(raw["MP RVU"]) * gm) * CF)


def _raw_rvus(cms_dir: Path) -> dict[tuple[str, str], dict[str, str]]:
    """A second, independent reading of the RVU file (csv module, header row 10) for cross-checks."""
    with (cms_dir / "rvu25d" / "PPRRVU2025_Oct.csv").open(encoding="latin-1", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[9]
    cols = {"WORK RVU": 5, "NON-FAC PE RVU": 6, "FACILITY PE RVU": 8, "MP RVU": 10, "STATUS": 3}
    assert header[0] == "HCPCS" and header[5] == "RVU" and rows[8][5] == "WORK"
    return {(r[0], r[1]): {k: r[i] for k, i in cols.items()} for r in rows[10:] if r and r[0]}


def _raw_gpcis(cms_dir: Path) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    with (cms_dir / "rvu25d" / "GPCI2025.csv").open(encoding="latin-1", newline="") as fh:
        return {
            f"{r[0].strip()}-{r[2].strip().zfill(2)}": (Decimal(r[4]), Decimal(r[5]), Decimal(r[6]))
            for r in csv.reader(fh)
            if len(r) >= 7 and r[0].strip().isdigit()
        }


@pytest.mark.parametrize(
    "code,mods",
    [
        ("99213", ()),
        ("27447", ()),
        ("77002", ("TC",)),
        ("93010", ()),
        ("20610", ()),
        ("45378", ("53",)),
        ("88305", ("26",)),
    ],
)
def test_many_codes_every_locality_against_independent_arithmetic(
    cms_dir: Path, rvu25d: FeeSchedule, code: str, mods: tuple[str, ...]
) -> None:
    raw, gpcis = _raw_rvus(cms_dir), _raw_gpcis(cms_dir)
    row = raw[(code, mods[0] if mods and mods[0] in ("26", "TC", "53") else "")]
    for key, (gw, gp, gm) in gpcis.items():
        q = price(rvu25d, QuoteRequest(code, mods, locality=key))
        if q.cap_applied:
            continue  # covered by the OPPS cap test
        assert q.nonfacility_amount == _independent_amount(row, gw, gp, gm, "nf"), key
        assert q.facility_amount == _independent_amount(row, gw, gp, gm, "f"), key


def test_opps_cap_is_the_lesser_amount(cms_dir: Path, rvu25d: FeeSchedule) -> None:
    """Status-A rows of the real OPPSCAP file: the amount is min(PFS amount, the file's cap)."""
    raw, gpcis = _raw_rvus(cms_dir), _raw_gpcis(cms_dir)
    with (cms_dir / "rvu25d" / "OPPSCAP_Oct.csv").open(encoding="latin-1", newline="") as fh:
        caps = [r for r in list(csv.reader(fh))[1:] if len(r) >= 7 and r[2] == "A" and f"{r[3]}-{r[4]}" in gpcis]
    assert len(caps) > 1000
    checked = applied = 0
    for hcpcs, mod, _status, carrier, loc, fac_cap, nf_cap in caps[::37]:
        gw, gp, gm = gpcis[f"{carrier}-{loc}"]
        pfs_nf = _independent_amount(raw[(hcpcs, mod)], gw, gp, gm, "nf")
        pfs_f = _independent_amount(raw[(hcpcs, mod)], gw, gp, gm, "f")
        q = price(rvu25d, QuoteRequest(hcpcs, (mod,) if mod else (), locality=f"{carrier}-{loc}"))
        assert q.nonfacility_amount == min(pfs_nf, Decimal(nf_cap)), (hcpcs, mod, carrier, loc)
        assert q.facility_amount == min(pfs_f, Decimal(fac_cap)), (hcpcs, mod, carrier, loc)
        assert q.nonfacility.pfs_amount == pfs_nf
        if Decimal(nf_cap) < pfs_nf:
            applied += 1
            assert q.nonfacility.cap_applied and q.cap_applied
            assert any("OPPS cap applied" in n for n in q.notes)
            assert any(s.file == "OPPSCAP_Oct.csv" for s in q.sources)
        checked += 1
    assert checked > 100 and applied > 0


def test_opps_cap_not_listed_means_no_cap(rvu25d: FeeSchedule) -> None:
    q = price(rvu25d, QuoteRequest("99213", locality="01112-05"))
    assert not q.cap_applied and q.opps_cap_row is None
    assert not any("OPPS" in n for n in q.notes)


def test_carrier_priced_code_shows_opps_ceiling(rvu25d: FeeSchedule) -> None:
    cap = rvu25d.opps_caps[("0633T", "TC", "01112", "05")]
    q = price(rvu25d, QuoteRequest("0633T", ("TC",), locality="01112-05"))
    assert q.status == "C" and not q.payable and q.nonfacility_amount is None
    assert q.confidence == "low"
    assert any(f"{cap.nonfacility_price:.2f}" in n and "cannot exceed" in n for n in q.notes)
