"""Quote behaviour: modifiers, status codes, NA notes, localities, release selection, errors, JSON."""

from __future__ import annotations

import csv
import dataclasses
import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from bot.pricing.errors import (
    NoReleaseError,
    PricingError,
    UnknownCodeError,
    UnknownLocalityError,
    UnknownModifierError,
)
from bot.pricing.library import FeeScheduleLibrary
from bot.pricing.locality import resolve_locality
from bot.pricing.quote import QuoteRequest, price
from bot.pricing.quote_json import quote_json
from bot.pricing.schedule import FeeSchedule, Release
from tests.support.pricing import load_rvu25d


@pytest.fixture(scope="module")
def rvu25d(cms_dir: Path) -> FeeSchedule:
    return load_rvu25d(cms_dir)


SF = "01112-05"  # GPCI2025: work 1.088, PE 1.419, MP 0.445


def cents(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def q(schedule: FeeSchedule, code: str, *mods: str, **kw: object) -> object:
    return price(schedule, QuoteRequest(code, tuple(mods), **kw))  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- modifiers


def test_27447_payment_modifiers_by_indicator(rvu25d: FeeSchedule) -> None:
    # 27447 in RVU25D: work 19.60, PE 15.30 (non-facility NA: PE filled with the facility value), MP 3.98;
    # indicators: mult proc 2, bilateral 1, assistant 2, co-surgery 1, team 0.
    # SF: (19.60×1.088 + 15.30×1.419 + 3.98×0.445) × 32.3465 = (21.3248 + 21.7107 + 1.7711) × 32.3465
    #   = 44.8066 × 32.3465 = 1433.8112 + 15.5255 = 1449.3367 → 1449.34
    base = Decimal("1449.34")
    assert price(rvu25d, QuoteRequest("27447", locality=SF)).facility_amount == base
    expect = {
        "50": cents(base * Decimal("1.5")),  # bilateral indicator 1: 150%
        "51": cents(base * Decimal("0.5")),  # multiple procedure indicator 2: 50% subsequent
        "62": cents(base * Decimal("0.625")),  # co-surgery indicator 1: 62.5%
        "80": cents(base * Decimal("0.16")),  # assistant indicator 2: 16%
        "82": cents(base * Decimal("0.16")),
        "AS": cents(base * Decimal("0.136")),  # 85% of 16%
    }
    for mod, want in expect.items():
        quote = price(rvu25d, QuoteRequest("27447", (mod,), locality=SF, facility=True))
        assert quote.amount == want, mod
        assert quote.modifier_effects[0].changes_payment
    assert expect["50"] == Decimal("2174.01") and expect["AS"] == Decimal("197.11")
    team = price(rvu25d, QuoteRequest("27447", ("66",), locality=SF))
    assert team.amount is None and "not paid" in team.modifier_effects[0].text  # team indicator 0


def test_no_payment_change_modifiers_say_so(rvu25d: FeeSchedule) -> None:
    plain = price(rvu25d, QuoteRequest("20610", locality=SF))
    for mod in ("59", "XE", "XS", "XP", "XU", "25", "76", "77", "78", "79", "LT", "RT"):
        quote = price(rvu25d, QuoteRequest("20610", (mod,), locality=SF))
        assert quote.nonfacility_amount == plain.nonfacility_amount, mod
        e = quote.modifier_effects[0]
        assert not e.changes_payment and "No change to the fee-schedule amount" in e.text


def test_bilateral_not_allowed_and_assistant_never_paid(rvu25d: FeeSchedule) -> None:
    # 77002: bilateral 0 (100%); a code with bilateral indicator 9: modifier 50 not allowed.
    bil0 = price(rvu25d, QuoteRequest("77002", ("50",)))
    assert bil0.amount == Decimal("110.30") and not bil0.modifier_effects[0].changes_payment
    nine = next(r for r in rvu25d.rvus.values() if r.bilat_surg == "9" and r.status == "A" and not r.modifier)
    bil9 = price(rvu25d, QuoteRequest(nine.hcpcs, ("50",)))
    assert bil9.amount is None and "not allowed" in bil9.modifier_effects[0].text
    row = next(r for r in rvu25d.rvus.values() if r.asst_surg == "1" and r.status == "A")
    quote = price(rvu25d, QuoteRequest(row.hcpcs, ("80",) if row.modifier == "" else (row.modifier, "80")))
    assert quote.amount is None and "not paid" in quote.modifier_effects[-1].text


def test_carrier_priced_modifiers_lower_confidence(rvu25d: FeeSchedule) -> None:
    quote = price(rvu25d, QuoteRequest("20610", ("52",), locality=SF))
    assert quote.confidence == "low" and quote.modifier_effects[0].carrier_priced
    own_53 = price(rvu25d, QuoteRequest("45378", ("53",), locality=SF))
    assert own_53.row_modifier == "53" and own_53.confidence == "high"
    # 45378-53 RVUs (non-facility): 1.63 + 3.22 + 0.22; national: 5.07 × 32.3465 = 163.9968 → 164.00
    assert price(rvu25d, QuoteRequest("45378", ("53",))).nonfacility_amount == Decimal("164.00")
    no_53 = price(rvu25d, QuoteRequest("20610", ("53",), locality=SF))
    assert no_53.row_modifier == "" and no_53.confidence == "low"


def test_units_and_npp(rvu25d: FeeSchedule) -> None:
    one = price(rvu25d, QuoteRequest("99213", locality=SF)).nonfacility_amount
    assert one is not None
    assert price(rvu25d, QuoteRequest("99213", units=3, locality=SF)).nonfacility_amount == one * 3
    npp = price(rvu25d, QuoteRequest("99213", locality=SF, npp=True))
    assert npp.nonfacility_amount == cents(one * Decimal("0.85"))
    assert any("85%" in n for n in npp.notes)
    with pytest.raises(PricingError, match="Units"):
        price(rvu25d, QuoteRequest("99213", units=0))


def test_modifier_errors_name_accepted_forms(rvu25d: FeeSchedule) -> None:
    with pytest.raises(UnknownModifierError, match="26, TC, 50"):
        price(rvu25d, QuoteRequest("77002", ("ZQ",)))
    with pytest.raises(UnknownModifierError, match="not a modifier"):
        price(rvu25d, QuoteRequest("77002", ("2^",)))
    with pytest.raises(UnknownModifierError, match="no 26 component"):
        price(rvu25d, QuoteRequest("99213", ("26",)))
    with pytest.raises(UnknownModifierError, match="cannot be billed together"):
        price(rvu25d, QuoteRequest("77002", ("26", "TC")))


def test_unknown_code_names_release_and_suggests(rvu25d: FeeSchedule) -> None:
    with pytest.raises(UnknownCodeError) as err:
        price(rvu25d, QuoteRequest("77OO2"))
    assert str(err.value).startswith("77OO2 is not in RVU25D")
    assert err.value.suggestions[0] == "77002"
    with pytest.raises(PricingError, match="5 characters"):
        price(rvu25d, QuoteRequest("7700"))


# ----------------------------------------------------------------------------- status codes and NA


@pytest.mark.parametrize("status", ["B", "C", "I", "N", "X", "E", "J", "M", "P"])
def test_non_payable_statuses_have_no_fee_and_a_reason(rvu25d: FeeSchedule, status: str) -> None:
    row = next(r for r in rvu25d.rvus.values() if r.status == status)
    quote = price(rvu25d, QuoteRequest(row.hcpcs, (row.modifier,) if row.modifier else ()))
    assert not quote.payable and quote.nonfacility_amount is None and quote.facility_amount is None
    assert any(n.startswith("No fee-schedule amount") for n in quote.notes)
    assert quote.status_text and "not described" not in quote.status_text
    if status == "C":
        assert quote.confidence == "low"


def test_payable_statuses_and_the_not_used_flag(rvu25d: FeeSchedule) -> None:
    t = next(r for r in rvu25d.rvus.values() if r.status == "T")
    quote = price(rvu25d, QuoteRequest(t.hcpcs, locality=SF))
    assert quote.payable and quote.nonfacility_amount is not None and quote.nonfacility_amount > 0
    assert any("Status T" in n for n in quote.notes)
    r = next(r for r in rvu25d.rvus.values() if r.status == "R" and r.nonfacility_total > 0 and not r.modifier)
    assert price(rvu25d, QuoteRequest(r.hcpcs, locality=SF)).confidence == "medium"
    flagged = next(r for r in rvu25d.rvus.values() if r.not_used_for_medicare and r.nonfacility_total > 0)
    quote = price(rvu25d, QuoteRequest(flagged.hcpcs))
    assert not quote.payable and quote.nonfacility_amount is None
    assert any("not used for Medicare payment" in n for n in quote.notes)


def test_na_notes_state_cms_rule(rvu25d: FeeSchedule) -> None:
    inpatient = price(rvu25d, QuoteRequest("99221", locality=SF))  # non-facility NA
    assert inpatient.nonfacility.na and inpatient.nonfacility_amount == inpatient.facility_amount
    assert any("paid at the facility rate" in n for n in inpatient.na_notes)
    guidance = price(rvu25d, QuoteRequest("77002"))  # global with facility NA
    assert guidance.facility.na
    assert any("hospital bills the technical" in n for n in guidance.na_notes)
    assert price(rvu25d, QuoteRequest("77002", ("26",))).na_notes == ()


def test_indicators_in_plain_english(rvu25d: FeeSchedule) -> None:
    quote = price(rvu25d, QuoteRequest("77002", ("26",)))
    by_name = {i.name: i for i in quote.indicators}
    assert by_name["global_days"].value == "ZZZ" and "Add-on" in by_name["global_days"].text
    assert by_name["pctc"].value == "1" and "26" in by_name["pctc"].text
    assert all("not described" not in i.text for i in quote.indicators)


# ----------------------------------------------------------------------------- localities


def test_zip_and_state_name_resolution(rvu25d: FeeSchedule) -> None:
    zip_line = rvu25d.zips["94110"]
    assert (zip_line.carrier, zip_line.locality) == ("01112", "05")  # ZIP5_OCT2025.txt: CA941100111205
    by_zip = resolve_locality(rvu25d, zip_code="94110")
    assert by_zip.key == SF and by_zip.resolved_from == "ZIP 94110"
    assert any(s.file == "ZIP5_OCT2025.txt" for s in by_zip.sources)
    assert resolve_locality(rvu25d, "94110").key == SF
    assert resolve_locality(rvu25d, 'CA "san francisco"').key == SF
    assert resolve_locality(rvu25d, "ca San Francisco").key == SF
    assert resolve_locality(rvu25d, "CA marin").key == "01112-52"
    assert resolve_locality(rvu25d, "01112-5").key == SF
    assert resolve_locality(rvu25d, "AL").key == "10112-00"  # one statewide locality
    assert resolve_locality(rvu25d, None).national and resolve_locality(rvu25d, "national").national
    by_zip_quote = price(rvu25d, QuoteRequest("77002", ("26",), zip_code="94110"))
    assert by_zip_quote.nonfacility_amount == Decimal("29.53")


@pytest.mark.parametrize(
    "text,match",
    [
        ("99999-99", "not a Medicare payment locality"),
        ("ZZ nowhere", "not a state"),
        ("CA atlantis", "no locality"),
        ("CA", "several localities"),
        ("00000", "not in the CMS ZIP"),
        ("@@", "can't read"),
    ],
)
def test_bad_localities_say_what_is_accepted(rvu25d: FeeSchedule, text: str, match: str) -> None:
    with pytest.raises(UnknownLocalityError, match=match):
        resolve_locality(rvu25d, text)


def test_zip_without_zip_file_says_so(rvu25d: FeeSchedule) -> None:
    bare = dataclasses.replace(rvu25d, zips={})
    with pytest.raises(UnknownLocalityError, match="ZIP-to-locality file is not imported"):
        resolve_locality(bare, zip_code="94110")


# ----------------------------------------------------------------------------- release selection


def _release(schedule: FeeSchedule, rid: str, start: date, end: date | None, cf: str, variant: str = "") -> FeeSchedule:
    return dataclasses.replace(schedule, release=Release(rid, start.year, start, end, Decimal(cf), variant))


def test_library_selects_release_in_force(rvu25d: FeeSchedule) -> None:
    c = _release(rvu25d, "RVU25C", date(2025, 7, 1), date(2025, 9, 30), "32.3465")
    a26n = _release(rvu25d, "RVU26A", date(2026, 1, 1), None, "33.4009", "nonQPP")
    a26q = _release(rvu25d, "RVU26A", date(2026, 1, 1), None, "33.5675", "QPP")
    lib = FeeScheduleLibrary([rvu25d, c, a26q, a26n])
    assert lib.select(date(2025, 11, 1)).release.id == "RVU25D"
    assert lib.select(date(2025, 7, 1)).release.id == "RVU25C"
    assert lib.select(None).release.label == "RVU26A nonQPP"  # newest, nonQPP by default
    assert lib.select(None, "QPP").release.label == "RVU26A QPP"
    assert lib.select(date(2026, 3, 2)).release.variant == "nonQPP"
    assert lib.by_release("RVU25C").release.id == "RVU25C"
    with pytest.raises(NoReleaseError, match="2025-01-15"):
        lib.select(date(2025, 1, 15))
    with pytest.raises(NoReleaseError, match="No QPP variant"):
        lib.select(date(2025, 11, 1), "QPP")
    with pytest.raises(NoReleaseError, match="No fee schedule is loaded"):
        FeeScheduleLibrary([]).select(None)
    # The CF follows the selected release.
    assert price(a26n, QuoteRequest("77002")).conversion_factor == Decimal("33.4009")


def test_dos_outside_release_lowers_confidence(rvu25d: FeeSchedule) -> None:
    quote = price(rvu25d, QuoteRequest("77002", locality=SF, dos=date(2024, 5, 1)))
    assert quote.confidence == "low"


# ----------------------------------------------------------------------------- JSON contract


def test_quote_json_contract(rvu25d: FeeSchedule) -> None:
    data = quote_json(price(rvu25d, QuoteRequest("77002", ("26",), locality=SF)))
    assert json.loads(json.dumps(data)) == data
    for key in (
        "hcpcs",
        "modifier",
        "carrier",
        "locality",
        "nonfacility_amount",
        "facility_amount",
        "release",
        "conversion_factor",
    ):
        assert key in data
    assert (data["hcpcs"], data["modifier"], data["carrier"], data["locality"]) == ("77002", "26", "01112", "05")
    assert (data["nonfacility_amount"], data["facility_amount"]) == ("29.53", "29.53")
    assert (data["release"], data["conversion_factor"]) == ("RVU25D", "32.3465")
    national = quote_json(price(rvu25d, QuoteRequest("77002", ("26",))))
    assert national["nonfacility_amount"] == "25.55" and national["confidence"] == "medium"
    assert national["confidence_reasons"][0].startswith("No locality given: national average (all GPCIs 1.000)")
    asked = quote_json(price(rvu25d, QuoteRequest("77002", ("26",), locality="national")))
    assert asked["confidence_reasons"][0].startswith("National average (all GPCIs 1.000)")


def test_library_price_falls_back_when_newest_release_lacks_the_code(rvu25d: FeeSchedule) -> None:
    partial = dataclasses.replace(
        rvu25d,
        release=Release("RVU26C", 2026, date(2026, 7, 1), date(2026, 9, 30), Decimal("33.4009"), "nonQPP"),
        rvus={k: v for k, v in rvu25d.rvus.items() if k[0] == "99213"},
    )
    lib = FeeScheduleLibrary([rvu25d, partial])
    quote = lib.price(QuoteRequest("77002", ("26",), locality=SF))
    assert quote.release == "RVU25D" and quote.nonfacility_amount == Decimal("29.53")
    assert quote.confidence == "medium"
    assert quote.confidence_reasons == (
        "77002 is not in the newest loaded release RVU26C nonQPP; priced under "
        "RVU25D, the newest release that lists it.",
    )
    assert lib.price(QuoteRequest("99213")).release == "RVU26C nonQPP"
    with pytest.raises(UnknownCodeError) as err:  # a date of service pins the release: no fallback
        lib.price(QuoteRequest("77002", dos=date(2026, 8, 1)))
    assert str(err.value) == (  # ...but the biller learns which loaded release lists the code
        "77002 is not in RVU26C nonQPP, the release in force on that date of service. It is listed in "
        "RVU25D (2025-10-01 to 2025-12-31): give a date of service in that release or --release RVU25D."
    )
    with pytest.raises(UnknownCodeError, match=r"77OO2 is not in RVU26C nonQPP or RVU25D\. Closest valid codes: 77002"):
        lib.price(QuoteRequest("77OO2"))  # in no release: every release named, suggestions from the fullest


def test_anesthesia_code_names_the_locality_cf(rvu25d: FeeSchedule, cms_dir: Path) -> None:
    quote = price(rvu25d, QuoteRequest("00100", locality=SF))
    assert quote.status == "J" and quote.nonfacility_amount is None
    # ANES2025.csv row "01112 ,05 ,...,<CF>", read here independently of the importer.
    with (cms_dir / "rvu25d" / "ANES2025.csv").open(encoding="latin-1", newline="") as fh:
        raw = next(r for r in csv.reader(fh) if r and r[0].strip() == "01112" and r[1].strip() == "05")
    cf = Decimal(raw[3].strip())
    assert any(f"Anesthesia conversion factor for {SF}: {cf}" in n for n in quote.notes)
    assert any(s.file == "ANES2025.csv" for s in quote.sources)


def test_limiting_charge_is_109_25_percent(rvu25d: FeeSchedule) -> None:
    data = quote_json(price(rvu25d, QuoteRequest("77002", ("26",))))
    # 25.55 × 1.0925 = 27.913375 → 27.91
    assert data["nonfacility"]["limiting_charge"] == "27.91"
