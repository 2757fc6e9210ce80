"""Session reductions of diagnostic tests and therapy, by multiple-procedure indicator (RVU25D.pdf).

- 4, diagnostic imaging in one session, same Diagnostic Imaging Family (88): rank the technical
  components by their TC amount, 100% for the highest, 50% for each other; the professional
  components by their PC amount, 100% then 95%. A global service is reduced in its TC and PC parts.
- 6, diagnostic cardiovascular: the TC of the second and later services at 75% (25% off).
- 7, diagnostic ophthalmology: the TC of the second and later services at 80% (20% off).
- 5, therapy: the practice expense of every unit after the one with the highest PE at 50%;
  work and malpractice in full.
Each side of a bilateral test and each unit counts as one service.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from bot.pricing.claim.model import WorkLine
from bot.pricing.claim.surgery import ordinal
from bot.pricing.money import cents, fee_amount, money_str

ComponentFee = Callable[[str, str], Decimal | None]  # (code, "TC" | "26") -> one unit's fee

_TC_RULES = {
    "4": ("imaging_tc", Decimal(50), "Diagnostic imaging (indicator 4)"),
    "6": ("cardiovascular_tc", Decimal(75), "Diagnostic cardiovascular (indicator 6)"),
    "7": ("ophthalmology_tc", Decimal(80), "Diagnostic ophthalmology (indicator 7)"),
}
PC_IMAGING = ("imaging_pc", Decimal(95), "Diagnostic imaging (indicator 4)")


def _parts(w: WorkLine, component_fee: ComponentFee) -> tuple[Decimal | None, Decimal | None]:
    """(TC, PC) fee of one unit of the line's service; None where the line has no such part."""
    assert w.row is not None and w.unit_fee is not None
    pctc = w.row.pctc_indicator.strip()
    if w.row.modifier == "TC" or pctc == "3":
        return w.unit_fee, None
    if w.row.modifier == "26" or pctc == "2":
        return None, w.unit_fee
    if pctc == "1" and w.row.modifier == "":
        return component_fee(w.hcpcs, "TC"), component_fee(w.hcpcs, "26")
    return None, None


def _services(w: WorkLine) -> list[Decimal]:
    """Each service the line counts as in the session, as a share of one unit (RT/LT halves included)."""
    if w.bilateral:
        return [w.side_scale] * w.sides
    return [Decimal(1)] * w.units


def _rank(items: list[tuple[WorkLine, Decimal]], rule: str, pct: Decimal, what: str, part: str) -> None:
    """items: (line, the value of one service's part). First by value in full, others at `pct`."""
    if len(items) < 2:
        return
    ranked = sorted(enumerate(items), key=lambda t: (-t[1][1], t[0]))
    top = ranked[0][1][0]
    per_line: dict[int, tuple[WorkLine, Decimal, list[int]]] = {}
    for rank, (_, (w, value)) in enumerate(ranked[1:], start=2):
        prev = per_line.get(w.index)
        per_line[w.index] = (w, (prev[1] if prev else Decimal(0)) + value, (prev[2] if prev else []) + [rank])
    for w, total, ranks in per_line.values():
        ranks_text = ", ".join(ordinal(r) for r in ranks)
        w.add_adjustment(
            rule,
            pct,
            cents(total * pct / 100) - total,
            f"{what}: the {part} of {w.label} ranks {ranks_text} of {len(items)} in the session "
            f"(highest: {top.label}), paid at {pct}%.",
        )


def apply_diagnostic(lines: Sequence[WorkLine], component_fee: ComponentFee) -> None:
    groups: dict[tuple[str, str], list[tuple[WorkLine, Decimal | None, Decimal | None]]] = {}
    for w in lines:
        if w.amount is None or w.row is None or w.unit_fee is None or w.amount == 0:
            continue
        ind = w.row.mult_proc.strip()
        if ind not in _TC_RULES:
            continue
        family = w.row.imaging_family.strip() if ind == "4" else ""
        if ind == "4" and family in ("", "99"):
            continue
        tc, pc = _parts(w, component_fee)
        if tc is None and pc is None:
            w.notes.append(
                f"{w.label}: PC/TC indicator {w.row.pctc_indicator.strip()} gives no technical/professional split "
                "in this code's rows, so the session reduction is left to the MAC."
            )
            continue
        groups.setdefault((ind, family), []).append((w, tc, pc))
    for (ind, _), members in groups.items():
        rule, pct, what = _TC_RULES[ind]
        # Each service at the share the line is paid (an assistant's 16%): the reduction takes from what is left.
        tcs = [(w, cents(tc * s * w.share)) for w, tc, _ in members if tc is not None for s in _services(w)]
        _rank(tcs, rule, pct, what, "technical component")
        if ind == "4":
            pcs = [(w, cents(pc * s * w.share)) for w, _, pc in members if pc is not None for s in _services(w)]
            _rank(pcs, PC_IMAGING[0], PC_IMAGING[1], PC_IMAGING[2], "professional component")


def apply_therapy(lines: Sequence[WorkLine]) -> None:
    units: list[tuple[WorkLine, Decimal]] = []  # (line, PE dollars of one unit) per unit billed
    for w in lines:
        q = w.quote
        if w.amount is None or w.amount == 0 or q is None or w.row is None or w.row.mult_proc.strip() != "5":
            continue
        if q.chosen.cap_applied or q.factor != 1:
            w.notes.append(f"{w.label}: therapy PE reduction not applied (OPPS cap or a payment modifier on the line).")
            continue
        pe = q.chosen.components[1]
        units += [(w, pe.rvu * pe.gpci * w.share)] * w.units
    if len(units) < 2:
        return
    ranked = sorted(enumerate(units), key=lambda t: (-t[1][1], t[0]))
    top = ranked[0][1][0]
    reduced: dict[int, tuple[WorkLine, int]] = {}
    for _, (w, _) in ranked[1:]:
        prev = reduced.get(w.index)
        reduced[w.index] = (w, (prev[1] if prev else 0) + 1)
    for w, n in reduced.values():
        q = w.quote
        assert q is not None and w.unit_fee is not None
        work, pe, mp = q.chosen.components
        half = fee_amount(work.rvu, pe.rvu / 2, mp.rvu, work.gpci, pe.gpci, mp.gpci, q.conversion_factor)
        w.add_adjustment(
            "therapy_pe",
            Decimal(50),
            -cents((w.unit_fee - half) * w.share) * n,
            f"Therapy (indicator 5): the practice expense of every unit after the one with the highest PE "
            f"({top.hcpcs}) is paid at 50%; work and malpractice in full: ${money_str(w.unit_fee)} -> "
            f"${money_str(half)} for {n} unit{'s' if n > 1 else ''} of {w.hcpcs}.",
        )
