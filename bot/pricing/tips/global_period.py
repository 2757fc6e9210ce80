"""Tips from the GLOB DAYS column: add-on codes and global surgical periods (RVU25D.pdf). Pure."""

from __future__ import annotations

from bot.pricing.schedule import RvuRow
from bot.pricing.tips.table import IndicatorTips
from bot.pricing.tips.types import Tip

_IN_PERIOD = "Visits and procedures in the global period without the right modifier are denied as included."
_STAGED_RETURN_UNRELATED = (
    "58 for a staged or related procedure, 78 for an unplanned return to the OR and 79 for an unrelated procedure."
)

GLOBAL_DAYS = IndicatorTips(
    "GLOB DAYS",
    "global",
    {
        "010": (
            "{code} has a 10-day global period: related visits on the day of surgery and for 10 days after are "
            "included. Use 24 for an unrelated visit in the period, 25 for a significant, separately identifiable "
            "visit on the day of the procedure, " + _STAGED_RETURN_UNRELATED,
            _IN_PERIOD,
        ),
        "090": (
            "{code} has a 90-day global period: related visits on the day of surgery and the day before and for 90 "
            "days after are included. Use 24 for an unrelated visit in the period, 57 for the visit where the "
            "decision to operate was made, " + _STAGED_RETURN_UNRELATED,
            _IN_PERIOD,
        ),
        "000": (
            "{code} has a 0-day global: a visit the same day is included unless it is significant and "
            "separately identifiable (then modifier 25 on the E/M, with its own documentation).",
            "A same-day E/M without 25 is denied as part of the procedure.",
        ),
        "YYY": (
            "The MAC sets the global period for {code}: check its pricing before billing follow-up visits.",
            "Follow-up visits may be included or not depending on the MAC.",
        ),
    },
)

ADD_ON = IndicatorTips(
    "GLOB DAYS",
    "add-on",
    {
        "ZZZ": (
            "{code} is an add-on code: bill it only with its primary procedure, same provider, same date, "
            "on the same claim; never alone.",
            "An add-on billed without its primary is denied.",
        )
    },
)


def global_tips(row: RvuRow) -> list[Tip]:
    days = row.global_days.strip()
    return ADD_ON.tips(days, code=row.hcpcs) + GLOBAL_DAYS.tips(days, code=row.hcpcs)
