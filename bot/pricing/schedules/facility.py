"""The facility side: OPPS Addendum B (hospital outpatient) and ASC Addenda AA/BB. Pure.

These are what the FACILITY is paid (the hospital outpatient department or the ambulatory surgical
center), not the physician, and they are NATIONAL UNADJUSTED amounts: the MAC adjusts the labor
share by the facility's wage index. The OPPS rate is given to three decimals; the quote rounds
rate × units half-up to cents.
"""

from __future__ import annotations

from bot.pricing.schedules.common import ScheduleRequest, look_up, rate_times_units
from bot.pricing.schedules.types import ASC, OPPS, AscSchedule, Confidence, OppsSchedule, ScheduleQuote

FACILITY_NOTE = (
    "What the {who} is paid, not the physician: a national unadjusted amount (the MAC adjusts it by wage index)."
)

OPPS_STATUS = {
    "A": "paid under a fee schedule other than OPPS (e.g. the CLFS or PFS)",
    "B": "not paid under OPPS on this bill type; another code may be",
    "C": "inpatient only: not paid under OPPS",
    "D": "discontinued code",
    "E1": "not covered by Medicare",
    "E2": "not paid under OPPS (no payment rate)",
    "F": "paid at reasonable cost (corneal tissue, CRNA, hepatitis B vaccine)",
    "G": "pass-through drug or biological, paid separately",
    "H": "pass-through device, paid at charges adjusted to cost",
    "J1": "comprehensive APC: one payment for the primary service and adjunctive services",
    "J2": "hospital comprehensive APC (8011) when criteria are met, otherwise separately paid",
    "K": "non-pass-through drug or biological, paid separately",
    "L": "influenza or pneumococcal vaccine: paid at reasonable cost",
    "M": "not billable to the MAC",
    "N": "packaged: no separate payment",
    "P": "partial hospitalization",
    "Q1": "packaged when billed with a S, T or V service; otherwise paid separately",
    "Q2": "packaged when billed with a T service; otherwise paid separately",
    "Q3": "paid through a composite APC when criteria are met",
    "Q4": "conditionally packaged laboratory test (else paid under the CLFS)",
    "R": "blood and blood products, paid separately",
    "S": "significant procedure, not subject to multiple procedure reduction",
    "T": "significant procedure, multiple procedure reduction applies",
    "U": "brachytherapy source, paid separately",
    "V": "clinic or emergency department visit",
    "Y": "non-implantable DME: not paid under OPPS",
}

ASC_INDICATORS = {
    "A2": "surgical procedure on the ASC list in CY 2007; rate based on the OPPS relative payment weight",
    "B5": "alternative code may be available; no payment",
    "C5": "inpatient procedure: not paid in an ASC",
    "D1": "discontinued code",
    "E5": "not payable by Medicare in an ASC",
    "F4": "corneal tissue acquisition: paid at reasonable cost",
    "G2": "non-office-based surgical procedure added in CY 2008 or later; rate based on the OPPS weight",
    "H2": "brachytherapy source, paid separately at the OPPS rate",
    "J7": "OPPS pass-through device paid separately",
    "J8": "device-intensive procedure; rate includes the device",
    "K2": "drug or biological paid separately",
    "K5": "pricing not yet available; contractor-priced",
    "K7": "unclassified drug or biological, contractor-priced",
    "L1": "influenza or pneumococcal vaccine: packaged, no separate ASC payment",
    "L6": "new technology intraocular lens",
    "N1": "packaged service or item: no separate payment",
    "P2": "office-based surgical procedure; rate based on the OPPS weight",
    "P3": "office-based surgical procedure; rate based on PFS non-facility PE RVUs",
    "R2": "office-based surgical procedure; rate based on the OPPS weight",
    "Z2": "radiology or diagnostic service; rate based on the OPPS weight",
    "Z3": "radiology or diagnostic service; rate based on PFS non-facility PE RVUs",
}


def price_opps(schedule: OppsSchedule, request: ScheduleRequest) -> ScheduleQuote:
    code, modifiers, units, row = look_up(request, schedule.rows, OPPS, schedule.release.label)
    notes = [FACILITY_NOTE.format(who="hospital outpatient department")]
    confidence: Confidence = "high"
    reasons: list[str] = []
    if row.rate is None:
        notes.append(f"No separate OPPS payment rate: status {row.status_indicator} ({_si(row.status_indicator)}).")
    if modifiers:
        notes.append(f"Modifier {', '.join(modifiers)} is not applied to the national rate.")
    details = [("Status indicator", f"{row.status_indicator}: {_si(row.status_indicator)}")]
    if row.apc:
        details.append(("APC", row.apc))
    if row.weight is not None:
        details.append(("Relative weight", f"{row.weight}"))
    if row.rate is not None:
        details.append(("National unadjusted rate", f"{row.rate}"))
    if row.copayment is not None:
        details.append(("National unadjusted copayment", f"{row.copayment:.2f}"))
    if row.minimum_copayment is not None:
        details.append(("Minimum unadjusted copayment", f"{row.minimum_copayment:.2f}"))
    return ScheduleQuote(
        schedule=OPPS,
        release=schedule.release,
        hcpcs=code,
        modifiers=modifiers,
        units=units,
        description=row.description,
        amount=rate_times_units(row.rate, units),
        unit_amount=row.rate,
        basis="OPPS national unadjusted payment rate (hospital outpatient facility)",
        indicator=row.status_indicator,
        indicator_text=_si(row.status_indicator),
        payer="facility",
        details=tuple(details),
        notes=tuple(notes),
        confidence=confidence,
        confidence_reasons=tuple(reasons),
        sources=(row.source,),
        dos=request.dos,
        extra={"apc": row.apc},
    )


def price_asc(schedule: AscSchedule, request: ScheduleRequest) -> ScheduleQuote:
    code, modifiers, units, row = look_up(request, schedule.rows, ASC, schedule.release.label)
    pi_text = ASC_INDICATORS.get(row.payment_indicator, "")
    notes = [FACILITY_NOTE.format(who="ambulatory surgical center")]
    if row.rate is None:
        notes.append(f"No separate ASC payment: payment indicator {row.payment_indicator} ({pi_text}).")
    if row.multiple_procedure_discount == "Y":
        notes.append("Subject to multiple procedure discounting: 50% when billed with a higher-paying procedure.")
    if modifiers:
        notes.append(f"Modifier {', '.join(modifiers)} is not applied to the national rate.")
    details = [
        ("Addendum", row.addendum),
        ("Payment indicator", f"{row.payment_indicator}: {pi_text}".rstrip(": ")),
    ]
    if row.weight is not None:
        details.append(("Payment weight", f"{row.weight}"))
    if row.rate is not None:
        details.append(("National unadjusted rate", f"{row.rate:.2f}"))
    if row.multiple_procedure_discount:
        details.append(("Multiple procedure discounting", row.multiple_procedure_discount))
    return ScheduleQuote(
        schedule=ASC,
        release=schedule.release,
        hcpcs=code,
        modifiers=modifiers,
        units=units,
        description=row.description,
        amount=rate_times_units(row.rate, units),
        unit_amount=row.rate,
        basis=f"ASC national unadjusted payment rate (Addendum {row.addendum}, facility)",
        indicator=row.payment_indicator,
        indicator_text=pi_text,
        payer="facility",
        details=tuple(details),
        notes=tuple(notes),
        confidence="high",
        sources=(row.source,),
        dos=request.dos,
        extra={"addendum": row.addendum},
    )


def _si(si: str) -> str:
    return OPPS_STATUS.get(si, "as the file gives it")
