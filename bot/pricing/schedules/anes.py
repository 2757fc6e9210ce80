"""Anesthesia: (base units + time units) × the locality's anesthesia conversion factor. Pure.

As CMS pays it (Medicare Claims Processing Manual, Pub. 100-04, chapter 12):
* §50.G: time units = anesthesia minutes ÷ 15, rounded to one decimal place (17 min → 1.1).
* §50.B/§140: personally performed by the anesthesiologist (AA) or by a CRNA without medical
  direction (QZ): 100% of (base + time) × CF.
* §50.C/§140: medical direction of 2–4 concurrent procedures (QK), of one CRNA (QY), and the
  medically directed CRNA (QX): 50% each.
* §50.D: medical supervision of more than four concurrent procedures (AD): 3 base units per
  procedure, plus one time unit when the physician was present at induction; no other time units.
Base units come from CMS's anesthesia base unit file when imported, else from the request
(`base:4`); the quote says which. The CF is the locality's, from the ANES file of the PFS release.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from bot.pricing.errors import PricingError
from bot.pricing.money import cents
from bot.pricing.schedule import AnesthesiaCf
from bot.pricing.schedules.common import ScheduleRequest, normalise_code, normalise_modifiers
from bot.pricing.schedules.types import ANES, Confidence, ScheduleQuote, ScheduleRelease

MANUAL = "Medicare Claims Processing Manual, Pub. 100-04, ch. 12, §50"
TENTH = Decimal("0.1")
HALF = Decimal("0.5")
SUPERVISION_BASE_UNITS = Decimal(3)
DIRECTION = {
    "AA": (Decimal(1), "anesthesia personally performed by the anesthesiologist: 100%"),
    "QZ": (Decimal(1), "CRNA without medical direction: 100%"),
    "QK": (HALF, "medical direction of 2, 3 or 4 concurrent procedures: 50%"),
    "QY": (HALF, "medical direction of one CRNA: 50%"),
    "QX": (HALF, "CRNA with medical direction by a physician: 50%"),
    "AD": (
        Decimal(1),
        "medical supervision of more than 4 concurrent procedures: 3 base units, +1 time unit at induction",
    ),
}
INFORMATIONAL = {
    "QS": "monitored anesthesia care (no payment effect)",
    "G8": "MAC for a deep complex, complicated or markedly invasive procedure (no payment effect)",
    "G9": "MAC for a patient with a history of severe cardio-pulmonary condition (no payment effect)",
    "23": "unusual anesthesia (no payment effect here)",
}


def time_units(minutes: int) -> Decimal:
    """Minutes ÷ 15, rounded half-up to one decimal place (CMS counts tenths of a unit)."""
    if minutes < 0:
        raise PricingError("Anesthesia minutes cannot be negative.")
    return (Decimal(minutes) / Decimal(15)).quantize(TENTH, rounding=ROUND_HALF_UP)


def is_anesthesia_code(code: str) -> bool:
    """CPT anesthesia codes are 00100–01999."""
    return code.isdigit() and 100 <= int(code) <= 1999


def price_anesthesia(
    cf: AnesthesiaCf, release: ScheduleRelease, request: ScheduleRequest, locality_label: str = ""
) -> ScheduleQuote:
    code = normalise_code(request.hcpcs)
    modifiers = normalise_modifiers(request.modifiers)
    payment = [m for m in modifiers if m in DIRECTION]
    if len(payment) > 1:
        raise PricingError(
            f"{' and '.join(payment)} describe different providers: price each on its own line "
            "(the anesthesiologist's QK/QY/AD and the CRNA's QX are billed separately)."
        )
    mod = payment[0] if payment else ""
    notes: list[str] = []
    reasons: list[str] = []
    confidence: Confidence = "high"
    if mod == "AD":
        base = SUPERVISION_BASE_UNITS
        tunits = Decimal(1) if request.induction else Decimal(0)
        notes.append(
            "AD: paid on 3 base units"
            + (
                " plus 1 time unit (present at induction)."
                if request.induction
                else "; add induction if the physician was present at induction (+1 time unit)."
            )
        )
    else:
        if request.base_units is None:
            raise PricingError(
                f"No anesthesia base units for {code}: CMS's base unit file is not imported. "
                f"Give them in the command, e.g. base:4 minutes:45."
            )
        if request.minutes is None:
            raise PricingError(f"How long was the anesthesia? Add the minutes, e.g. {code} base:4 minutes:45.")
        base = request.base_units
        tunits = time_units(request.minutes)
    factor, factor_text = DIRECTION.get(mod, (Decimal(1), ""))
    if not mod:
        notes.append("No medical direction modifier (AA, QK, QX, QY, QZ, AD): priced as personally performed (100%).")
        confidence = "medium"
        reasons.append("no anesthesia payment modifier")
    else:
        notes.append(f"{mod}: {factor_text}.")
    for m in modifiers:
        if m in INFORMATIONAL:
            notes.append(f"{m}: {INFORMATIONAL[m]}.")
        elif m not in DIRECTION:
            notes.append(f"Modifier {m} does not change the anesthesia amount.")
    notes.append(f"Base units from {request.base_from}." if mod != "AD" else "Base units: 3, as CMS pays AD.")
    total_units = base + tunits
    full = total_units * cf.conversion_factor
    amount = cents(full * factor)
    shown_minutes = request.minutes is not None and mod != "AD"
    time_text = f"{tunits}" + (f" ({request.minutes} min ÷ 15)" if shown_minutes else "")
    details = [
        ("Base units", f"{base.normalize():f}"),
        ("Time units", time_text),
        ("Total units", f"{total_units.normalize():f}"),
        ("Anesthesia CF", f"{cf.conversion_factor} ({cf.carrier}-{cf.locality} {cf.name})"),
        ("Payment share", f"{(factor * 100).normalize():f}%"),
        ("Rule", MANUAL),
    ]
    if locality_label:
        details.insert(0, ("Locality", locality_label))
    return ScheduleQuote(
        schedule=ANES,
        release=release,
        hcpcs=code,
        modifiers=modifiers,
        units=total_units,
        description="",
        amount=amount,
        unit_amount=cf.conversion_factor,
        basis="(base units + time units) × anesthesia conversion factor",
        indicator=mod,
        indicator_text=factor_text,
        payer="professional",
        details=tuple(details),
        notes=tuple(notes),
        confidence=confidence,
        confidence_reasons=tuple(reasons),
        sources=(cf.source,),
        dos=request.dos,
        extra={"base_units": f"{base.normalize():f}", "time_units": f"{tunits}", "base_from": request.base_from},
    )
