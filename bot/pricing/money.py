"""Money arithmetic as CMS does it: Decimal throughout, rounded half-up to the cent once at the end."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(amount: Decimal) -> Decimal:
    """Round half-up to cents (CMS's rounding)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def fee_amount(
    work_rvu: Decimal,
    pe_rvu: Decimal,
    mp_rvu: Decimal,
    work_gpci: Decimal,
    pe_gpci: Decimal,
    mp_gpci: Decimal,
    conversion_factor: Decimal,
) -> Decimal:
    """[(work RVU × work GPCI) + (PE RVU × PE GPCI) + (MP RVU × MP GPCI)] × CF, rounded to cents."""
    return cents((work_rvu * work_gpci + pe_rvu * pe_gpci + mp_rvu * mp_gpci) * conversion_factor)


def money_str(amount: Decimal | None) -> str | None:
    """ "25.55" (always two decimals) or None."""
    return None if amount is None else f"{cents(amount):.2f}"
