"""Which NCCI PTP-associated modifiers bypass an edit whose modifier indicator is 1.

From the NCCI Policy Manual (chapter I, "Modifiers and Modifier Indicators"): only indicator 1
edits can be bypassed, and only by these modifiers used as CMS intends:

* 59, XE, XS, XP, XU — a distinct procedural service; never on an E/M service (use 25/57 there).
  The modifier is normally appended to the column 2 code; claims systems accept it on either code.
* anatomic modifiers — the two services were on different sites: both lines carry anatomic
  modifiers and they name different sites (LT vs RT, F1 vs F2, LC vs LD, ...).
* 25, 57 (and 24, an unrelated E/M in a post-operative period) — on the E/M code of the pair.
  57 only where the other code is a major procedure (90-day global) when the fee schedule says so.
* 27 — multiple outpatient hospital E/M encounters: hospital outpatient edits only.
* 58, 78, 79 — staged / return to the operating room / unrelated procedure: on a procedure code.
* 91 — repeat clinical diagnostic laboratory test: on a laboratory code (80000–89999).

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.pricing.lines import ClaimLine
from bot.pricing.ncci.types import HOSPITAL

DISTINCT = frozenset({"59", "XE", "XS", "XP", "XU"})
ANATOMIC = frozenset(
    {"LT", "RT", "E1", "E2", "E3", "E4", "FA", *(f"F{i}" for i in range(1, 10)), "TA", *(f"T{i}" for i in range(1, 10))}
    | {"LC", "LD", "LM", "RC", "RI"}
)
EM_MODIFIERS = frozenset({"24", "25", "57"})
PROCEDURE_MODIFIERS = frozenset({"58", "78", "79"})
NCCI_ASSOCIATED = DISTINCT | ANATOMIC | EM_MODIFIERS | PROCEDURE_MODIFIERS | {"27", "91"}

INDICATOR_TEXT = {
    "0": "modifier indicator 0: no modifier allows both codes; the column 2 code is denied",
    "1": "modifier indicator 1: an NCCI-associated modifier (e.g. 59, XS, LT/RT, 25) allows both codes "
    "when clinically appropriate",
    "9": "modifier indicator 9: the edit does not apply (not applicable / deleted retroactively); both codes "
    "may be paid",
}


def is_em(code: str) -> bool:
    """Evaluation and management services (CPT 99202–99499)."""
    return code.isdigit() and 99202 <= int(code) <= 99499


def is_lab(code: str) -> bool:
    return code.isdigit() and 80000 <= int(code) <= 89999


@dataclass(frozen=True, slots=True)
class Bypass:
    bypassed: bool
    reason: str  # why it is (or is not) bypassed, in plain English


def _anatomic_bypass(a: ClaimLine, b: ClaimLine) -> str | None:
    sites_a = ANATOMIC.intersection(a.modifiers)
    sites_b = ANATOMIC.intersection(b.modifiers)
    if sites_a and sites_b and sites_a.isdisjoint(sites_b):
        return (
            f"different anatomic sites ({'/'.join(sorted(sites_a))} on {a.hcpcs}, "
            f"{'/'.join(sorted(sites_b))} on {b.hcpcs})"
        )
    return None


def bypass(
    indicator: str,
    column1: ClaimLine,
    column2: ClaimLine,
    *,
    setting: str,
    global_days: Callable[[str], str | None] = lambda code: None,
) -> Bypass:
    """Whether the modifiers on the two lines bypass an edit with this modifier indicator."""
    if indicator == "9":
        return Bypass(True, "the edit is not applicable (modifier indicator 9)")
    given = sorted(NCCI_ASSOCIATED.intersection(column1.modifiers + column2.modifiers))
    if indicator == "0":
        if given:
            return Bypass(False, f"modifier indicator 0: {', '.join(given)} cannot bypass this edit")
        return Bypass(False, "modifier indicator 0: no modifier can bypass this edit")
    if indicator != "1":
        return Bypass(False, f"unknown modifier indicator {indicator!r}")
    anatomic = _anatomic_bypass(column1, column2)
    if anatomic:
        return Bypass(True, f"bypassed: {anatomic}")
    for line, other in ((column2, column1), (column1, column2)):
        for mod in line.modifiers:
            reason = _line_bypass(mod, line, other, setting=setting, global_days=global_days)
            if reason:
                return Bypass(True, f"bypassed by modifier {mod} on {line.hcpcs}: {reason}")
    if given:
        return Bypass(False, f"{', '.join(given)} as given does not bypass this edit; " + _hint(column1, column2))
    return Bypass(False, "not bypassed: no NCCI-associated modifier given; " + _hint(column1, column2))


def _line_bypass(
    mod: str,
    line: ClaimLine,
    other: ClaimLine,
    *,
    setting: str,
    global_days: Callable[[str], str | None],
) -> str | None:
    if mod in DISTINCT:
        return None if is_em(line.hcpcs) else "distinct procedural service"
    if mod in {"25", "24"}:
        return "significant, separately identifiable E/M service" if is_em(line.hcpcs) else None
    if mod == "57":
        if not is_em(line.hcpcs):
            return None
        days = global_days(other.hcpcs)
        if days is not None and days != "090":
            return None
        return "decision for major surgery"
    if mod == "27":
        return "separate hospital outpatient E/M encounter" if setting == HOSPITAL and is_em(line.hcpcs) else None
    if mod in PROCEDURE_MODIFIERS:
        return None if is_em(line.hcpcs) else "staged, return to the operating room, or unrelated procedure"
    if mod == "91":
        return "repeat clinical diagnostic laboratory test" if is_lab(line.hcpcs) else None
    return None


def _hint(column1: ClaimLine, column2: ClaimLine) -> str:
    if is_em(column1.hcpcs) or is_em(column2.hcpcs):
        em = column1.hcpcs if is_em(column1.hcpcs) else column2.hcpcs
        return f"if the E/M service is significant and separately identifiable, append 25 to {em}"
    return (
        f"if the services were distinct (separate site, session or encounter), append 59 or XE/XS/XP/XU "
        f"to {column2.hcpcs}, or anatomic modifiers to both codes"
    )
