"""Tips derived from the RVU row's own indicators (RVU25D.pdf), for every code. Pure."""

from __future__ import annotations

from bot.pricing.schedule import RvuRow
from bot.pricing.tips.types import Tip, UnitLimit


def _d(text: str, impact: str, column: str, value: str, topic: str) -> Tip:
    return Tip(text, impact, f"derived from {column} {value}".strip(), "derived", topic)


def _status(row: RvuRow) -> list[Tip]:
    s, code = row.status, row.hcpcs
    col = "STATUS CODE"
    if s == "B":
        return [
            _d(
                f"{code} is bundled: Medicare never pays it separately; its payment is part of the service "
                "it supports. Report it only if the payer wants it for data.",
                "Billed on its own it pays $0 and may trigger a denial.",
                col,
                s,
                "status",
            )
        ]
    if s == "T":
        return [
            _d(
                f"{code} is paid only when no other fee-schedule service is billed by the same provider that day.",
                "Billed with a visit or procedure the same day, it is bundled and pays $0.",
                col,
                s,
                "status",
            )
        ]
    if s == "C":
        return [
            _d(
                f"{code} is carrier-priced: send the operative/procedure note (and invoice if supplies drive cost) "
                "so the MAC can price it; compare with a similar valued code in your charge.",
                "Claims without documentation are priced low or pended.",
                col,
                s,
                "status",
            )
        ]
    if s == "R":
        return [
            _d(
                f"{code} has restricted coverage: check the MAC's coverage instructions before billing.",
                "Outside the covered circumstances the claim is denied.",
                col,
                s,
                "status",
            )
        ]
    if s == "N":
        return [
            _d(
                f"Medicare does not cover {code}: get a signed ABN only if you expect Medicare may cover it (GA), "
                "otherwise bill with GY when the patient needs a denial for secondary insurance.",
                "Without the right modifier or notice, the practice may be unable to bill the patient.",
                col,
                s,
                "status",
            )
        ]
    if s in ("I", "G"):
        return [
            _d(
                f"{code} is not valid for Medicare: Medicare pays for this service under a different code "
                "(often a HCPCS G-code).",
                "Billed to Medicare as is, it is rejected.",
                col,
                s,
                "status",
            )
        ]
    if s == "X":
        return [
            _d(
                f"{code} is outside the physician fee schedule by statute (e.g. lab or ambulance): bill it under "
                "its own fee schedule.",
                "Not payable under the physician fee schedule.",
                col,
                s,
                "status",
            )
        ]
    if s == "E":
        return [
            _d(
                f"{code} is excluded from the physician fee schedule by regulation; if covered it is paid under "
                "other rules.",
                "No fee-schedule amount.",
                col,
                s,
                "status",
            )
        ]
    if s == "M":
        return [
            _d(
                f"{code} is a measurement (quality) code: report it for MIPS with a nominal charge.",
                "Pays $0; omitting it can cost quality points.",
                col,
                s,
                "status",
            )
        ]
    if s == "J":
        return [
            _d(
                f"{code} is an anesthesia code: paid with base units plus time units × the anesthesia CF, not RVUs.",
                "The physician fee schedule RVU amount does not apply.",
                col,
                s,
                "status",
            )
        ]
    if s == "P":
        return [
            _d(
                f"{code} has no separate payment: bundled when incident to a physician service, otherwise paid "
                "under another benefit.",
                "Pays $0 under the fee schedule.",
                col,
                s,
                "status",
            )
        ]
    return []


def _pctc(row: RvuRow) -> list[Tip]:
    p, code, col = row.pctc_indicator.strip(), row.hcpcs, "PCTC IND"
    if p == "1":
        return [
            _d(
                f"Bill {code} global (no modifier) only when your practice owns the equipment, employs the staff "
                "and interprets. Interpreting only (e.g. hospital or another entity's equipment): bill 26. "
                "Equipment and staff only, someone else reads: bill TC.",
                "Billing global from a hospital setting is denied or recouped; billing 26 when you own the "
                "equipment leaves the technical payment on the table.",
                col,
                p,
                "pctc",
            )
        ]
    if p == "2":
        return [
            _d(
                f"{code} is the professional (interpretation) component by itself: do not add 26 or TC.",
                "A 26/TC modifier on this code gets the line rejected.",
                col,
                p,
                "pctc",
            )
        ]
    if p == "3":
        return [
            _d(
                f"{code} is the technical component by itself: do not add 26 or TC; the interpretation is a "
                "separate code.",
                "A 26/TC modifier on this code gets the line rejected.",
                col,
                p,
                "pctc",
            )
        ]
    if p == "4":
        return [
            _d(
                f"{code} is a global-only test: separate codes exist for the interpretation and the technical "
                "part; bill those when the work is split.",
                "26/TC on this code is rejected.",
                col,
                p,
                "pctc",
            )
        ]
    if p == "5":
        return [
            _d(
                f"{code} is an incident-to service: not payable to the physician for hospital inpatients or "
                "outpatients.",
                "Billed for a hospital patient, it is denied.",
                col,
                p,
                "pctc",
            )
        ]
    if p == "6":
        return [
            _d(
                f"{code} pays only the physician's interpretation (bill with 26); the test itself is paid under "
                "the lab fee schedule.",
                "Without 26, or with TC, the line is rejected.",
                col,
                p,
                "pctc",
            )
        ]
    if p == "8":
        return [
            _d(
                f"{code} is paid only for interpreting an abnormal smear for a hospital inpatient.",
                "Outside that case it is not paid.",
                col,
                p,
                "pctc",
            )
        ]
    return []


