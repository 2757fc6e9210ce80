"""DMEPOS and PEN: the state's non-rural or rural fee for the row of the code and its modifiers. Pure.

A code has one row per pricing-modifier combination (NU new, UE used, RR rental, KU/KE/..., as the
file lists them). The state comes from the request (resolved from a ZIP or locality by the caller).
Rural fees apply where the ZIP is in CMS's DME rural ZIP file; that file is not imported here, so a
quote is non-rural unless rural is asked for, and says which. A rural column of 0.00 means the item
has no separate rural fee: the non-rural fee applies there too.
"""

from __future__ import annotations

from decimal import Decimal

from bot.pricing.errors import PricingError
from bot.pricing.money import cents
from bot.pricing.schedules.common import (
    ScheduleRequest,
    look_up,
    units_text,
)
from bot.pricing.schedules.types import DMEPOS, Confidence, DmeposRow, DmeposSchedule, ScheduleQuote

NON_CONTIGUOUS = frozenset({"AK", "HI", "PR", "VI"})
MODIFIER_TEXT = {
    "NU": "new equipment (purchase)",
    "UE": "used equipment (purchase)",
    "RR": "rental (monthly)",
    "KU": "wheelchair accessory for a complex rehab power wheelchair",
    "KE": "bid under competitive bidding round 1, for use with non-competitively bid base equipment",
    "KF": "FDA class III device",
    "KL": "delivered via mail",
}
CATEGORIES = {
    "IN": "inexpensive and other routinely purchased items",
    "FS": "frequently serviced items",
    "CR": "capped rental items",
    "OX": "oxygen and oxygen equipment",
    "OS": "ostomy, tracheostomy and urological items",
    "SD": "surgical dressings",
    "PO": "prosthetics and orthotics",
    "SU": "supplies",
    "TE": "TENS",
    "TS": "therapeutic shoes",
    "SC": "splints and casts",
    "LC": "lymphedema compression",
    "IL": "items priced by the contractor (individual consideration)",
}


def choose_row(rows: tuple[DmeposRow, ...], modifiers: tuple[str, ...]) -> tuple[DmeposRow, str]:
    """The row for the modifiers asked, with a note when the choice was not exact."""
    known = {m for r in rows for m in r.modifiers}
    wanted = {m for m in modifiers if m in known}
    exact = [r for r in rows if set(r.modifiers) == wanted]
    if exact:
        return exact[0], ""
    if len(rows) == 1:
        row = rows[0]
        return (
            row,
            f"The file has one row for {row.hcpcs} ({'-'.join(row.modifiers) or 'no modifier'}): priced from it.",
        )
    partial = [r for r in rows if wanted and wanted <= set(r.modifiers)] or list(rows)
    row = partial[0]
    options = ", ".join("-".join(r.modifiers) or "no modifier" for r in rows)
    return row, (
        f"{row.hcpcs} has rows for {options}: priced {'-'.join(row.modifiers) or 'no modifier'}; "
        "add the modifier you bill (e.g. RR rental, NU new, UE used)."
    )


def price_dmepos(schedule: DmeposSchedule, request: ScheduleRequest) -> ScheduleQuote:
    code, modifiers, units, rows = look_up(request, schedule.rows, DMEPOS, schedule.release.label)
    state = (request.state or "").strip().upper()
    if not state:
        raise PricingError(
            f"DMEPOS fees are set per state: give a ZIP, locality or state for {code} (e.g. zip:77002 or TX)."
        )
    row, choice_note = choose_row(rows, modifiers)
    pair = row.fees(state)
    if pair is None:
        known = ", ".join(sorted(row.states))
        raise PricingError(f"The DMEPOS file has no fee column for {state}. States: {known}.")
    non_rural, rural = pair
    notes: list[str] = [choice_note] if choice_note else []
    reasons: list[str] = []
    confidence: Confidence = "high"
    where = f"{state} ({request.state_from})" if request.state_from else state
    if request.rural:
        area = "rural"
        fee = rural
        if rural == 0 and non_rural != 0:
            fee = non_rural
            notes.append(f"The file lists no separate rural fee (0.00) for {state}: the non-rural fee applies.")
        notes.append(f"Rural fee{f' ({request.rural_from})' if request.rural_from else ''}.")
    else:
        area = "non-rural"
        fee = non_rural
        if request.rural is None:
            notes.append(
                "Non-rural fee: CMS's DME rural ZIP file is not imported, so billbot cannot tell whether the "
                f"address is rural (the rural fee for {state} is {rural:.2f})."
            )
            confidence = "medium"
            reasons.append("rural status of the address unknown")
    amount: Decimal | None
    if fee == 0:
        amount = None
        notes.append(f"The file lists 0.00 ({area}) for {state} on this row: no fee-schedule amount.")
        confidence = "low"
        reasons.append("no fee for this state/area")
    else:
        amount = cents(fee * units)
    if state in NON_CONTIGUOUS:
        notes.append(f"{state} is a non-contiguous area: its fees are not subject to the ceiling and floor.")
    details: list[tuple[str, str]] = [
        ("State", where),
        ("Area", area),
        (f"{state} non-rural fee", f"{non_rural:.2f}"),
        (f"{state} rural fee", f"{rural:.2f}"),
    ]
    for name, limit in (("Ceiling", row.ceiling), ("Floor", row.floor)):
        if limit is not None:
            details.append((name, f"{limit:.2f}" + (" (none set for this item)" if limit == 0 else "")))
    if row.category:
        details.append(("Category", f"{row.category}: {CATEGORIES.get(row.category, '')}".rstrip(": ")))
    for m in row.modifiers:
        details.append((f"Modifier {m}", MODIFIER_TEXT.get(m, "as the file lists it")))
    if units != 1:
        details.append(("Units", units_text(units)))
    return ScheduleQuote(
        schedule=DMEPOS,
        release=schedule.release,
        hcpcs=code,
        modifiers=row.modifiers,
        units=units,
        description=row.description,
        amount=amount,
        unit_amount=fee,
        basis=f"{'PEN' if row.pen else 'DMEPOS'} fee, {state} {area}",
        indicator=row.category,
        indicator_text=CATEGORIES.get(row.category, ""),
        payer="supplier",
        details=tuple(details),
        notes=tuple(notes),
        confidence=confidence,
        confidence_reasons=tuple(reasons),
        sources=(row.source,),
        dos=request.dos,
        extra={"state": state, "area": area, "file": "DMEPEN" if row.pen else "DMEPOS"},
    )
