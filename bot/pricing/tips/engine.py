"""`tips_for`: derived tips first (from the indicators), then curated ones for the code's family. Pure."""

from __future__ import annotations

from typing import Any

from bot.pricing.schedule import RvuRow
from bot.pricing.tips.curated import CuratedTips, load_packaged
from bot.pricing.tips.derive import derived_tips
from bot.pricing.tips.types import Tip, UnitLimit

PACKAGED: CuratedTips = load_packaged()  # read once, at import


def tips_for(
    row: RvuRow,
    *,
    curated: CuratedTips | None = None,
    mue: UnitLimit | None = None,
    opps_cap_applied: bool | None = None,
) -> list[Tip]:
    """Tips for the code in `row` (an RVU row from the fee schedule, e.g. `quote.row`).

    `curated`: the curated set (None = the tips shipped with billbot; `CuratedTips(())` for none);
    `mue`: the code's unit limit when the caller has NCCI data; `opps_cap_applied`: from the quote when known
    (`quote.cap_applied`), else None to decide from the row's OPPS RVUs.
    """
    tips = derived_tips(row, mue=mue, opps_cap_applied=opps_cap_applied)
    curated = PACKAGED if curated is None else curated
    if curated.families:
        return merge_tips(tips, curated.for_code(row.hcpcs))
    return tips


def merge_tips(derived: list[Tip], curated: list[Tip]) -> list[Tip]:
    """Derived tips then curated ones, one tip per advice key: a curated tip (written for the code
    family, with its source) takes the place of a derived tip giving the same advice."""
    by_key = {t.advice_key: t for t in reversed(curated)}  # the first curated tip per key
    out: list[Tip] = []
    used: set[str] = set()
    for t in derived:
        key = t.advice_key
        if key in used:
            continue
        out.append(by_key.get(key, t))
        used.add(key)
    for t in curated:
        if t.advice_key not in used:
            out.append(t)
            used.add(t.advice_key)
    return out


def tips_json(tips: list[Tip]) -> list[dict[str, Any]]:
    return [{"text": t.text, "impact": t.impact, "source": t.source, "kind": t.kind, "topic": t.topic} for t in tips]
