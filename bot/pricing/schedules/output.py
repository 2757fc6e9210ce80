"""Quotes as JSON (the `--json` fields every quote gains) and whole schedules as CSV rows. Pure."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from bot.pricing.money import money_str
from bot.pricing.schedules.types import (
    AscSchedule,
    AspSchedule,
    ClfsSchedule,
    DmeposSchedule,
    OppsSchedule,
    ScheduleQuote,
)


def _num(value: Decimal | None) -> str | None:
    return None if value is None else f"{value}"


def schedule_quote_json(q: ScheduleQuote) -> dict[str, Any]:
    """A JSON-ready dict: "schedule" and "amount" (two decimals, or null when the schedule sets no
    separate payment), the release and its period, and file:line provenance."""
    return {
        "schedule": q.schedule,
        "amount": money_str(q.amount),
        "hcpcs": q.hcpcs,
        "modifiers": list(q.modifiers),
        "units": int(q.units) if q.units == q.units.to_integral_value() else f"{q.units.normalize():f}",
        "unit_amount": _num(q.unit_amount),
        "basis": q.basis,
        "description": q.description,
        "release": q.release.label,
        "effective_from": q.release.effective_from.isoformat(),
        "effective_to": q.release.effective_to.isoformat() if q.release.effective_to else None,
        "dos": q.dos.isoformat() if q.dos else None,
        "indicator": q.indicator,
        "indicator_text": q.indicator_text,
        "paid_to": q.payer,
        "details": dict(q.details),
        "notes": list(q.notes),
        "confidence": q.confidence,
        "confidence_reasons": list(q.confidence_reasons),
        "sources": [str(s) for s in q.sources],
        **{k: v for k, v in q.extra.items() if k not in ("file",)},
    }


def clfs_csv(s: ClfsSchedule) -> Iterator[list[str]]:
    yield ["hcpcs", "modifier", "rate", "indicator", "effective", "release", "source"]
    for (code, mod), r in sorted(s.rows.items()):
        eff = r.effective.isoformat() if r.effective else ""
        yield [code, mod, f"{r.rate:.2f}", r.indicator, eff, s.release.label, str(r.source)]


def asp_csv(s: AspSchedule) -> Iterator[list[str]]:
    yield ["hcpcs", "dosage", "payment_limit", "release", "source"]
    for code, r in sorted(s.rows.items()):
        yield [code, r.dosage, _num(r.limit) or "", s.release.label, str(r.source)]


def dmepos_csv(s: DmeposSchedule, state: str) -> Iterator[list[str]]:
    state = state.strip().upper()
    yield ["hcpcs", "modifier", "modifier2", "state", "non_rural", "rural", "ceiling", "floor", "release", "source"]
    for code in sorted(s.rows):
        for r in s.rows[code]:
            pair = r.fees(state)
            if pair is None:
                continue
            nr, rural = pair
            ceiling = f"{r.ceiling:.2f}" if r.ceiling is not None else ""
            floor = f"{r.floor:.2f}" if r.floor is not None else ""
            yield [
                code,
                r.modifier,
                r.modifier2,
                state,
                f"{nr:.2f}",
                f"{rural:.2f}",
                ceiling,
                floor,
                s.release.label,
                str(r.source),
            ]


def opps_csv(s: OppsSchedule) -> Iterator[list[str]]:
    yield ["hcpcs", "status_indicator", "apc", "relative_weight", "payment_rate", "release", "source"]
    for code, r in sorted(s.rows.items()):
        yield [
            code,
            r.status_indicator,
            r.apc,
            _num(r.weight) or "",
            _num(r.rate) or "",
            s.release.label,
            str(r.source),
        ]


def asc_csv(s: AscSchedule) -> Iterator[list[str]]:
    yield ["hcpcs", "addendum", "payment_indicator", "payment_weight", "payment_rate", "release", "source"]
    for code, r in sorted(s.rows.items()):
        rate = f"{r.rate:.2f}" if r.rate is not None else ""
        yield [code, r.addendum, r.payment_indicator, _num(r.weight) or "", rate, s.release.label, str(r.source)]
