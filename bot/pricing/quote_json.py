"""The `--json` shape of a quote (field names are a contract) and the limiting charge."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.pricing.money import cents, money_str
from bot.pricing.quote import Quote, SettingAmount


def _dec(value: Decimal) -> str:
    return format(value, "f")


LIMITING_CHARGE_FACTOR = Decimal("1.0925")  # 115% of the 95% non-participating amount (RVU25D.pdf)


def limiting_charge(amount: Decimal | None) -> Decimal | None:
    """Most a non-participating physician may charge: the fee schedule amount × 1.0925."""
    return None if amount is None else cents(amount * LIMITING_CHARGE_FACTOR)


def _setting_json(s: SettingAmount) -> dict[str, Any]:
    return {
        "amount": money_str(s.amount),
        "limiting_charge": money_str(limiting_charge(s.amount)),
        "fee_schedule_amount": money_str(s.fee_amount),
        "pfs_amount_before_cap": money_str(s.pfs_amount),
        "opps_cap": money_str(s.opps_cap),
        "opps_cap_applied": s.cap_applied,
        "na": s.na,
        "total_rvu": _dec(s.total_rvu),
        "rvus": {c.name: {"rvu": _dec(c.rvu), "gpci": _dec(c.gpci)} for c in s.components},
    }


def quote_json(quote: Quote) -> dict[str, Any]:
    """The `--json` shape of one quote (field names are a contract)."""
    loc = quote.locality
    return {
        "hcpcs": quote.hcpcs,
        "modifier": quote.modifier,
        "modifiers": list(quote.modifiers),
        "description": quote.description,
        "carrier": loc.carrier,
        "locality": loc.locality,
        "locality_name": loc.name,
        "state": loc.state,
        "national": loc.national,
        "locality_resolved_from": loc.resolved_from,
        "nonfacility_amount": money_str(quote.nonfacility_amount),
        "facility_amount": money_str(quote.facility_amount),
        "setting": quote.setting,
        "amount": money_str(quote.amount),
        "units": quote.units,
        "npp": quote.npp,
        "release": quote.release,
        "conversion_factor": _dec(quote.conversion_factor),
        "gpci": {"work": _dec(loc.work_gpci), "pe": _dec(loc.pe_gpci), "mp": _dec(loc.mp_gpci)},
        "status": quote.status,
        "status_text": quote.status_text,
        "payable": quote.payable,
        "not_used_for_medicare": quote.not_used_for_medicare,
        "row_modifier": quote.row_modifier,
        "pctc_indicator": quote.row.pctc_indicator,
        "global_days": quote.global_days,
        "nonfacility": _setting_json(quote.nonfacility),
        "facility": _setting_json(quote.facility),
        "opps_cap_applied": quote.cap_applied,
        "modifier_effects": [
            {
                "modifier": e.modifier,
                "factor": None if e.factor is None else _dec(e.factor),
                "changes_payment": e.changes_payment,
                "carrier_priced": e.carrier_priced,
                "text": e.text,
            }
            for e in quote.modifier_effects
        ],
        "indicators": [{"name": i.name, "value": i.value, "text": i.text} for i in quote.indicators],
        "na_notes": list(quote.na_notes),
        "notes": list(quote.notes),
        "confidence": quote.confidence,
        "confidence_reasons": list(quote.confidence_reasons),
        "sources": [str(s) for s in quote.sources],
        "dos": quote.dos.isoformat() if quote.dos else None,
    }
