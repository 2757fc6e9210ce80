"""Bilateral surgery (modifier 50, RT + LT lines, or 2 units) by the file's bilateral indicator.

RVU25D.pdf, "Bilateral Surgery (Modifier 50)": indicator 1 pays both sides at 150% of one side,
0 and 2 at 100% of one side, 3 at 100% for each side (200%); 9 = the concept does not apply.
The bilateral amount is settled before any multiple-procedure ranking, and the bilateral service
then ranks as ONE procedure.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bot.pricing.claim.model import WorkLine
from bot.pricing.indicators import BILAT_TEXT, describe
from bot.pricing.money import cents

PERCENT = {"1": Decimal(150), "0": Decimal(100), "2": Decimal(100), "3": Decimal(200)}
RULE = "bilateral"


def _why(ind: str, how: str) -> str:
    return f"Bilateral indicator {ind} ({how}): {describe(BILAT_TEXT, ind, 'Bilateral indicator')}"


def _side_row(w: WorkLine) -> str:
    return w.row.modifier if w.row is not None else ""


def pair_sides(lines: Sequence[WorkLine]) -> list[tuple[WorkLine, WorkLine]]:
    """RT and LT lines of the same code (and same 26/TC row), one unit each, paired in the order typed."""
    pairs: list[tuple[WorkLine, WorkLine]] = []
    open_: dict[tuple[str, str, str], WorkLine] = {}
    for w in lines:
        mods = w.modset
        if w.amount is None or w.row is None or w.units != 1 or "50" in mods:
            continue
        rt, lt = "RT" in mods, "LT" in mods
        side = "RT" if rt and not lt else "LT" if lt and not rt else ""
        if not side:
            continue
        other = "LT" if side == "RT" else "RT"
        key = (w.hcpcs, _side_row(w), other)
        match = open_.pop(key, None)
        if match is not None:
            pairs.append((match, w))
        else:
            open_.setdefault((w.hcpcs, _side_row(w), side), w)
    return pairs


def apply_bilateral(lines: Sequence[WorkLine]) -> None:
    for first, second in pair_sides(lines):
        _pair(first, second)
    for w in lines:
        if w.amount is None or w.row is None or w.unit_fee is None or w.pair is not None:
            continue
        if w.has("50"):
            _modifier_50(w, w.unit_fee)
        elif w.units == 2 and w.row.bilat_surg.strip() in ("1", "2", "3"):
            _two_units(w, w.unit_fee)


def _modifier_50(w: WorkLine, fee: Decimal) -> None:
    assert w.row is not None
    ind = w.row.bilat_surg.strip()
    if w.units > 1:
        w.notes.append(
            f"{w.label}: modifier 50 is billed with 1 unit (the bilateral adjustment covers both sides); "
            "priced as one bilateral service."
        )
    if ind not in PERCENT:
        w.set_amount(
            Decimal("0.00"),
            "not_allowed",
            Decimal(0),
            f"Modifier 50 is not allowed with {w.hcpcs}: bilateral indicator {ind} "
            f"({describe(BILAT_TEXT, ind, 'Bilateral indicator')}).",
        )
        return
    pct = PERCENT[ind]
    w.bilateral = True
    w.sides, w.side_scale = (2, Decimal(1)) if ind == "3" else (1, pct / 100)
    new = cents(fee * pct / 100)
    if new == w.amount:
        w.notes.append(f"{w.label}: {_why(ind, 'modifier 50')}")
    w.set_amount(new, RULE, pct, f"{_why(ind, 'modifier 50')} {pct}% of one side.")


def _two_units(w: WorkLine, fee: Decimal) -> None:
    assert w.row is not None
    ind = w.row.bilat_surg.strip()
    pct = PERCENT[ind]
    w.bilateral = True
    w.sides, w.side_scale = (2, Decimal(1)) if ind == "3" else (1, pct / 100)
    how = "2 units read as both sides, as RVU25D.pdf says; bill other sites with distinct anatomic modifiers"
    new = cents(fee * pct / 100)
    if new == w.amount:
        w.notes.append(f"{w.label}: {_why(ind, how)}")
    w.set_amount(new, RULE, pct, f"{_why(ind, how)} {pct}% of one side.")


def _pair(first: WorkLine, second: WorkLine) -> None:
    assert first.row is not None and first.unit_fee is not None and second.unit_fee is not None
    ind = first.row.bilat_surg.strip()
    if ind not in PERCENT:
        return  # concept does not apply: two separate services
    first.pair, second.pair = second, first
    first.bilateral = second.bilateral = True
    how = f"{first.label} and {second.label} on the same day"
    if ind == "1":
        second.side_scale = Decimal("0.5")
        second.set_amount(
            cents(second.unit_fee / 2),
            RULE,
            Decimal(50),
            f"{_why(ind, how)} The second side is paid at 50%, so both lines together are 150% of one side.",
        )
    elif ind in ("0", "2"):
        second.side_scale = Decimal(0)
        second.set_amount(
            Decimal("0.00"),
            RULE,
            Decimal(0),
            f"{_why(ind, how)} Both sides are paid as one code (100% of one side), on {first.label}.",
        )
    else:
        second.notes.append(f"{second.label}: {_why(ind, how)} Each side is paid at 100%.")
