"""Medicare fee schedules beyond the PFS: lab (CLFS), Part B drugs (ASP), DMEPOS/PEN, anesthesia,
and the facility side (OPPS Addendum B, ASC Addenda AA/BB). PURE: no I/O, mypy --strict.

`types.py` holds the immutable snapshots `storage/` builds from the imported CMS files; one module
per schedule prices a code from its snapshot (`price_clfs`, `price_asp`, ...), returning a
`ScheduleQuote` with the schedule, release, file:line provenance, a confidence and the amount;
`releases.py` picks each schedule's release in force for the date of service, `pick.py` decides
which schedule answers when none is asked, and `output.py` turns quotes into JSON and CSV rows.
"""

from bot.pricing.schedules.types import (
    ANES,
    ASC,
    ASP,
    CLFS,
    DMEPOS,
    OPPS,
    PFS,
    SCHEDULE_NAMES,
    AscRow,
    AscSchedule,
    AspRow,
    AspSchedule,
    ClfsRow,
    ClfsSchedule,
    DmeposRow,
    DmeposSchedule,
    OppsRow,
    OppsSchedule,
    ScheduleQuote,
    ScheduleRelease,
)

__all__ = [
    "ANES",
    "ASC",
    "ASP",
    "CLFS",
    "DMEPOS",
    "OPPS",
    "PFS",
    "SCHEDULE_NAMES",
    "AscRow",
    "AscSchedule",
    "AspRow",
    "AspSchedule",
    "ClfsRow",
    "ClfsSchedule",
    "DmeposRow",
    "DmeposSchedule",
    "OppsRow",
    "OppsSchedule",
    "ScheduleQuote",
    "ScheduleRelease",
]
