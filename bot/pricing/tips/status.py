"""Tips from the STATUS CODE column and the NOT USED FOR MEDICARE PAYMENT flag (RVU25D.pdf). Pure."""

from __future__ import annotations

from bot.pricing.schedule import RvuRow
from bot.pricing.tips.table import IndicatorTips, derived_tip
from bot.pricing.tips.types import Tip

_NOT_VALID = (
    "{code} is not valid for Medicare: Medicare pays for this service under a different code (often a HCPCS G-code).",
    "Billed to Medicare as is, it is rejected.",
)

STATUS = IndicatorTips(
    "STATUS CODE",
    "status",
    {
        "B": (
            "{code} is bundled: Medicare never pays it separately; its payment is part of the service "
            "it supports. Report it only if the payer wants it for data.",
            "Billed on its own it pays $0 and may trigger a denial.",
        ),
        "T": (
            "{code} is paid only when no other fee-schedule service is billed by the same provider that day.",
            "Billed with a visit or procedure the same day, it is bundled and pays $0.",
        ),
        "C": (
            "{code} is carrier-priced: send the operative/procedure note (and invoice if supplies drive cost) "
            "so the MAC can price it; compare with a similar valued code in your charge.",
            "Claims without documentation are priced low or pended.",
        ),
        "R": (
            "{code} has restricted coverage: check the MAC's coverage instructions before billing.",
            "Outside the covered circumstances the claim is denied.",
        ),
        "N": (
            "Medicare does not cover {code} (a non-covered service): if you bill it, add GY so the claim is denied "
            "for secondary insurance. An ABN is for services Medicare usually covers but is expected to deny as "
            "not reasonable and necessary, so it is not required here; a voluntary notice of the cost is good "
            "practice.",
            "Without GY the denial is unclear to secondary payers; the patient can be billed for a non-covered "
            "service without an ABN.",
        ),
        "I": _NOT_VALID,
        "G": _NOT_VALID,
        "X": (
            "{code} is outside the physician fee schedule by statute (e.g. lab or ambulance): bill it under "
            "its own fee schedule.",
            "Not payable under the physician fee schedule.",
        ),
        "E": (
            "{code} is excluded from the physician fee schedule by regulation; if covered it is paid under "
            "other rules.",
            "No fee-schedule amount.",
        ),
        "M": (
            "{code} is a measurement (quality) code: report it for MIPS with a nominal charge.",
            "Pays $0; omitting it can cost quality points.",
        ),
        "J": (
            "{code} is an anesthesia code: paid with base units plus time units × the anesthesia CF, not RVUs.",
            "The physician fee schedule RVU amount does not apply.",
        ),
        "P": (
            "{code} has no separate payment: bundled when incident to a physician service, otherwise paid "
            "under another benefit.",
            "Pays $0 under the fee schedule.",
        ),
    },
)


def _category_iii(row: RvuRow) -> list[Tip]:
    """Category III CPT codes (four digits and T): emerging technology, mostly priced by the MAC."""
    if not (len(row.hcpcs) == 5 and row.hcpcs[:4].isdigit() and row.hcpcs[4] == "T"):
        return []
    return [
        derived_tip(
            f"{row.hcpcs} is a Category III (emerging technology) code; under status {row.status} your MAC "
            "decides coverage and price. When you expect Medicare to deny it as not reasonable and necessary "
            "(e.g. the MAC's LCD calls it investigational), give the patient an ABN before the service and bill "
            "with GA; with no ABN on file, GZ.",
            "Without a valid ABN the practice, not the patient, carries a not-reasonable-and-necessary denial.",
            "HCPCS (Category III code) with STATUS CODE",
            row.status,
            "abn",
        )
    ]


def status_tips(row: RvuRow) -> list[Tip]:
    """The status code's tip, the Category III (ABN) tip, then the 'not used for Medicare payment' one."""
    tips = STATUS.tips(row.status, code=row.hcpcs) + _category_iii(row)
    if row.not_used_for_medicare:
        tips.append(
            derived_tip(
                f"CMS marks {row.hcpcs} 'not used for Medicare payment': the RVUs are there for other payers.",
                "Medicare pays nothing for it under the fee schedule.",
                "NOT USED FOR MEDICARE PAYMENT",
                "",
                "status",
            )
        )
    return tips
