"""Who billed the line: co-surgeon (62), team (66), assistant (80/81/82/AS), non-physician practitioner,
and status T; each checked against the file's indicator (RVU25D.pdf) before it is paid.

Order (Claims Processing Manual ch.12 §40): the bilateral amount first, then the surgeon's share
(62.5% co-surgeon, 16% assistant, 13.6% non-physician assistant), then the multiple-procedure
ranking on those amounts; the non-physician practitioner's 85% last.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bot.pricing.claim.model import Adjustment, WorkLine
from bot.pricing.indicators import ASST_TEXT, CO_SURG_TEXT, TEAM_SURG_TEXT, describe
from bot.pricing.modifiers import PCT_ASSISTANT, PCT_ASSISTANT_NPP, PCT_CO_SURGEON, PCT_NPP
from bot.pricing.money import cents

ASSISTANT = ("80", "81", "82", "AS")
SURGEON_MODIFIERS = frozenset({*ASSISTANT, "51", "62", "66"})


def _not_allowed(w: WorkLine, why: str) -> None:
    w.set_amount(Decimal("0.00"), "not_allowed", Decimal(0), why)


def _share(w: WorkLine, pct: Decimal) -> Decimal:
    """The line's amount at `pct`, rounded per unit as a single quote is."""
    assert w.amount is not None
    if w.bilateral or w.units == 1:
        return cents(w.amount * pct)
    return cents(w.amount / w.units * pct) * w.units


def apply_status_t(lines: Sequence[WorkLine]) -> None:
    others = [w for w in lines if w.row is not None and w.row.status != "T" and (w.amount or 0) > 0]
    if not others:
        return
    for w in lines:
        if w.row is not None and w.row.status == "T":
            w.set_amount(
                Decimal("0.00"),
                "status_t",
                Decimal(0),
                f"Status T: {w.hcpcs} is paid only when no other fee-schedule service is billed that day "
                f"by the same provider, and {others[0].label} is.",
            )


def apply_surgeons(lines: Sequence[WorkLine]) -> None:
    for w in lines:
        if w.amount is None or w.row is None:
            continue
        row = w.row
        mods = w.modset
        if mods.isdisjoint(SURGEON_MODIFIERS):
            continue
        assistant = [m for m in ASSISTANT if m in mods]
        if w.has("51") and row.global_days.strip() == "ZZZ":
            w.notes.append(f"{w.label}: add-on codes are exempt from the multiple-procedure rule; 51 has no effect.")
        if w.has("62") and assistant:
            _not_allowed(w, f"62 with {assistant[0]}: one surgeon is paid as co-surgeon or as assistant, not both.")
            continue
        if w.has("62") and w.has("66"):
            _not_allowed(w, "62 with 66: a co-surgeon and a surgical team cannot be billed on the same line.")
            continue
        if len(assistant) > 1:
            w.notes.append(f"{w.label}: {' and '.join(assistant)} on one line; priced once, as {assistant[0]}.")
        if w.has("62"):
            ind = row.co_surg.strip()
            why = describe(CO_SURG_TEXT, ind, "Co-surgery indicator")
            if ind not in ("1", "2"):
                _not_allowed(w, f"Modifier 62 is not allowed with {w.hcpcs}: co-surgery indicator {ind} ({why})")
                continue
            w.share = PCT_CO_SURGEON
            w.set_amount(_share(w, PCT_CO_SURGEON), "co_surgery", Decimal("62.5"), f"Co-surgeon: 62.5% each. {why}")
        elif w.has("66"):
            ind = row.team_surg.strip()
            why = describe(TEAM_SURG_TEXT, ind, "Team-surgery indicator")
            if ind not in ("1", "2"):
                _not_allowed(w, f"Modifier 66 is not allowed with {w.hcpcs}: team-surgery indicator {ind} ({why})")
                continue
            reason = f"Team surgery (indicator {ind}): paid by report, the MAC sets the amount. {why}"
            w.adjustments.append(Adjustment("team_surgery", None, -w.amount, reason))
            w.amount = None
        elif assistant:
            mod = assistant[0]
            ind = row.asst_surg.strip()
            why = describe(ASST_TEXT, ind, "Assistant-at-surgery indicator")
            if ind not in ("0", "2"):
                _not_allowed(w, f"Modifier {mod} is not allowed with {w.hcpcs}: assistant indicator {ind} ({why})")
                continue
            pct = PCT_ASSISTANT_NPP if mod == "AS" else PCT_ASSISTANT
            who = (
                "Non-physician assistant at surgery: 13.6% (85% of 16%)" if mod == "AS" else "Assistant at surgery: 16%"
            )
            w.share = pct
            w.set_amount(_share(w, pct), "assistant_at_surgery", pct * 100, f"{who}. {why}")


def apply_npp(lines: Sequence[WorkLine]) -> None:
    for w in lines:
        if w.amount is None or w.row is None or w.amount == 0:
            continue
        if w.has("AS"):
            w.notes.append(f"{w.label}: the AS rate (13.6%) already includes the 85% non-physician rate.")
            continue
        w.set_amount(
            cents(w.amount * PCT_NPP),
            "npp",
            PCT_NPP * 100,
            "Non-physician practitioner (NP, PA, CNS) billing under their own NPI: 85% of the amount.",
        )
