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
            "Medicare does not cover {code}: get a signed ABN only if you expect Medicare may cover it (GA), "
            "otherwise bill with GY when the patient needs a denial for secondary insurance.",
            "Without the right modifier or notice, the practice may be unable to bill the patient.",
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


def status_tips(row: RvuRow) -> list[Tip]:
    """The status code's tip, then the 'not used for Medicare payment' one when CMS flags the row."""
    tips = STATUS.tips(row.status, code=row.hcpcs)
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
