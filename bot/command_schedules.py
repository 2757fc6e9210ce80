"""The `/cpt` words for the other fee schedules. Pure; used by `bot.command`.

    /cpt 80053 clfs | J3301 units:4 | E0601 zip:77002 rural | 29881 asc | 29881 opps
    /cpt 00142 QK base:4 minutes:45 [induction]
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

SCHEDULE_WORDS = {
    "pfs": "pfs",
    "clfs": "clfs",
    "lab": "clfs",
    "asp": "asp",
    "drug": "asp",
    "dmepos": "dmepos",
    "dme": "dmepos",
    "anes": "anes",
    "anesthesia": "anes",
    "opps": "opps",
    "asc": "asc",
}
FLAG_WORDS = frozenset({"rural", "induction"})
OPTION_KEYS = ("base", "minutes", "mins", "min", "time")


def parse_base(value: str) -> Decimal | None:
    """Anesthesia base units (0–100), or None when `value` is not one."""
    try:
        base = Decimal(value)
    except InvalidOperation:
        return None
    return base if base.is_finite() and 0 <= base <= 100 else None


def parse_minutes(value: str) -> int | None:
    """Anesthesia minutes (0–1440), or None when `value` is not one."""
    return int(value) if value.isdigit() and int(value) <= 24 * 60 else None