def _global(row: RvuRow) -> list[Tip]:
    g, code, col = row.global_days.strip(), row.hcpcs, "GLOB DAYS"
    if g == "ZZZ":
        return [
            _d(
                f"{code} is an add-on code: bill it only with its primary procedure, same provider, same date, "
                "on the same claim; never alone.",
                "An add-on billed without its primary is denied.",
                col,
                g,
                "add-on",
            )
        ]
    if g in ("010", "090"):
        days = int(g)
        pre = " and the day before" if g == "090" else ""
        return [
            _d(
                f"{code} has a {days}-day global period: related visits on the day of surgery{pre} and for {days} "
                "days after are included. Use 24 for an unrelated visit in the period, "
                + (
                    "57 for the visit where the decision to operate was made, "
                    if g == "090"
                    else "25 for a significant, separately identifiable visit on the day of the procedure, "
                )
                + "58 for a staged or related procedure, 78 for an unplanned return to the OR and 79 for an "
                "unrelated procedure.",
                "Visits and procedures in the global period without the right modifier are denied as included.",
                col,
                g,
                "global",
            )
        ]
    if g == "000":
        return [
            _d(
                f"{code} has a 0-day global: a visit the same day is included unless it is significant and "
                "separately identifiable (then modifier 25 on the E/M, with its own documentation).",
                "A same-day E/M without 25 is denied as part of the procedure.",
                col,
                g,
                "global",
            )
        ]
    if g == "YYY":
        return [
            _d(
                f"The MAC sets the global period for {code}: check its pricing before billing follow-up visits.",
                "Follow-up visits may be included or not depending on the MAC.",
                col,
                g,
                "global",
            )
        ]
    return []


def is_surgical(row: RvuRow) -> bool:
    """A procedure the surgical indicators (bilateral, assistant, co-/team surgery) are about."""
    g = row.global_days.strip()
    return g in ("000", "010", "090", "YYY") or (g == "ZZZ" and row.pctc_indicator.strip() == "0")


