"""What every schedule's pricer shares: the request, code checks, units and "not listed" errors. Pure."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from bot.pricing.codes import checked_code as normalise_code  # one message for a bad code, whatever the schedule
from bot.pricing.errors import PricingError, UnknownCodeError, shown
from bot.pricing.money import cents

MAX_UNITS = 9999
Row = TypeVar("Row")
_MODIFIER = re.compile(r"^[A-Z0-9]{2}$")


@dataclass(frozen=True, slots=True)
class ScheduleRequest:
    """A biller's question to a non-PFS schedule.

    `state`/`rural` are for DMEPOS (`state_from` says how the state was found, e.g. "ZIP 77002");
    `base_units`/`minutes`/`induction` for anesthesia (`base_from` says where the base units came from)."""

    hcpcs: str
    modifiers: tuple[str, ...] = ()
    units: Decimal = Decimal(1)
    dos: date | None = None
    state: str | None = None
    state_from: str = ""
    rural: bool | None = None
    rural_from: str = ""
    base_units: Decimal | None = None
    base_from: str = "the command"
    minutes: int | None = None
    induction: bool = False


def normalise_modifiers(modifiers: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for m in modifiers:
        text = m.strip().upper().lstrip("-")
        if not _MODIFIER.match(text):
            raise PricingError(f"{shown(m)} is not a modifier: modifiers are 2 letters or digits (QW, RR, NU, QK).")
        if text not in out:
            out.append(text)
    return tuple(out)


def check_units(units: Decimal) -> Decimal:
    if units <= 0 or units > MAX_UNITS:
        raise PricingError(f"Units must be between 1 and {MAX_UNITS}; got {units}.")
    return units


def not_listed(code: str, schedule: str, release: str, codes: Iterable[str]) -> UnknownCodeError:
    """The code is not in this schedule's release: say so, with the closest codes it does list."""
    close = tuple(difflib.get_close_matches(code, sorted(set(codes)), n=3, cutoff=0.6))
    hint = f" Closest codes it lists: {', '.join(close)}." if close else ""
    return UnknownCodeError(f"{code} is not in the {schedule} file {release}.{hint}", code, release, close)


def read_request(request: ScheduleRequest) -> tuple[str, tuple[str, ...], Decimal]:
    """The request's code, modifiers and units, checked the same way for every schedule."""
    return normalise_code(request.hcpcs), normalise_modifiers(request.modifiers), check_units(request.units)


def look_up(
    request: ScheduleRequest, rows: Mapping[str, Row], schedule: str, release: str
) -> tuple[str, tuple[str, ...], Decimal, Row]:
    """(code, modifiers, units, the code's row(s)) for the request; the schedule-named error when not listed."""
    code, modifiers, units = read_request(request)
    row = rows.get(code)
    if not row:
        raise not_listed(code, schedule, release, rows)
    return code, modifiers, units, row


def rate_times_units(rate: Decimal | None, units: Decimal) -> Decimal | None:
    """The rate × units in cents; None when the file sets no rate."""
    return None if rate is None else cents(rate * units)


def units_text(units: Decimal) -> str:
    return f"{units.normalize():f}"


__all__ = [
    "MAX_UNITS",
    "ScheduleRequest",
    "check_units",
    "look_up",
    "normalise_code",
    "normalise_modifiers",
    "not_listed",
    "rate_times_units",
    "read_request",
    "units_text",
]
