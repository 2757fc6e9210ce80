"""Price one encounter: each line by its own fee schedule, then Medicare's claim rules over the PFS lines.

Order (RVU25D.pdf and Claims Processing Manual ch.12): each line's fee schedule amount (26/TC row,
OPPS cap, as a single quote prices it) × units; status T; bilateral; the surgeon's share (co-surgeon,
team, assistant); multiple surgery with endoscopy families; the diagnostic imaging, cardiovascular,
ophthalmology and therapy session reductions; the non-physician practitioner's 85%. The claim total
is the sum of the lines' allowed amounts.

Lines of another fee schedule (line.schedule != "PFS") are priced by the `pricers` given for that
schedule and pass through the PFS rules untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from bot.pricing.claim.bilateral import apply_bilateral
from bot.pricing.claim.diagnostic import apply_diagnostic, apply_therapy
from bot.pricing.claim.model import PFS, Claim, ClaimLineLike, ClaimLineResult, ClaimRequest, WorkLine, rebuild
from bot.pricing.claim.surgeons import apply_npp, apply_status_t, apply_surgeons
from bot.pricing.claim.surgery import apply_multiple_surgery
from bot.pricing.codes import checked_code
from bot.pricing.errors import PricingError
from bot.pricing.lines import MAX_UNITS
from bot.pricing.locality import Locality, resolve_locality
from bot.pricing.modifiers import INFORMATIONAL, normalise
from bot.pricing.money import ZERO, cents, fee_amount, money_str
from bot.pricing.quote import Quote, QuoteRequest, is_payable, opps_cap_for, price
from bot.pricing.schedule import FeeSchedule

# Modifiers the claim rules apply (a single quote applies them alone; here the encounter decides).
CLAIM_MODIFIERS = frozenset({"50", "51", "62", "66", "80", "81", "82", "AS"})
MAX_LINES = 50

# Another fee schedule's price for one line: (fee schedule amount for its units, notes), or None.
LinePricer = Callable[[ClaimLineLike], tuple[Decimal | None, tuple[str, ...]]]


def _schedule_of(line: ClaimLineLike) -> str:
    return str(getattr(line, "schedule", PFS) or PFS)


def _text_of(line: ClaimLineLike) -> str:
    return str(getattr(line, "text", "") or "")


def _pfs_line(
    index: int, line: ClaimLineLike, schedule: FeeSchedule, request: ClaimRequest, quotes: dict[QuoteRequest, Quote]
) -> WorkLine:
    code = checked_code(line.hcpcs)
    mods = normalise(line.modifiers)
    units = line.units
    if not isinstance(units, int) or units < 1 or units > MAX_UNITS:
        raise PricingError(f"{code}: units must be a whole number from 1 to {MAX_UNITS} (got {units!r}).")
    # One quote per code and amount-changing modifiers: RT/LT, 59 and the like leave the amount as it is.
    asked = QuoteRequest(
        code,
        tuple(m for m in mods if m not in CLAIM_MODIFIERS and m not in INFORMATIONAL),
        1,
        request.locality,
        request.zip_code,
        request.facility,
        request.dos,
    )
    quote = quotes.get(asked)
    if quote is None:
        quote = quotes[asked] = price(schedule, asked)
    unit = quote.amount
    fee = None if unit is None else unit * units
    w = WorkLine(index, _text_of(line), code, mods, units, PFS, quote, quote.row, unit, fee, fee)
    if unit is None:
        w.notes.append(f"{w.label}: no fee-schedule amount ({quote.status_text}) — not in the total.")
    for note in quote.notes:
        if "OPPS cap" in note or "Carrier-priced" in note or "Status T" in note:
            w.notes.append(f"{w.label}: {note}")
    for e in quote.modifier_effects:
        if e.carrier_priced:
            w.notes.append(f"{w.label}: {e.text}")
    return w


def _component_fee(schedule: FeeSchedule, loc: Locality, facility: bool) -> Callable[[str, str], Decimal | None]:
    """One unit's fee for a code's row (e.g. its TC or 26 row, or an endoscopy base), after the OPPS cap."""
    cache: dict[tuple[str, str], Decimal | None] = {}
    cf = schedule.release.conversion_factor

    def fee(code: str, mod: str) -> Decimal | None:
        if (code, mod) in cache:
            return cache[(code, mod)]
        row = schedule.rvus.get((code, mod))
        amount: Decimal | None = None
        if row is not None and is_payable(row):
            pe = row.facility_pe_rvu if facility else row.nonfacility_pe_rvu
            amount = fee_amount(row.work_rvu, pe, row.mp_rvu, loc.work_gpci, loc.pe_gpci, loc.mp_gpci, cf)
            cap_nf, cap_f, _, _ = opps_cap_for(schedule, row, loc)
            cap = cap_f if facility else cap_nf
            if cap is not None and cap < amount:
                amount = cap
        cache[(code, mod)] = amount
        return amount

    return fee


def price_claim(schedule: FeeSchedule, request: ClaimRequest, pricers: Mapping[str, LinePricer] | None = None) -> Claim:
    """Price every line of the encounter and apply the claim rules. Raises PricingError for bad input."""
    if not request.lines:
        raise PricingError("A claim needs at least one line, e.g. 27447-RT or 97110x4.")
    if len(request.lines) > MAX_LINES:
        raise PricingError(f"A claim has at most {MAX_LINES} lines (got {len(request.lines)}).")
    loc = resolve_locality(schedule, request.locality, request.zip_code)
    work: list[WorkLine] = []
    quotes: dict[QuoteRequest, Quote] = {}
    for i, line in enumerate(request.lines):
        name = _schedule_of(line)
        if name == PFS:
            work.append(_pfs_line(i, line, schedule, request, quotes))
            continue
        pricer = (pricers or {}).get(name)
        code, mods = line.hcpcs.strip().upper(), tuple(m.strip().upper() for m in line.modifiers)
        amount, notes = pricer(line) if pricer is not None else (None, (f"the {name} fee schedule is not loaded",))
        w = WorkLine(i, _text_of(line), code, mods, line.units, name, None, None, None, amount, amount)
        w.notes += [f"{w.label} ({name}): {n}" for n in notes]
        work.append(w)
    pfs = [w for w in work if w.schedule == PFS]
    component = _component_fee(schedule, loc, request.facility)
    apply_status_t(pfs)
    apply_bilateral(pfs)
    apply_surgeons(pfs)
    apply_multiple_surgery(pfs, lambda code: component(code, ""))
    apply_diagnostic(pfs, component)
    apply_therapy(pfs)
    if request.npp:
        apply_npp(pfs)
    return _claim(schedule, request, loc, work)


def _claim(schedule: FeeSchedule, request: ClaimRequest, loc: Locality, work: list[WorkLine]) -> Claim:
    notes: list[str] = []
    if loc.national:
        notes.append("No locality given: national average (all GPCIs 1.000); your locality's amounts differ.")
    dos = request.dos
    if dos is not None and not schedule.release.in_force(dos):
        notes.append(f"Date of service {dos.isoformat()} is outside {schedule.release.label}'s effective dates.")
    for w in work:
        notes += w.notes
    unpriced = [w.label for w in work if w.amount is None]
    if unpriced and len(unpriced) < len(work):
        notes.append(f"The total leaves out {', '.join(unpriced)}: no amount the fee schedule sets.")
    total = sum((w.amount for w in work if w.amount is not None), ZERO)
    lines = tuple(
        ClaimLineResult(
            line=w.label,
            hcpcs=w.hcpcs,
            modifiers=w.modifiers,
            units=w.units,
            schedule=w.schedule,
            fee_schedule_amount=w.fee_schedule_amount,
            allowed_amount=None if w.amount is None else cents(w.amount),
            adjustments=tuple(w.adjustments),
            quote=w.quote,
        )
        for w in work
    )
    return Claim(
        lines=lines,
        total_allowed=cents(total),
        release=schedule.release.label,
        locality=loc.key,
        setting="facility" if request.facility else "nonfacility",
        notes=tuple(dict.fromkeys(notes)),
    )


def _pct(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def claim_json(claim: Claim, bundling: dict[str, Any] | None = None, notes: tuple[str, ...] = ()) -> dict[str, Any]:
    """The `billbot claim --json` shape (issue 11 section 2): money as strings with two decimals.

    `bundling` is the NCCI check of the same lines in the `billbot bundle --json` shape
    (bundling / mue / addon / notes); `notes` go first (e.g. which release was used and why)."""
    return {
        "lines": [
            {
                "line": ln.line,
                "hcpcs": ln.hcpcs,
                "modifiers": list(ln.modifiers),
                "units": ln.units,
                "schedule": ln.schedule,
                "fee_schedule_amount": money_str(ln.fee_schedule_amount),
                "allowed_amount": money_str(ln.allowed_amount),
                "adjustments": [
                    {"rule": a.rule, "percent": _pct(a.percent), "amount": money_str(a.amount), "reason": a.reason}
                    for a in ln.adjustments
                ],
            }
            for ln in claim.lines
        ],
        "total_allowed": money_str(claim.total_allowed),
        "release": claim.release,
        "locality": claim.locality,
        "setting": claim.setting,
        "bundling": bundling if bundling is not None else {},
        "notes": [*notes, *claim.notes],
    }


def rebuilt_line(hcpcs: str, modifiers: tuple[str, ...], units: int) -> str:
    return rebuild(hcpcs, modifiers, units)
