"""The claim part of a /cpt reply with several lines (issue 11 §2): each line's fee schedule amount,
what Medicare's claim rules did to it, the bundling / MUE / add-on findings that concern it, and the
total allowed. Text only (mrkdwn lines); the caller escapes and places them."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from bot.pricing.claim import Claim, ClaimLineResult

RULE_NAMES = {
    "bilateral": "Bilateral",
    "not_allowed": "Not allowed",
    "status_t": "Status T",
    "co_surgery": "Co-surgeon",
    "team_surgery": "Team surgery",
    "assistant_at_surgery": "Assistant at surgery",
    "endoscopy": "Endoscopy family",
    "endoscopy_base": "Endoscopy base",
    "multiple_procedure": "Multiple procedures",
    "imaging_tc": "Imaging TC",
    "imaging_pc": "Imaging PC",
    "cardiovascular_tc": "Cardiovascular TC",
    "ophthalmology_tc": "Ophthalmology TC",
    "therapy_pe": "Therapy PE",
    "npp": "NPP",
}


def money(value: Decimal | None) -> str:
    return "priced by the MAC" if value is None else f"${value:,.2f}"


def _pct(value: Decimal | None) -> str:
    return "" if value is None else f" {value.normalize():f}%"


def _code_of(line: Any) -> str:
    return str(getattr(line, "hcpcs", None) or getattr(line, "code", ""))


def line_findings(line: ClaimLineResult, bundling: Any | None) -> list[str]:
    """The NCCI findings that concern this line: a PTP edit on it as column 2, its MUE, its add-on check."""
    if bundling is None:
        return []
    out: list[str] = []
    for p in bundling.pairs:
        if _code_of(p.column2) == line.hcpcs and tuple(p.column2.modifiers) == line.modifiers:
            out.append(p.message)
    for m in bundling.mue:
        if m.code == line.hcpcs and m.exceeded:
            out.append(m.statement)
    for a in bundling.addon:
        if a.code == line.hcpcs and a.eligible is not True:
            out.append(a.message)
    return out


def claim_lines(claim: Claim, bundling: Any | None, esc: Callable[[object], str]) -> list[str]:
    """mrkdwn lines: the total, then per line its fee → allowed, each adjustment and each finding."""
    setting = "facility" if claim.setting == "facility" else "non-facility"
    n = len(claim.lines)
    out = [
        f"*Claim: {n} line{'s' if n != 1 else ''}, total allowed {money(claim.total_allowed)}* "
        f"({esc(claim.release)} · {esc(claim.locality)} · {setting})"
    ]
    for ln in claim.lines:
        head = f"*{esc(ln.line)}*  fee schedule {money(ln.fee_schedule_amount)}"
        if ln.adjustments or ln.allowed_amount != ln.fee_schedule_amount:
            head += f" → allowed *{money(ln.allowed_amount)}*"
        out.append(head)
        for a in ln.adjustments:
            name = RULE_NAMES.get(a.rule, a.rule)
            out.append(f"      ↳ {esc(name)}{_pct(a.percent)} ({a.amount:+,.2f}): {esc(a.reason)}")
        for f in line_findings(ln, bundling):
            out.append(f"      :warning: {esc(f)}")
    return out
