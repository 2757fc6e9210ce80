"""Tips from the PCTC IND column: professional (26) and technical (TC) components (RVU25D.pdf). Pure."""

from __future__ import annotations

from bot.pricing.schedule import RvuRow
from bot.pricing.tips.table import IndicatorTips
from bot.pricing.tips.types import Tip

_NO_26_TC = "A 26/TC modifier on this code gets the line rejected."

PCTC = IndicatorTips(
    "PCTC IND",
    "pctc",
    {
        "1": (
            "Bill {code} global (no modifier) only when your practice owns the equipment, employs the staff "
            "and interprets. Interpreting only (e.g. hospital or another entity's equipment): bill 26. "
            "Equipment and staff only, someone else reads: bill TC.",
            "Billing global from a hospital setting is denied or recouped; billing 26 when you own the "
            "equipment leaves the technical payment on the table.",
        ),
        "2": (
            "{code} is the professional (interpretation) component by itself: do not add 26 or TC.",
            _NO_26_TC,
        ),
        "3": (
            "{code} is the technical component by itself: do not add 26 or TC; the interpretation is a separate code.",
            _NO_26_TC,
        ),
        "4": (
            "{code} is a global-only test: separate codes exist for the interpretation and the technical "
            "part; bill those when the work is split.",
            "26/TC on this code is rejected.",
        ),
        "5": (
            "{code} is an incident-to service: not payable to the physician for hospital inpatients or outpatients.",
            "Billed for a hospital patient, it is denied.",
        ),
        "6": (
            "{code} pays only the physician's interpretation (bill with 26); the test itself is paid under "
            "the lab fee schedule.",
            "Without 26, or with TC, the line is rejected.",
        ),
        "8": (
            "{code} is paid only for interpreting an abnormal smear for a hospital inpatient.",
            "Outside that case it is not paid.",
        ),
    },
)


def pctc_tips(row: RvuRow) -> list[Tip]:
    return PCTC.tips(row.pctc_indicator.strip(), code=row.hcpcs)