def _surgery(row: RvuRow) -> list[Tip]:
    tips: list[Tip] = []
    code = row.hcpcs
    m = row.mult_proc.strip()
    if m in ("1", "2"):
        tips.append(
            _d(
                f"With other procedures the same day, Medicare pays the highest-valued one at 100% and each "
                f"other one at 50%: list {code} in order of value and add 51 where the payer asks for it.",
                "Second and later procedures pay half.",
                "MULT PROC",
                m,
                "multiple-procedure",
            )
        )
    elif m == "3":
        base = row.endo_base.strip() or "its base code"
        tips.append(
            _d(
                f"Multiple-endoscopy rules: with another endoscopy in the same family (base {base}), the "
                "highest pays in full and the others pay their value minus the base.",
                "Billing the base endoscopy with a family member pays nothing extra for the base.",
                "MULT PROC",
                m,
                "multiple-procedure",
            )
        )
    elif m == "4":
        tips.append(
            _d(
                "Diagnostic imaging reduction: another imaging service in the same session reduces the "
                "lower-priced one's technical part by 50% (and professional part by 5%).",
                "Second imaging study in a session pays less; separate sessions need separate times documented.",
                "MULT PROC",
                m,
                "multiple-procedure",
            )
        )
    elif m == "5":
        tips.append(
            _d(
                "Therapy reduction: the practice-expense part of the second and later therapy services that "
                "day is paid at 50%.",
                "Subsequent therapy units pay less.",
                "MULT PROC",
                m,
                "multiple-procedure",
            )
        )
    elif m in ("6", "7"):
        pct = "25%" if m == "6" else "20%"
        tips.append(
            _d(
                f"The technical part of the second and later diagnostic tests of this kind the same day is "
                f"reduced by {pct}.",
                f"Subsequent tests' TC pays {pct} less.",
                "MULT PROC",
                m,
                "multiple-procedure",
            )
        )
    if not is_surgical(row):
        return tips
    b = row.bilat_surg.strip()
    if b == "1":
        tips.append(
            _d(
                f"Bilateral {code}: bill one line with modifier 50 and 1 unit (unless the MAC wants RT/LT "
                "lines); payment is 150%.",
                "Two lines or 2 units without 50 can pay 100% or be denied.",
                "BILAT SURG",
                b,
                "bilateral",
            )
        )
    elif b == "2":
        tips.append(
            _d(
                f"{code} is already valued as bilateral: do not add 50 or bill 2 units for both sides.",
                "Extra units/50 are not paid.",
                "BILAT SURG",
                b,
                "bilateral",
            )
        )
    elif b == "0":
        tips.append(
            _d(
                f"No bilateral payment for {code}: both sides together are paid at 100% of one.",
                "Billing 50 does not raise payment.",
                "BILAT SURG",
                b,
                "bilateral",
            )
        )
    elif b == "3":
        tips.append(
            _d(
                f"Each side of {code} pays 100%: bill RT and LT (or 50) as your MAC instructs.",
                "Both sides pay in full when billed per side.",
                "BILAT SURG",
                b,
                "bilateral",
            )
        )
    a = row.asst_surg.strip()
    if a == "1":
        tips.append(
            _d(
                f"Medicare never pays an assistant at surgery for {code}: do not bill 80/81/82/AS.",
                "Assistant claims are denied.",
                "ASST SURG",
                a,
                "assistant",
            )
        )
    elif a == "0":
        tips.append(
            _d(
                f"An assistant at surgery for {code} is paid only with documentation of medical necessity "
                "(16%, or 13.6% for a PA/NP with AS).",
                "Without the note, the assistant claim is denied.",
                "ASST SURG",
                a,
                "assistant",
            )
        )
    elif a == "2":
        tips.append(
            _d(
                f"An assistant at surgery for {code} is payable: 16% with 80/81/82, 13.6% for a PA/NP/CNS with AS.",
                "Bill the assistant on a separate claim line under their own NPI.",
                "ASST SURG",
                a,
                "assistant",
            )
        )
    c = row.co_surg.strip()
    if c in ("1", "2"):
        need = " with documentation of why two surgeons were needed" if c == "1" else ""
        tips.append(
            _d(
                f"Co-surgeons of different specialties may each bill {code} with 62{need}; each is paid 62.5%.",
                "Each surgeon must bill 62 and dictate their own operative note.",
                "CO-SURG",
                c,
                "co-surgery",
            )
        )
    t = row.team_surg.strip()
    if t in ("1", "2"):
        tips.append(
            _d(
                f"Team surgery (66) for {code} is paid by report: send the operative note.",
                "The MAC sets the amount after review.",
                "TEAM SURG",
                t,
                "team-surgery",
            )
        )
    return tips


def _supervision(row: RvuRow) -> list[Tip]:
    s = row.phys_supervision.strip()
    if s in ("02", "03"):
        level = "direct (physician in the office suite)" if s == "02" else "personal (physician in the room)"
        return [
            _d(
                f"{row.hcpcs} needs {level} supervision of the technical part: document who supervised.",
                "Missing supervision documentation is a common audit finding.",
                "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES",
                s,
                "supervision",
            )
        ]
    return []


def _opps(row: RvuRow, cap_applied: bool | None) -> list[Tip]:
    has_opps = row.opps_nonfacility_pe > 0 or row.opps_facility_pe > 0 or row.opps_mp > 0
    if cap_applied or (cap_applied is None and has_opps):
        return [
            _d(
                f"{row.hcpcs}'s technical payment is capped at the hospital outpatient (OPPS) rate where that is "
                "lower (Deficit Reduction Act imaging cap).",
                "Expect the lesser of the fee schedule and the OPPS cap, not the full PFS amount.",
                "OPPS PAYMENT AMOUNT",
                "(OPPSCAP)",
                "opps-cap",
            )
        ]
    return []


def _mue(row: RvuRow, mue: UnitLimit | None) -> list[Tip]:
    if mue is None:
        return []
    how = f" ({mue.adjudication})" if mue.adjudication else ""
    return [
        Tip(
            f"Medicare allows at most {mue.max_units} unit(s) of {row.hcpcs} per patient per day{how}.",
            "Units above the limit are denied for the whole line or the excess.",
            f"derived from {mue.source}",
            "derived",
            "units",
        )
    ]


def derived_tips(row: RvuRow, *, mue: UnitLimit | None = None, opps_cap_applied: bool | None = None) -> list[Tip]:
    """Every tip the row's indicators support. `opps_cap_applied`: None = unknown (use the row's OPPS RVUs)."""
    tips = _status(row)
    if row.not_used_for_medicare:
        tips.append(
            _d(
                f"CMS marks {row.hcpcs} 'not used for Medicare payment': the RVUs are there for other payers.",
                "Medicare pays nothing for it under the fee schedule.",
                "NOT USED FOR MEDICARE PAYMENT",
                "",
                "status",
            )
        )
    tips += _global(row) + _pctc(row) + _surgery(row) + _supervision(row) + _opps(row, opps_cap_applied)
    tips += _mue(row, mue)
    return tips
