"""Tips from the surgical indicator columns: MULT PROC, BILAT SURG, ASST SURG, CO-SURG and TEAM SURG
(RVU25D.pdf). Pure."""

from __future__ import annotations

from bot.pricing.schedule import RvuRow
from bot.pricing.tips.table import IndicatorTips
from bot.pricing.tips.types import Tip

_HIGHEST_FIRST = (
    "With other procedures the same day, Medicare pays the highest-valued one at 100% and each "
    "other one at 50%: list {code} in order of value and add 51 where the payer asks for it.",
    "Second and later procedures pay half.",
)

MULTIPLE_PROCEDURE = IndicatorTips(
    "MULT PROC",
    "multiple-procedure",
    {
        "1": _HIGHEST_FIRST,
        "2": _HIGHEST_FIRST,
        "3": (
            "Multiple-endoscopy rules: with another endoscopy in the same family (base {base}), the "
            "highest pays in full and the others pay their value minus the base.",
            "Billing the base endoscopy with a family member pays nothing extra for the base.",
        ),
        "4": (
            "Diagnostic imaging reduction: another imaging service in the same session reduces the "
            "lower-priced one's technical part by 50% (and professional part by 5%).",
            "Second imaging study in a session pays less; separate sessions need separate times documented.",
        ),
        "5": (
            "Therapy reduction: the practice-expense part of the second and later therapy services that "
            "day is paid at 50%.",
            "Subsequent therapy units pay less.",
        ),
        "6": (
            "The technical part of the second and later diagnostic tests of this kind the same day is reduced by 25%.",
            "Subsequent tests' TC pays 25% less.",
        ),
        "7": (
            "The technical part of the second and later diagnostic tests of this kind the same day is reduced by 20%.",
            "Subsequent tests' TC pays 20% less.",
        ),
    },
)

BILATERAL = IndicatorTips(
    "BILAT SURG",
    "bilateral",
    {
        "1": (
            "Bilateral {code}: bill one line with modifier 50 and 1 unit (unless the MAC wants RT/LT "
            "lines); payment is 150%.",
            "Two lines or 2 units without 50 can pay 100% or be denied.",
        ),
        "2": (
            "{code} is already valued as bilateral: do not add 50 or bill 2 units for both sides.",
            "Extra units/50 are not paid.",
        ),
        "0": (
            "No bilateral payment for {code}: both sides together are paid at 100% of one.",
            "Billing 50 does not raise payment.",
        ),
        "3": (
            "Each side of {code} pays 100%: bill RT and LT (or 50) as your MAC instructs.",
            "Both sides pay in full when billed per side.",
        ),
    },
)

ASSISTANT = IndicatorTips(
    "ASST SURG",
    "assistant",
    {
        "1": (
            "Medicare never pays an assistant at surgery for {code}: do not bill 80/81/82/AS.",
            "Assistant claims are denied.",
        ),
        "0": (
            "An assistant at surgery for {code} is paid only with documentation of medical necessity "
            "(16%, or 13.6% for a PA/NP with AS).",
            "Without the note, the assistant claim is denied.",
        ),
        "2": (
            "An assistant at surgery for {code} is payable: 16% with 80/81/82, 13.6% for a PA/NP/CNS with AS.",
            "Bill the assistant on a separate claim line under their own NPI.",
        ),
    },
)

_OWN_NOTE = "Each surgeon must bill 62 and dictate their own operative note."

CO_SURGERY = IndicatorTips(
    "CO-SURG",
    "co-surgery",
    {
        "1": (
            "Co-surgeons of different specialties may each bill {code} with 62 with documentation of why two "
            "surgeons were needed; each is paid 62.5%.",
            _OWN_NOTE,
        ),
        "2": ("Co-surgeons of different specialties may each bill {code} with 62; each is paid 62.5%.", _OWN_NOTE),
    },
)

_BY_REPORT = (
    "Team surgery (66) for {code} is paid by report: send the operative note.",
    "The MAC sets the amount after review.",
)

TEAM_SURGERY = IndicatorTips("TEAM SURG", "team-surgery", {"1": _BY_REPORT, "2": _BY_REPORT})


def is_surgical(row: RvuRow) -> bool:
    """A procedure the surgical indicators (bilateral, assistant, co-/team surgery) are about."""
    g = row.global_days.strip()
    return g in ("000", "010", "090", "YYY") or (g == "ZZZ" and row.pctc_indicator.strip() == "0")


def surgery_tips(row: RvuRow) -> list[Tip]:
    """The multiple-procedure tip for any code; the bilateral, assistant and co-/team surgery tips for a
    surgical one."""
    code = row.hcpcs
    tips = MULTIPLE_PROCEDURE.tips(row.mult_proc.strip(), code=code, base=row.endo_base.strip() or "its base code")
    if not is_surgical(row):
        return tips
    for table, value in (
        (BILATERAL, row.bilat_surg),
        (ASSISTANT, row.asst_surg),
        (CO_SURGERY, row.co_surg),
        (TEAM_SURGERY, row.team_surg),
    ):
        tips += table.tips(value.strip(), code=code)
    return tips
