"""Claim rules over a whole encounter (issue 11 §1), on the real RVU25D file.

Every expected amount is worked by hand in the comments from the file's RVUs. Unless a test says
otherwise: national average (all GPCIs 1.000), non-facility, CF 32.3465, and
fee = round_half_up((work + PE + MP) × 32.3465, cents).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from bot.pricing.claim import ClaimLineLike, ClaimRequest, EncounterLine, claim_json, price_claim
from bot.pricing.claim.model import Claim, ClaimLineResult
from bot.pricing.quote import QuoteRequest, price
from bot.pricing.schedule import FeeSchedule
from tests.support.pricing import load_rvu25d

D = Decimal


@pytest.fixture(scope="module")
def rvu25d(cms_dir: Path) -> FeeSchedule:
    return load_rvu25d(cms_dir)


def line(text: str) -> EncounterLine:
    """A typed line in the forms /cpt takes: 27447-RT, 97110x4, 73721-26."""
    body, _, units = text.partition("x")
    code, *mods = body.split("-")
    return EncounterLine(code, tuple(mods), int(units or 1), text)


def claim(schedule: FeeSchedule, *texts: str, **kw: object) -> Claim:
    return price_claim(schedule, ClaimRequest([line(t) for t in texts], **kw))  # type: ignore[arg-type]


def by_line(c: Claim) -> dict[str, ClaimLineResult]:
    return {ln.line: ln for ln in c.lines}


def rules(ln: ClaimLineResult) -> list[tuple[str, Decimal | None, Decimal]]:
    return [(a.rule, a.percent, a.amount) for a in ln.adjustments]


def total_is_sum(c: Claim) -> None:
    assert c.total_allowed == sum((ln.allowed_amount or D(0) for ln in c.lines), D(0))


# ----------------------------------------------------------------------------- therapy (indicator 5)


def test_97110_four_units_lose_half_their_pe_after_the_first(rvu25d: FeeSchedule) -> None:
    # 97110: work 0.45, PE 0.43, MP 0.01 → 0.89 × 32.3465 = 28.788 → 28.79 a unit; 4 units 115.16 (today's answer).
    # Units 2-4: PE at 50%: (0.45 + 0.215 + 0.01) × 32.3465 = 21.8339 → 21.83 each.
    # Allowed 28.79 + 3 × 21.83 = 94.28; the adjustment took 3 × (28.79 − 21.83) = 20.88.
    c = claim(rvu25d, "97110x4")
    (ln,) = c.lines
    assert ln.fee_schedule_amount == D("115.16")
    assert ln.allowed_amount == D("94.28") != D("115.16")
    assert rules(ln) == [("therapy_pe", D(50), D("-20.88"))]
    assert c.total_allowed == D("94.28")


def test_therapy_ranks_pe_across_codes(rvu25d: FeeSchedule) -> None:
    # Highest PE a unit: 97530 (PE 0.62) > 97110 (0.43) > 97140 (0.40): one unit of 97530 keeps its PE.
    # 97530: 0.44+0.62+0.01 = 1.07 → 34.61; half PE: 0.44+0.31+0.01 = 0.76 → 24.58 (24.5833); x2 = 34.61 + 24.58.
    # 97110x4: all four units reduced: 4 × 21.83 = 87.32.
    # 97140: 0.43+0.40+0.01 = 0.84 → 27.17; half PE 0.43+0.20+0.01 = 0.64 → 20.70 (20.7018).
    c = claim(rvu25d, "97110x4", "97140", "97530x2")
    got = by_line(c)
    assert got["97530x2"].allowed_amount == D("34.61") + D("24.58")
    assert got["97110x4"].allowed_amount == D("87.32")
    assert got["97140"].allowed_amount == D("20.70")
    assert c.total_allowed == D("59.19") + D("87.32") + D("20.70")


# ----------------------------------------------------------------------------- bilateral


def test_20610_rt_and_lt_are_one_bilateral_procedure_at_150(rvu25d: FeeSchedule) -> None:
    # 20610 (bilateral indicator 1): 0.79 + 1.04 + 0.13 = 1.96 × 32.3465 = 63.399 → 63.40 a side.
    # RT+LT: 150% of one side = 95.10: RT 63.40 in full, LT 31.70 (not 200% = 126.80).
    c = claim(rvu25d, "20610-RT", "20610-LT")
    got = by_line(c)
    assert got["20610-RT"].allowed_amount == D("63.40")
    assert got["20610-LT"].allowed_amount == D("31.70")
    assert rules(got["20610-LT"]) == [("bilateral", D(50), D("-31.70"))]
    assert c.total_allowed == D("95.10")


def test_20610_modifier_50_and_two_units_are_150(rvu25d: FeeSchedule) -> None:
    # Same 150% of 63.40 = 95.10 whether billed as 20610-50 (one side's fee, +31.70) or as 2 units (126.80 − 31.70).
    c50 = claim(rvu25d, "20610-50")
    assert c50.lines[0].fee_schedule_amount == D("63.40")
    assert rules(c50.lines[0]) == [("bilateral", D(150), D("31.70"))]
    c2 = claim(rvu25d, "20610x2")
    assert c2.lines[0].fee_schedule_amount == D("126.80")
    assert rules(c2.lines[0]) == [("bilateral", D(150), D("-31.70"))]
    assert c50.total_allowed == c2.total_allowed == D("95.10")


def test_bilateral_indicator_2_pays_one_side_and_9_forbids_50(rvu25d: FeeSchedule) -> None:
    # 92134 (bilateral indicator 2, RVUs already bilateral): 0.32 + 0.63 + 0.02 = 0.97 → 31.38 (31.3761);
    # RT + LT are paid as one code: 31.38 in all, the LT line 0.00.
    c = claim(rvu25d, "92134-RT", "92134-LT")
    assert [ln.allowed_amount for ln in c.lines] == [D("31.38"), D("0.00")]
    assert c.total_allowed == D("31.38")
    # 62323 (bilateral indicator 9): modifier 50 is not allowed → 0.00, with the reason.
    c9 = claim(rvu25d, "62323-50")
    assert c9.lines[0].allowed_amount == D("0.00")
    assert c9.lines[0].adjustments[0].rule == "not_allowed"
    assert "bilateral indicator 9" in c9.lines[0].adjustments[0].reason


def test_bilateral_indicator_3_is_200_then_the_imaging_session_rule(rvu25d: FeeSchedule) -> None:
    # 73721 (bilateral 3, imaging family 88): global 1.35 + 4.75 + 0.09 = 6.19 → 200.22; 50 → 200% = 400.44.
    # Two sides in one session: the second TC at 50%: TC row 0 + 4.25 + 0.03 = 4.28 → 138.44, takes 69.22;
    # the second PC at 95%: 26 row 1.35 + 0.50 + 0.06 = 1.91 → 61.78, 95% = 58.691 → 58.69, takes 3.09.
    # Allowed 400.44 − 69.22 − 3.09 = 328.13.
    c = claim(rvu25d, "73721-50")
    assert rules(c.lines[0]) == [
        ("bilateral", D(200), D("200.22")),
        ("imaging_tc", D(50), D("-69.22")),
        ("imaging_pc", D(95), D("-3.09")),
    ]
    assert c.total_allowed == D("328.13")


def test_bilateral_ranks_as_one_procedure_before_multiple_surgery(rvu25d: FeeSchedule) -> None:
    # 27447 (indicators: mult 2, bilateral 1): 19.60 + 15.30 + 3.98 = 38.88 → 1257.63; -50: 150% = 1886.45 (1886.445).
    # 29881 (mult 3, base 29870 not billed → a standard procedure): 7.03 + 8.22 + 1.39 = 16.64 → 538.25 (538.2458).
    # Ranking: the bilateral 27447 first in full; 29881 second at 50%: 269.125 → 269.13.
    c = claim(rvu25d, "27447-50", "29881")
    got = by_line(c)
    assert got["27447-50"].allowed_amount == D("1886.45")
    assert rules(got["29881"]) == [("multiple_procedure", D(50), D("-269.12"))]
    assert got["29881"].allowed_amount == D("269.13")
    assert c.total_allowed == D("2155.58")


# ----------------------------------------------------------------------------- multiple surgery


def test_indicator_2_ranks_by_fee_schedule_amount_not_line_order(rvu25d: FeeSchedule) -> None:
    # 20610 63.40; 11042: 1.01 + 2.73 + 0.13 = 3.87 → 125.18 (125.181); 27447 1257.63.
    # Ranked 27447 (100%), 11042 (50% = 62.59), 20610 (50% = 31.70): total 1351.92.
    c = claim(rvu25d, "20610", "11042", "27447")
    got = by_line(c)
    assert got["27447"].adjustments == ()
    assert got["11042"].allowed_amount == D("62.59")
    assert got["20610"].allowed_amount == D("31.70")
    assert "ranks 3rd of 3" in got["20610"].adjustments[0].reason
    assert c.total_allowed == D("1351.92")
    total_is_sum(c)


def test_units_are_several_procedures(rvu25d: FeeSchedule) -> None:
    # 11042x3 = 3 procedures: 125.18 + 2 × 62.59 = 250.36 (fee schedule amount 375.54).
    c = claim(rvu25d, "11042x3")
    assert c.lines[0].fee_schedule_amount == D("375.54")
    assert c.lines[0].allowed_amount == D("250.36")


def test_modifier_51_does_not_reduce_twice_and_add_ons_are_not_ranked(rvu25d: FeeSchedule) -> None:
    # 27447 + 20610-51: the ranking pays 20610 at 50% once (31.70), not 25%.
    c = claim(rvu25d, "27447", "20610-51")
    assert by_line(c)["20610-51"].allowed_amount == D("31.70")
    # 64483 (mult 2) with add-on 77003 (ZZZ, mult 0): nothing reduced.
    # 64483: 1.90 + 5.24 + 0.16 = 7.30 → 236.13 (236.129); 77003: 0.60 + 2.44 + 0.04 = 3.08 → 99.63 (99.627).
    c2 = claim(rvu25d, "64483", "77003")
    assert [ln.adjustments for ln in c2.lines] == [(), ()]
    assert c2.total_allowed == D("335.76")


def test_indicator_1_pays_100_50_25_and_by_report_after_five(rvu25d: FeeSchedule) -> None:
    # RVU25D has no payable row with indicator 1 (pre-1995 rules, status D codes only), so take the real 11042
    # row with indicator 1. 27447 (1257.63) ranks 1st; 11042x5 ranks 2nd-6th: 2nd 50% = 62.59,
    # 3rd-6th 25% = 4 × 125.18 × 25% = 125.18. Allowed 11042: 187.77.
    rows = [r for r in rvu25d.rvus.values() if r.mult_proc == "1" and r.status in ("A", "R", "T")]
    assert rows == []
    row = rvu25d.rvus[("11042", "")]
    schedule = dataclasses.replace(rvu25d, rvus={**rvu25d.rvus, ("11042", ""): dataclasses.replace(row, mult_proc="1")})
    c = claim(schedule, "27447", "11042x5")
    ln = by_line(c)["11042x5"]
    assert rules(ln) == [("multiple_procedure", D(50), D("-62.59")), ("multiple_procedure", D(25), D("-375.54"))]
    assert ln.allowed_amount == D("187.77")
    assert any("by report" in n for n in c.notes)


# ----------------------------------------------------------------------------- endoscopy (indicator 3)


def test_endoscopy_family_pays_the_highest_then_the_difference_from_the_base(rvu25d: FeeSchedule) -> None:
    # Facility (PE facility column). Family base 43235: 2.09 + 1.29 + 0.27 = 3.65 → 118.06 (118.0647).
    # 43238: 4.16 + 2.22 + 0.50 = 6.88 → 222.54 (highest: in full).
    # 43239: 2.39 + 1.42 + 0.29 = 4.10 → 132.62; pays 132.62 − 118.06 = 14.56.
    # 43235 itself with a family member: not paid separately (0.00). Family total 237.10.
    c = claim(rvu25d, "43239", "43235", "43238", facility=True)
    got = by_line(c)
    assert got["43238"].allowed_amount == D("222.54")
    assert rules(got["43239"]) == [("endoscopy", None, D("-118.06"))]
    assert got["43239"].allowed_amount == D("14.56")
    assert got["43235"].allowed_amount == D("0.00")
    assert got["43235"].adjustments[0].rule == "endoscopy_base"
    assert c.total_allowed == D("237.10")


def test_endoscopy_family_ranks_as_one_procedure_with_other_surgery(rvu25d: FeeSchedule) -> None:
    # Colonoscopy family (base 45378: 3.26 + 6.44 + 0.43 = 10.13 → 327.67):
    #   45385: 4.57 + 8.33 + 0.56 = 13.46 → 435.38 in full; 45380: 3.56 + 8.79 + 0.47 = 12.82 → 414.68 − 327.67 = 87.01.
    #   Family = 522.39, one procedure.
    # 43239 (its base 43235 not billed): standard procedure, 357.11 (11.04 × 32.3465 = 357.105).
    # 27447 1257.63 ranks 1st; the family 2nd (50%): 45385 217.69, 45380 43.51 (43.505); 43239 3rd: 178.56 (178.555).
    c = claim(rvu25d, "45380", "45385", "43239", "27447")
    got = by_line(c)
    assert got["45385"].allowed_amount == D("217.69")
    assert got["45380"].allowed_amount == D("43.51")
    assert [a.rule for a in got["45380"].adjustments] == ["endoscopy", "multiple_procedure"]
    assert got["43239"].allowed_amount == D("178.56")
    assert got["27447"].allowed_amount == D("1257.63")
    assert c.total_allowed == D("1697.39")


# ----------------------------------------------------------------------------- diagnostic tests (4, 6, 7)


def test_imaging_session_ranks_tc_and_pc_separately(rvu25d: FeeSchedule) -> None:
    # 73221: global 1.35 + 4.76 + 0.09 = 6.20 → 200.55; TC 4.26 + 0.03 = 4.29 → 138.77; PC 1.91 → 61.78.
    # 73721: global 200.22; TC 138.44; PC 61.78.
    # TC: 73221 highest; 73721's TC at 50% takes 69.22. PC: tie at 61.78, the first typed (73721) keeps it;
    # 73221's PC at 95%: 58.691 → 58.69, takes 3.09. 131.00 + 197.46 = 328.46.
    c = claim(rvu25d, "73721", "73221")
    got = by_line(c)
    assert rules(got["73721"]) == [("imaging_tc", D(50), D("-69.22"))]
    assert rules(got["73221"]) == [("imaging_pc", D(95), D("-3.09"))]
    assert c.total_allowed == D("328.46")


def test_imaging_professional_components_95_percent(rvu25d: FeeSchedule) -> None:
    # 72148-26: 1.48 + 0.54 + 0.07 = 2.09 → 67.60 highest; 73721-26 and 73221-26 (61.78) at 95% → 58.69 each.
    c = claim(rvu25d, "73721-26", "73221-26", "72148-26")
    assert [ln.allowed_amount for ln in c.lines] == [D("58.69"), D("58.69"), D("67.60")]
    assert c.total_allowed == D("184.98")


def test_cardiovascular_tc_75_percent(rvu25d: FeeSchedule) -> None:
    # 93880: global 0.80 + 4.73 + 0.09 = 5.62 → 181.79; TC 4.47 + 0.03 = 4.50 → 145.56 (highest TC).
    # 93306: global 1.46 + 4.28 + 0.07 = 5.81 → 187.93; TC 3.76 + 0.03 = 3.79 → 122.59; 75% = 91.9425 → 91.94,
    # takes 30.65; 93306 allowed 157.28 (its PC is not reduced).
    c = claim(rvu25d, "93306", "93880")
    assert rules(by_line(c)["93306"]) == [("cardiovascular_tc", D(75), D("-30.65"))]
    assert c.total_allowed == D("157.28") + D("181.79")


def test_ophthalmology_tc_80_percent(rvu25d: FeeSchedule) -> None:
    # 92250: TC 0.48 + 0.01 = 0.49 → 15.85 (highest). 92134: TC 0.43 + 0.01 = 0.44 → 14.23; 80% = 11.384 → 11.38,
    # takes 2.85; 92134 31.38 → 28.53; 92250 1.10 → 35.58. Total 64.11.
    c = claim(rvu25d, "92134", "92250")
    assert rules(by_line(c)["92134"]) == [("ophthalmology_tc", D(80), D("-2.85"))]
    assert c.total_allowed == D("64.11")


# ----------------------------------------------------------------------------- surgeons, NPP, status T


def test_assistant_16_percent_then_multiple_surgery(rvu25d: FeeSchedule) -> None:
    # 27130: 19.60 + 15.34 + 3.99 = 38.93 → 1259.25 (1259.249); 16% = 201.48. 27447 1257.63; 16% = 201.2208 → 201.22,
    # ranks 2nd: 50% = 100.61. Total 302.09.
    c = claim(rvu25d, "27447-80", "27130-80")
    got = by_line(c)
    assert rules(got["27447-80"]) == [
        ("assistant_at_surgery", D("16.00"), D("-1056.41")),
        ("multiple_procedure", D(50), D("-100.61")),
    ]
    assert got["27130-80"].allowed_amount == D("201.48")
    assert c.total_allowed == D("302.09")


def test_combinations_the_file_does_not_allow(rvu25d: FeeSchedule) -> None:
    # 20610: assistant indicator 1 (statutory: never paid) and co-surgery indicator 0.
    c = claim(rvu25d, "20610-80", "20610-62", "27447-62-80", "27447-66")
    reasons = {ln.line: (ln.allowed_amount, ln.adjustments[-1].rule, ln.adjustments[-1].reason) for ln in c.lines}
    assert reasons["20610-80"][:2] == (D("0.00"), "not_allowed")
    assert "assistant indicator 1" in reasons["20610-80"][2]
    assert reasons["20610-62"][:2] == (D("0.00"), "not_allowed")
    assert "co-surgery indicator 0" in reasons["20610-62"][2]
    assert reasons["27447-62-80"][:2] == (D("0.00"), "not_allowed")
    assert "team-surgery indicator 0" in reasons["27447-66"][2]
    assert c.total_allowed == D("0.00")


def test_co_surgeon_and_team_by_report(rvu25d: FeeSchedule) -> None:
    # 27447-62 (co-surgery indicator 1): 62.5% of 1257.63 = 786.01875 → 786.02.
    assert claim(rvu25d, "27447-62").total_allowed == D("786.02")
    # 22818 (team indicator 2): by report — no amount from the fee schedule, left out of the total.
    c = claim(rvu25d, "22818-66")
    assert c.lines[0].allowed_amount is None and c.lines[0].adjustments[0].rule == "team_surgery"
    assert c.total_allowed == D("0.00")


def test_npp_85_percent_last_and_not_on_as(rvu25d: FeeSchedule) -> None:
    # 99213: 1.30 + 1.35 + 0.10 = 2.75 → 88.95; NPP 85% = 75.6075 → 75.61.
    assert claim(rvu25d, "99213", npp=True).total_allowed == D("75.61")
    # 27447-AS: 13.6% (already 85% of 16%) = 171.03768 → 171.04, no second 85%.
    assert claim(rvu25d, "27447-AS", npp=True).total_allowed == D("171.04")


def test_status_t_is_not_paid_with_another_service(rvu25d: FeeSchedule) -> None:
    # 94760 (status T): 0.10 + 0.01 = 0.11 → 3.56 (3.558) alone; 0.00 beside 99213 (88.95).
    assert claim(rvu25d, "94760").total_allowed == D("3.56")
    c = claim(rvu25d, "99213", "94760")
    assert by_line(c)["94760"].allowed_amount == D("0.00")
    assert c.total_allowed == D("88.95")


def test_line_amounts_are_todays_single_quote_in_a_locality(rvu25d: FeeSchedule) -> None:
    # 26/TC rows and the OPPS cap as a single quote prices them, in San Francisco (01112-05).
    c = claim(rvu25d, "77002-26", "73721-TC", locality="01112-05")
    for ln, mods in zip(c.lines, (("26",), ("TC",)), strict=True):
        assert ln.fee_schedule_amount == price(rvu25d, QuoteRequest(ln.hcpcs, mods, locality="01112-05")).amount


# ----------------------------------------------------------------------------- other schedules, JSON


def test_lines_of_other_schedules_pass_through_untouched(rvu25d: FeeSchedule) -> None:
    lab = EncounterLine("80053", (), 1, "80053", schedule="CLFS")

    def clfs(ln: ClaimLineLike) -> tuple[Decimal | None, tuple[str, ...]]:
        return D("10.56"), ("CLFS 2025 Q2 national limit",)

    c = price_claim(rvu25d, ClaimRequest([line("20610"), line("11042"), lab]), {"CLFS": clfs})
    got = by_line(c)
    assert got["80053"].schedule == "CLFS" and got["80053"].allowed_amount == D("10.56")
    assert got["80053"].adjustments == ()
    assert c.total_allowed == D("125.18") + D("31.70") + D("10.56")


def test_claim_json_shape_and_money_strings(rvu25d: FeeSchedule) -> None:
    out = claim_json(claim(rvu25d, "20610-RT", "20610-LT"))
    assert list(out) == ["lines", "total_allowed", "release", "locality", "setting", "bundling", "notes"]
    first = out["lines"][1]
    assert list(first) == [
        "line",
        "hcpcs",
        "modifiers",
        "units",
        "schedule",
        "fee_schedule_amount",
        "allowed_amount",
        "adjustments",
    ]
    assert first["fee_schedule_amount"] == "63.40" and first["allowed_amount"] == "31.70"
    assert first["adjustments"][0] | {"reason": ""} == {
        "rule": "bilateral",
        "percent": "50",
        "amount": "-31.70",
        "reason": "",
    }
    assert out["total_allowed"] == "95.10" and out["release"] == "RVU25D" and out["setting"] == "nonfacility"


# ----------------------------------------------------------------------------- properties over real rows

_SAMPLE_MODS = ("", "RT", "LT", "50", "26", "TC", "80", "62", "59")


@pytest.fixture(scope="module")
def payable_codes(rvu25d: FeeSchedule) -> list[str]:
    from bot.pricing.quote import is_payable

    return sorted({h for (h, m), r in rvu25d.rvus.items() if m == "" and is_payable(r)})


def test_assistant_imaging_reductions_apply_to_the_assistants_share_not_the_full_fee(rvu25d: FeeSchedule) -> None:
    """73700-80x2, office, locality 01112-05 (GPCI work 1.088, PE 1.419, MP 0.445), RVU25D rows of 73700:
    global work 1.00, non-facility PE 2.90, MP 0.05; TC 0.00/2.54/0.01; 26 1.00/0.36/0.04; assistant
    indicator 0, bilateral indicator 3, multiple-procedure indicator 4 (imaging family 88).

    - one unit: (1.088 + 2.90×1.419 + 0.05×0.445) × 32.3465 = 5.22535 × 32.3465 = 169.0218 -> $169.02;
      2 units (bilateral 3: both sides at 100%) = $338.04
    - assistant 16%: 338.04 × 0.16 = 54.0864 -> $54.09 (adjustment -283.95)
    - the two sides rank as two imaging services; the second side's parts at the assistant's 16%:
      TC (2.54×1.419 + 0.01×0.445) × 32.3465 = 116.7291 -> $116.73; × 0.16 = 18.6768 -> $18.68;
      paid at 50%: 9.34 - 18.68 = -9.34
      PC (1.088 + 0.36×1.419 + 0.04×0.445) × 32.3465 = 52.2926 -> $52.29; × 0.16 = 8.3664 -> $8.37;
      paid at 95%: 7.9515 -> 7.95, 7.95 - 8.37 = -0.42
    - allowed 54.09 - 9.34 - 0.42 = $44.33. (Before the fix the imaging reductions were taken from the full
      TC/PC fees, -58.36 and -2.61, leaving -$6.88.)
    """
    c = claim(rvu25d, "73700-80x2", locality="01112-05")
    (ln,) = c.lines
    assert ln.fee_schedule_amount == D("338.04")
    assert [(a.rule, a.amount) for a in ln.adjustments] == [
        ("assistant_at_surgery", D("-283.95")),
        ("imaging_tc", D("-9.34")),
        ("imaging_pc", D("-0.42")),
    ]
    assert ln.allowed_amount == c.total_allowed == D("44.33")


def test_any_claim_is_its_fees_plus_its_adjustments_and_never_negative(
    rvu25d: FeeSchedule, payable_codes: list[str]
) -> None:
    """Over many random encounters of real codes: each line's allowed = fee + its adjustments, never below 0;
    reductions never exceed the line; without a bilateral 50 the total never exceeds the fees."""
    from hypothesis import HealthCheck, example, given, settings
    from hypothesis import strategies as st

    from bot.pricing.errors import PricingError

    line_st = st.tuples(st.sampled_from(payable_codes), st.sampled_from(_SAMPLE_MODS), st.integers(1, 4))

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(line_st, min_size=1, max_size=8), st.booleans(), st.booleans())
    @example([("73700", "80", 2)], False, False)  # was -$6.88: imaging reductions taken from the full fee
    def check(lines: list[tuple[str, str, int]], facility: bool, npp: bool) -> None:
        request = ClaimRequest(
            [EncounterLine(c, (m,) if m else (), u) for c, m, u in lines], "01112-05", facility=facility, npp=npp
        )
        try:
            c = price_claim(rvu25d, request)
        except PricingError:
            return  # e.g. 26 on a code without a 26 row: refused with a message, as a single quote is
        total = D(0)
        for ln in c.lines:
            if ln.allowed_amount is None:
                continue
            assert ln.fee_schedule_amount is not None
            assert ln.allowed_amount == ln.fee_schedule_amount + sum((a.amount for a in ln.adjustments), D(0))
            assert ln.allowed_amount >= 0
            total += ln.allowed_amount
        assert c.total_allowed == total
        if not any("50" in ln.modifiers for ln in c.lines):
            assert total <= sum((ln.fee_schedule_amount or D(0) for ln in c.lines), D(0))

    check()
