"""Multiple surgery (indicators 1, 2, 3) and multiple endoscopy families, as RVU25D.pdf describes them.

- Each procedure is ranked by its fee schedule amount (a bilateral service as one procedure, at its
  bilateral amount; each unit of a code billed with units > 1 as one procedure). Indicator 2 pays
  100% for the highest, 50% for each other; indicator 1 pays 100, 50, 25, 25, 25%.
- Indicator 3 (endoscopy): within a family (same Endobase) the highest endoscopy is paid in full and
  each other one its amount minus the base procedure's; the base billed with a family member is not
  paid separately. The family then ranks as one procedure with the other surgery of the day.
- Add-on codes (global ZZZ) and indicators 0, 4-9 are not ranked here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from bot.pricing.claim.model import WorkLine
from bot.pricing.money import cents, money_str

RANKED = frozenset({"1", "2", "3"})
PRE_1995 = (Decimal(100), Decimal(50), Decimal(25), Decimal(25), Decimal(25))
BY_REPORT_AFTER = 5


@dataclass(slots=True, eq=False)
class Procedure:
    """One procedure for ranking: the line(s) it is billed on, each with its share of the value."""

    members: list[tuple[WorkLine, Decimal]]
    family: str = ""  # the endoscopy family (Endobase) once collapsed into one procedure
    parts: list[Procedure] = field(default_factory=list)

    @property
    def value(self) -> Decimal:
        return sum((share for _, share in self.members), Decimal(0))

    @property
    def first(self) -> WorkLine:
        return self.members[0][0]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _ranked(w: WorkLine) -> bool:
    return (
        w.amount is not None
        and w.row is not None
        and w.row.mult_proc.strip() in RANKED
        and w.row.global_days.strip() != "ZZZ"
    )


def procedures(lines: Sequence[WorkLine]) -> list[Procedure]:
    """The day's surgical procedures: bilateral services and RT/LT pairs as one, other units one each."""
    out: list[Procedure] = []
    seen: set[int] = set()
    for w in lines:
        if not _ranked(w) or w.index in seen or w.amount is None:
            continue
        seen.add(w.index)
        if w.pair is not None and w.pair.amount is not None:
            seen.add(w.pair.index)
            out.append(Procedure([(w, w.amount), (w.pair, w.pair.amount)]))
        elif w.bilateral or w.units == 1:
            out.append(Procedure([(w, w.amount)]))
        else:
            out.extend(Procedure([(w, w.amount / w.units)]) for _ in range(w.units))
    return [p for p in out if p.value > 0]


def apply_endoscopy(procs: list[Procedure], base_fee: Callable[[str], Decimal | None]) -> list[Procedure]:
    """Collapse each endoscopy family with 2+ procedures into one procedure, reducing its members."""
    families: dict[str, list[Procedure]] = {}
    for p in procs:
        row = p.first.row
        if row is not None and row.mult_proc.strip() == "3" and row.endo_base.strip():
            families.setdefault(row.endo_base.strip(), []).append(p)
    out = list(procs)
    for base, members in families.items():
        bases = [p for p in procs if p.first.hcpcs == base and p not in members]
        if len(members) + len(bases) < 2:
            continue
        fee = base_fee(base)
        if fee is None:
            for p in members:
                p.first.notes.append(
                    f"{p.first.label}: endoscopy base {base} has no fee-schedule amount here, so the family "
                    "rule could not be applied; ranked as a standard procedure."
                )
            continue
        members.sort(key=lambda p: p.value, reverse=True)
        top = members[0]
        for p in members[1:]:
            _reduce(
                p,
                min(p.value, fee),
                "endoscopy",
                f"Multiple endoscopy (indicator 3, family base {base}): paid its amount minus the base "
                f"procedure's ${money_str(fee)}; the highest endoscopy of the family, {top.first.label}, "
                "is paid in full.",
            )
        for p in bases:
            _reduce(
                p,
                p.value,
                "endoscopy_base",
                f"Base endoscopy {base} billed with another endoscopy of its family ({top.first.label}) is not paid "
                "separately: its payment is included in the other endoscopy (RVU25D.pdf, indicator 3).",
            )
        family = Procedure([m for p in members + bases for m in p.members], family=base, parts=members + bases)
        out = [p for p in out if p not in members and p not in bases]
        out.append(family)
    return out


def _reduce(p: Procedure, take: Decimal, rule: str, reason: str) -> None:
    """Take `take` dollars from the procedure's lines, first line first, never below 0."""
    left = take
    new: list[tuple[WorkLine, Decimal]] = []
    for w, share in p.members:
        cut = min(share, left)
        left -= cut
        if cut:
            w.add_adjustment(rule, Decimal(0) if rule == "endoscopy_base" else None, -cents(cut), reason)
        new.append((w, share - cut))
    p.members = new


def apply_multiple_surgery(lines: Sequence[WorkLine], base_fee: Callable[[str], Decimal | None]) -> None:
    procs = apply_endoscopy(procedures(lines), base_fee)
    procs = [p for p in procs if p.value > 0]
    if len(procs) < 2:
        return
    ranked = sorted(procs, key=lambda p: p.value, reverse=True)  # stable: ties keep the order typed
    n = len(ranked)
    families = {w.index: p.family for p in ranked if p.family for w, _ in p.members}
    buckets: dict[tuple[int, Decimal], tuple[WorkLine, Decimal, list[int], str]] = {}
    for rank, p in enumerate(ranked):
        for w, share in p.members:
            assert w.row is not None
            ind = w.row.mult_proc.strip()
            pct = PRE_1995[min(rank, 4)] if ind == "1" else (Decimal(100) if rank == 0 else Decimal(50))
            key = (w.index, pct)
            prev = buckets.get(key)
            ranks = (prev[2] if prev else []) + ([rank + 1] if not prev or prev[2][-1] != rank + 1 else [])
            buckets[key] = (w, (prev[1] if prev else Decimal(0)) + share, ranks, ind)
    by_report = False
    for (_, pct), (w, total, ranks, ind) in buckets.items():
        if pct == 100:
            continue
        where = ", ".join(ordinal(r) for r in ranks)
        family = families.get(w.index, "")
        what = f" (endoscopy family {family}, ranked as one procedure)" if family else ""
        scale = "100, 50, 25, 25, 25%" if ind == "1" else "100% for the highest, 50% for each other"
        w.add_adjustment(
            "multiple_procedure",
            pct,
            cents(total * pct / 100) - total,
            f"Multiple procedures (indicator {ind}: {scale}): {w.label}{what} "
            f"ranks {where} of {n} by fee schedule amount, paid at {pct}%.",
        )
        by_report = by_report or max(ranks) > BY_REPORT_AFTER
    if by_report:
        ranked[0].first.notes.append(
            f"More than {BY_REPORT_AFTER} procedures: RVU25D.pdf pays the sixth and later 'by report' (the MAC may "
            "price them on the operative note); they are shown at the standard percentage."
        )
