"""Which schedule answers when none is asked. Pure.

The physician fee schedule where the code is payable there; otherwise the schedule that lists it,
in this order: CLFS (lab tests), ASP (drugs), DMEPOS (supplies and equipment). Anesthesia codes
(00100–01999) go to the anesthesia calculation when base units or minutes are given. The facility
schedules (OPPS, ASC) answer only when asked: they are what the facility is paid, not the physician.
When nothing lists the code, the PFS answers (it explains the status, or says the code is unknown).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.pricing.errors import PricingError
from bot.pricing.schedules.anes import is_anesthesia_code
from bot.pricing.schedules.types import ANES, ASP, CLFS, DMEPOS, PFS, SCHEDULE_NAMES

DEFAULT_ORDER = (CLFS, ASP, DMEPOS)


def schedule_named(text: str) -> str:
    """ "clfs" → "CLFS"; raises PricingError for a name billbot does not know."""
    name = text.strip().upper()
    if name in ("ANESTHESIA", "ANE"):
        name = ANES
    if name not in SCHEDULE_NAMES:
        raise PricingError(
            f"Unknown schedule {text.strip()!r}: use one of {', '.join(s.lower() for s in SCHEDULE_NAMES)}."
        )
    return name


def pick_schedule(
    code: str,
    *,
    asked: str | None = None,
    pfs_payable: bool = False,
    listed_in: Iterable[str] = (),
    anesthesia_inputs: bool = False,
) -> str:
    """The schedule that answers for `code` (see the module docstring)."""
    if asked:
        return schedule_named(asked)
    if anesthesia_inputs and is_anesthesia_code(code.strip().upper()):
        return ANES
    if pfs_payable:
        return PFS
    listed = set(listed_in)
    for name in DEFAULT_ORDER:
        if name in listed:
            return name
    return PFS
