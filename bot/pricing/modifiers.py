"""What each modifier does to the fee-schedule amount, driven by the RVU row's indicators."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from bot.pricing.errors import UnknownModifierError, shown
from bot.pricing.indicators import ASST_TEXT, BILAT_TEXT, CO_SURG_TEXT, TEAM_SURG_TEXT, describe
from bot.pricing.schedule import RvuRow

ROW_MODIFIERS = frozenset({"26", "TC"})  # priced from their own RVU row
PAYMENT_MODIFIERS = frozenset({"50", "51", "52", "53", "62", "66", "80", "81", "82", "AS"})

# Modifiers that tell the payer something but do not change the fee-schedule amount.
INFORMATIONAL: dict[str, str] = {
    "22": "Increased procedural service: the MAC may pay more on review of documentation; "
    "the fee schedule amount itself does not change.",
    "24": "Unrelated E/M during a postoperative period.",
    "25": "Significant, separately identifiable E/M on the same day as a procedure.",
    "27": "Multiple outpatient hospital E/M encounters on the same date.",
    "32": "Mandated service.",
    "33": "Preventive service (cost sharing waived where the law allows).",
    "54": "Surgical care only: the MAC pays the intra-operative share of the global (pre/intra/post split).",
    "55": "Postoperative management only: the MAC pays the post-operative share of the global.",
    "56": "Preoperative management only: the MAC pays the pre-operative share of the global.",
    "57": "Decision for surgery made at this E/M.",
    "58": "Staged or related procedure by the same physician during the postoperative period.",
    "59": "Distinct procedural service (bypasses an NCCI edit when documentation supports it).",
    "76": "Repeat procedure by the same physician.",
    "77": "Repeat procedure by another physician.",
    "78": "Unplanned return to the operating room during the postoperative period "
    "(the MAC pays the intra-operative share).",
    "79": "Unrelated procedure during the postoperative period (starts a new global period).",
    "91": "Repeat clinical diagnostic laboratory test.",
    "95": "Synchronous telehealth service.",
    "93": "Audio-only telehealth service.",
    "XE": "Separate encounter (NCCI-associated modifier).",
    "XS": "Separate structure/organ (NCCI-associated modifier).",
    "XP": "Separate practitioner (NCCI-associated modifier).",
    "XU": "Unusual non-overlapping service (NCCI-associated modifier).",
    "LT": "Left side.",
    "RT": "Right side.",
    "GA": "Waiver of liability (ABN) on file.",
    "GC": "Performed in part by a resident under a teaching physician.",
    "GE": "Performed by a resident without a teaching physician present (primary care exception).",
    "GT": "Telehealth via interactive audio and video (institutional claims).",
    "GY": "Statutorily excluded or not a Medicare benefit.",
    "GZ": "Expected to be denied as not reasonable and necessary; no ABN on file.",
    "KX": "Requirements in the medical policy have been met.",
    "Q5": "Reciprocal billing arrangement.",
    "Q6": "Fee-for-time compensation (locum tenens).",
    "QW": "CLIA-waived test.",
    "FS": "Split (or shared) E/M visit.",
    "FT": "Unrelated E/M visit during a postoperative period or on the same day as a procedure.",
    "CR": "Catastrophe/disaster related.",
    "JW": "Drug amount discarded.",
    "JZ": "Zero drug amount discarded.",
    "PO": "Excepted off-campus provider-based department service.",
    "PN": "Non-excepted off-campus provider-based department service.",
    "AI": "Principal physician of record.",
    "GV": "Attending physician not employed by the hospice.",
    "GW": "Service not related to the hospice patient's terminal condition.",
    "CS": "Cost sharing waived (COVID-19 related testing).",
    "SA": "Nurse practitioner rendering service in collaboration with a physician.",
    "SG": "Ambulatory surgical center facility service.",
    "UN": "Two patients served.",
    "UP": "Three patients served.",
    "CQ": "Outpatient physical therapy by a physical therapist assistant "
    "(payment is reduced for therapy services; not modelled here).",
    "CO": "Outpatient occupational therapy by an OT assistant (payment is reduced; not modelled here).",
    "GP": "Services under an outpatient physical therapy plan of care.",
    "GO": "Services under an outpatient occupational therapy plan of care.",
    "GN": "Services under an outpatient speech-language pathology plan of care.",
}
INFORMATIONAL.update({f"F{i}": "Finger location (anatomic modifier)." for i in "A123456789"})
INFORMATIONAL.update({f"T{i}": "Toe location (anatomic modifier)." for i in "A123456789"})
INFORMATIONAL.update({f"E{i}": "Eyelid location (anatomic modifier)." for i in "1234"})
INFORMATIONAL.update(
    {
        "LC": "Left circumflex coronary artery.",
        "LD": "Left anterior descending coronary artery.",
        "RC": "Right coronary artery.",
        "LM": "Left main coronary artery.",
        "RI": "Ramus intermedius coronary artery.",
    }
)

KNOWN_MODIFIERS = frozenset(ROW_MODIFIERS | PAYMENT_MODIFIERS | INFORMATIONAL.keys())
ACCEPTED_FORMS = (
    "two letters or digits after the code, e.g. 77002 26, 77002-26 or 27447 50. Payment modifiers: "
    "26, TC, 50, 51, 52, 53, 62, 66, 80, 81, 82, AS; informational ones such as 25, 59, XE, XS, XP, XU, "
    "76-79, LT, RT are accepted and leave the amount unchanged"
)

_FORM = re.compile(r"^[A-Z0-9]{2}$")

PCT_BILATERAL = Decimal("1.50")
PCT_SUBSEQUENT = Decimal("0.50")
PCT_CO_SURGEON = Decimal("0.625")
PCT_ASSISTANT = Decimal("0.16")
PCT_ASSISTANT_NPP = Decimal("0.136")  # 85% of 16%
PCT_NPP = Decimal("0.85")


@dataclass(frozen=True, slots=True)
class ModifierEffect:
    """What one modifier does. `factor` multiplies the fee-schedule amount; None = no fee-schedule amount."""

    modifier: str
    factor: Decimal | None
    changes_payment: bool
    text: str
    carrier_priced: bool = False  # the MAC decides the amount (by report / individual consideration)


def normalise(modifiers: Iterable[str]) -> tuple[str, ...]:
    """Upper-cased, de-duplicated, validated modifiers in the order given."""
    out: list[str] = []
    for raw in modifiers:
        mod = raw.strip().upper().lstrip("-")
        if not mod:
            continue
        if not _FORM.match(mod):
            raise UnknownModifierError(f"{shown(raw)} is not a modifier. Modifiers are {ACCEPTED_FORMS}.")
        if mod not in KNOWN_MODIFIERS:
            raise UnknownModifierError(f"Modifier {mod} is not one billbot knows. Use {ACCEPTED_FORMS}.")
        if mod not in out:
            out.append(mod)
    if "26" in out and "TC" in out:
        raise UnknownModifierError(
            "26 and TC cannot be billed together on one line: bill the code without a modifier for the global service."
        )
    return tuple(out)


def effect(row: RvuRow, mod: str, *, has_53_row: bool = False) -> ModifierEffect:
    """The payment effect of `mod` on the service in `row`, per its indicators (RVU25D.pdf)."""
    if mod == "26":
        return ModifierEffect(mod, Decimal(1), True, "Professional component: priced from the code's 26 row.")
    if mod == "TC":
        return ModifierEffect(mod, Decimal(1), True, "Technical component: priced from the code's TC row.")
    if mod == "50":
        return _bilateral(row)
    if mod == "51":
        return _multiple(row)
    if mod == "62":
        return _co_surgery(row)
    if mod == "66":
        return _team(row)
    if mod in ("80", "81", "82", "AS"):
        return _assistant(row, mod)
    if mod == "52":
        return ModifierEffect(
            mod,
            Decimal(1),
            False,
            "Reduced services: the MAC decides the reduction; the full amount is shown as the ceiling.",
            carrier_priced=True,
        )
    if mod == "53":
        if has_53_row:
            return ModifierEffect(mod, Decimal(1), True, "Discontinued procedure: priced from the code's own 53 row.")
        return ModifierEffect(
            mod,
            Decimal(1),
            False,
            "Discontinued procedure: no 53 row for this code, so the MAC prices it by individual consideration; "
            "the full amount is shown as the ceiling.",
            carrier_priced=True,
        )
    text = INFORMATIONAL.get(mod, "Informational modifier.")
    return ModifierEffect(mod, Decimal(1), False, f"{text} No change to the fee-schedule amount.")


def _bilateral(row: RvuRow) -> ModifierEffect:
    ind = row.bilat_surg.strip()
    why = describe(BILAT_TEXT, ind, "Bilateral indicator")
    if ind == "1":
        return ModifierEffect("50", PCT_BILATERAL, True, f"Bilateral (indicator 1): 150% of the amount. {why}")
    if ind in ("0", "2"):
        return ModifierEffect("50", Decimal(1), False, f"Bilateral (indicator {ind}): paid at 100%. {why}")
    if ind == "3":
        return ModifierEffect("50", Decimal(2), True, f"Bilateral (indicator 3): 100% for each side, 200%. {why}")
    return ModifierEffect(
        "50", None, True, f"Modifier 50 is not allowed for this code (bilateral indicator {ind}). {why}"
    )


def _multiple(row: RvuRow) -> ModifierEffect:
    ind = row.mult_proc.strip()
    if ind in ("1", "2"):
        return ModifierEffect(
            "51",
            PCT_SUBSEQUENT,
            True,
            f"Multiple procedure (indicator {ind}): shown as a subsequent procedure at 50%; "
            "the highest-valued procedure of the day is paid at 100%.",
        )
    if ind == "0":
        return ModifierEffect("51", Decimal(1), False, "Multiple procedure (indicator 0): no reduction applies.")
    if ind == "3":
        base = row.endo_base.strip() or "not given"
        return ModifierEffect(
            "51",
            Decimal(1),
            False,
            f"Multiple endoscopy (indicator 3, base {base}): the reduction depends on the other endoscopies "
            "in the family that day; the full amount is shown.",
            carrier_priced=True,
        )
    if ind in ("4", "5", "6", "7"):
        return ModifierEffect(
            "51",
            Decimal(1),
            False,
            f"Multiple-procedure indicator {ind}: a component-specific reduction applies automatically to "
            "subsequent services in the session (not modifier-driven); the full amount is shown.",
        )
    return ModifierEffect("51", Decimal(1), False, "Multiple-procedure concept does not apply (indicator 9).")


def _co_surgery(row: RvuRow) -> ModifierEffect:
    ind = row.co_surg.strip()
    why = describe(CO_SURG_TEXT, ind, "Co-surgery indicator")
    if ind in ("1", "2"):
        return ModifierEffect("62", PCT_CO_SURGEON, True, f"Co-surgeon (indicator {ind}): 62.5% each. {why}")
    return ModifierEffect(
        "62", None, True, f"Modifier 62 is not paid for this code (co-surgery indicator {ind}). {why}"
    )


def _team(row: RvuRow) -> ModifierEffect:
    ind = row.team_surg.strip()
    why = describe(TEAM_SURG_TEXT, ind, "Team-surgery indicator")
    if ind in ("1", "2"):
        return ModifierEffect(
            "66",
            None,
            True,
            f"Team surgery (indicator {ind}): paid by report; the MAC sets the amount. {why}",
            carrier_priced=True,
        )
    return ModifierEffect("66", None, True, f"Modifier 66 is not paid for this code (team indicator {ind}). {why}")


def _assistant(row: RvuRow, mod: str) -> ModifierEffect:
    ind = row.asst_surg.strip()
    why = describe(ASST_TEXT, ind, "Assistant-at-surgery indicator")
    pct = PCT_ASSISTANT_NPP if mod == "AS" else PCT_ASSISTANT
    who = "Non-physician assistant at surgery: 13.6% (85% of 16%)" if mod == "AS" else "Assistant at surgery: 16%"
    if ind in ("0", "2"):
        return ModifierEffect(mod, pct, True, f"{who} (indicator {ind}). {why}")
    return ModifierEffect(
        mod, None, True, f"Modifier {mod} is not paid for this code (assistant indicator {ind}). {why}"
    )
