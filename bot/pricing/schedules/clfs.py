"""Clinical Laboratory Fee Schedule: the national limit amount (RATE) per test, times units. Pure."""

from __future__ import annotations

from decimal import Decimal

from bot.pricing.money import cents
from bot.pricing.schedules.common import ScheduleRequest, not_listed, read_request
from bot.pricing.schedules.types import CLFS, ClfsRow, ClfsSchedule, Confidence, ScheduleQuote

INDICATORS = {
    "N": "national limit amount",
    "L": "priced locally by the Medicare contractor (the national file sets no amount)",
}


def clfs_row(schedule: ClfsSchedule, code: str, modifiers: tuple[str, ...]) -> ClfsRow | None:
    """The row for the code with a modifier the file lists (QW, ...), else the row with no modifier."""
    for m in modifiers:
        row = schedule.rows.get((code, m))
        if row is not None:
            return row
    return schedule.rows.get((code, ""))


def price_clfs(schedule: ClfsSchedule, request: ScheduleRequest) -> ScheduleQuote:
    code, modifiers, units = read_request(request)
    row = clfs_row(schedule, code, modifiers)
    if row is None:
        raise not_listed(code, CLFS, schedule.release.label, (h for h, _ in schedule.rows))
    notes: list[str] = []
    ignored = [m for m in modifiers if m != row.modifier]
    if ignored:
        notes.append(f"Modifier {', '.join(ignored)} does not change the CLFS amount.")
    reasons: list[str] = []
    amount: Decimal | None
    confidence: Confidence
    if row.indicator == "L" or (row.rate == 0 and row.indicator != "N"):
        amount = None
        notes.append("The CLFS sets no national amount for this test: your Medicare contractor prices it.")
        confidence = "low"
        reasons.append("contractor-priced test")
    else:
        amount = cents(row.rate * units)
        confidence = "high"
    return ScheduleQuote(
        schedule=CLFS,
        release=schedule.release,
        hcpcs=code,
        modifiers=(row.modifier,) if row.modifier else (),
        units=units,
        description=row.description,
        amount=amount,
        unit_amount=row.rate,
        basis="national limit amount per test (CLFS RATE)",
        indicator=row.indicator,
        indicator_text=INDICATORS.get(row.indicator, ""),
        payer="professional",
        details=(("Rate per test", f"{row.rate:.2f}"),)
        + ((("CLFS effective date", row.effective.isoformat()),) if row.effective else ()),
        notes=tuple(notes),
        confidence=confidence,
        confidence_reasons=tuple(reasons),
        sources=(row.source,),
        dos=request.dos,
    )
