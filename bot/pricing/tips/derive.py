"""Tips derived from the RVU row's own indicators (RVU25D.pdf), for every code. Pure.

One module per group of columns: `status.py`, `global_period.py`, `components.py` (PCTC), `surgery.py`;
the supervision, OPPS-cap and unit-limit tips are here.
"""

from __future__ import annotations

from bot.pricing.schedule import RvuRow
from bot.pricing.tips.components import pctc_tips
from bot.pricing.tips.global_period import global_tips
from bot.pricing.tips.status import status_tips
from bot.pricing.tips.surgery import is_surgical, surgery_tips
from bot.pricing.tips.table import IndicatorTips, derived_tip
from bot.pricing.tips.types import Tip, UnitLimit

__all__ = ["derived_tips", "is_surgical"]

SUPERVISION = IndicatorTips(
    "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES",
    "supervision",
    {
        "02": (
            "{code} needs direct (physician in the office suite) supervision of the technical part: "
            "document who supervised.",
            "Missing supervision documentation is a common audit finding.",
        ),
        "03": (
            "{code} needs personal (physician in the room) supervision of the technical part: document who supervised.",
            "Missing supervision documentation is a common audit finding.",
        ),
    },
)


def _opps(row: RvuRow, cap_applied: bool | None) -> list[Tip]:
    has_opps = row.opps_nonfacility_pe > 0 or row.opps_facility_pe > 0 or row.opps_mp > 0
    if cap_applied or (cap_applied is None and has_opps):
        return [
            derived_tip(
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
            "unit-limit",
        )
    ]


def derived_tips(row: RvuRow, *, mue: UnitLimit | None = None, opps_cap_applied: bool | None = None) -> list[Tip]:
    """Every tip the row's indicators support. `opps_cap_applied`: None = unknown (use the row's OPPS RVUs)."""
    return (
        status_tips(row)
        + global_tips(row)
        + pctc_tips(row)
        + surgery_tips(row)
        + SUPERVISION.tips(row.phys_supervision.strip(), code=row.hcpcs)
        + _opps(row, opps_cap_applied)
        + _mue(row, mue)
    )
