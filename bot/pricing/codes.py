"""Finding a code in a fee schedule: the typed code checked, the RVU row to price (global, 26, TC or
53), and the closest valid codes when it is not there."""

from __future__ import annotations

import difflib

from bot.pricing import indicators as ind
from bot.pricing.errors import PricingError, UnknownCodeError, UnknownModifierError, shown
from bot.pricing.lines import CODE_FORMS, is_typed_code, normalise_code
from bot.pricing.schedule import FeeSchedule, RvuRow


def checked_code(code: str) -> str:
    """The code normalised, or PricingError when it is not even 5 letters or digits."""
    text = normalise_code(code)
    if not is_typed_code(text):
        raise PricingError(f"{shown(code)} is not a HCPCS/CPT code: codes are {CODE_FORMS}.")
    return text


def closest_codes(schedule: FeeSchedule, code: str, n: int = 5) -> tuple[str, ...]:
    """Valid codes closest to `code`: letter/digit look-alikes (O→0, I/L→1, S→5) first, then codes
    differing in the fewest positions (nearest in number), then difflib's similar strings."""
    codes = {h for h, _ in schedule.rvus}
    table = str.maketrans("OILSBZ", "011582")
    variants = (code.translate(table), code[:1] + code[1:].translate(table), code[:4].translate(table) + code[4:])
    target = next((v for v in variants if v in codes), variants[0] if code[:1].isdigit() else variants[1])
    found: list[str] = [target] if target in codes and target != code else []

    def distance(c: str) -> tuple[int, int, int]:
        kind = int(c[0].isdigit() != target[0].isdigit() or c[-1].isdigit() != target[-1].isdigit())
        diff = sum(a != b for a, b in zip(c, target, strict=True))
        gap = abs(int(c) - int(target)) if c.isdigit() and target.isdigit() else 0
        return kind, diff, gap

    near = sorted((c for c in codes if len(c) == len(target) and c not in found), key=lambda c: (*distance(c), c))
    found += [c for c in near[: n * 2] if distance(c)[1] <= 2]
    for c in difflib.get_close_matches(code, sorted(codes), n=n * 2, cutoff=0.6):
        if c not in found:
            found.append(c)
    return tuple(found[:n])


def _unknown_code(schedule: FeeSchedule, code: str) -> UnknownCodeError:
    near = closest_codes(schedule, code)
    hint = f" Closest valid codes: {', '.join(near)}." if near else ""
    return UnknownCodeError(f"{code} is not in {schedule.release.label}.{hint}", code, schedule.release.label, near)


def row_for(schedule: FeeSchedule, code: str, mods: tuple[str, ...]) -> tuple[RvuRow, str]:
    """The RVU row to price: the 26/TC/53 row when asked and present, else the global row."""
    wanted = next((m for m in mods if m in ("26", "TC")), "")
    if not wanted and "53" in mods and (code, "53") in schedule.rvus:
        wanted = "53"
    row = schedule.rvus.get((code, wanted))
    if row is not None:
        return row, wanted
    base = schedule.rvus.get((code, ""))
    if base is None:
        components = [m for h, m in schedule.rvus if h == code]
        if not components:
            raise _unknown_code(schedule, code)
        listed = " or ".join(f"{code} {m}" for m in sorted(components))
        raise UnknownModifierError(
            f"{code} is listed in {schedule.release.label} only as {listed}: ask for that component."
        )
    pctc = base.pctc_indicator.strip()
    raise UnknownModifierError(
        f"{code} has no {wanted} component in {schedule.release.label} (PC/TC indicator {pctc}: "
        f"{ind.describe(ind.PCTC_TEXT, pctc, 'PC/TC indicator')}) Bill {code} without 26/TC."
    )
