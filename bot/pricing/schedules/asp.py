"""Part B drugs (ASP): the payment limit per HCPCS dosage unit × units billed, then rounded. Pure."""

from __future__ import annotations

from bot.pricing.schedules.common import ScheduleRequest, look_up, rate_times_units
from bot.pricing.schedules.types import ASP, AspSchedule, ScheduleQuote


def price_asp(schedule: AspSchedule, request: ScheduleRequest) -> ScheduleQuote:
    code, modifiers, units, row = look_up(request, schedule.rows, ASP, schedule.release.label)
    notes = [f"{code}: {row.dosage} per unit; {units.normalize():f} unit(s) billed."]
    if modifiers:
        notes.append(f"Modifier {', '.join(modifiers)} does not change the ASP payment limit.")
    if row.notes:
        notes.append(f"File note: {row.notes}")
    if row.limit is None:
        notes.append("The file gives no payment limit for this drug (N/A): the contractor prices it.")
    details = [
        ("Dosage unit", row.dosage),
        ("Payment limit per unit", f"{row.limit}" if row.limit is not None else "N/A"),
    ]
    if row.coinsurance is not None:
        details.append(("Coinsurance %", f"{row.coinsurance.normalize():f}"))
    return ScheduleQuote(
        schedule=ASP,
        release=schedule.release,
        hcpcs=code,
        modifiers=modifiers,
        units=units,
        description=row.description,
        amount=rate_times_units(row.limit, units),
        unit_amount=row.limit,
        basis=f"payment limit per {row.dosage}",
        payer="professional",
        details=tuple(details),
        notes=tuple(notes),
        confidence="high" if row.limit is not None else "low",
        sources=(row.source,),
        dos=request.dos,
        extra={"dosage": row.dosage},
    )
