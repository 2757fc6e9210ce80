"""The encounter a biller bills and the claim answer: lines in, priced lines with adjustments out.

A line only has to look like `EncounterLine` (code, modifiers, units): the parser of typed lines
(`27447-RT`, `97110x4`, `20610-RT*2`) may hand its own objects. `schedule` names the fee schedule
that prices the line; only "PFS" lines go through the physician fee schedule's claim rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from bot.pricing.quote import Quote
from bot.pricing.schedule import RvuRow

PFS = "PFS"


class ClaimLineLike(Protocol):
    """What the claim engine reads from a line: code, modifiers (as typed), units."""

    @property
    def hcpcs(self) -> str: ...

    @property
    def modifiers(self) -> tuple[str, ...]: ...

    @property
    def units(self) -> int: ...


@dataclass(frozen=True, slots=True)
class EncounterLine:
    """One line of an encounter. `text` is what the biller typed ("" = rebuilt from the parts)."""

    hcpcs: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    text: str = ""
    schedule: str = PFS


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    """One encounter: same patient, same day, same provider. Locality/ZIP/setting/NPP apply to every line."""

    lines: Sequence[ClaimLineLike]
    locality: str | None = None
    zip_code: str | None = None
    facility: bool = False
    dos: date | None = None
    npp: bool = False


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One claim rule applied to one line.

    `percent` is the percentage the rule pays of what it applies to ("50" for a subsequent procedure,
    "150" for a bilateral procedure, "85" for a non-physician practitioner); None when the rule is not
    a percentage (an endoscopy paid as its amount minus the base's). `amount` is the signed change
    to the line in dollars: negative when the rule took money, positive when it added (bilateral 150%).
    """

    rule: str
    percent: Decimal | None
    amount: Decimal
    reason: str


@dataclass(frozen=True, slots=True)
class ClaimLineResult:
    line: str
    hcpcs: str
    modifiers: tuple[str, ...]
    units: int
    schedule: str
    fee_schedule_amount: Decimal | None  # the line's amount for its units before claim rules
    allowed_amount: Decimal | None  # after them; None = no fee-schedule amount (the MAC prices it)
    adjustments: tuple[Adjustment, ...]
    quote: Quote | None = None  # the single-code quote the line was priced from (PFS lines)


@dataclass(frozen=True, slots=True)
class Claim:
    lines: tuple[ClaimLineResult, ...]
    total_allowed: Decimal
    release: str
    locality: str
    setting: str
    notes: tuple[str, ...]


@dataclass(slots=True)
class WorkLine:
    """A line while the rules run: the running amount and the adjustments so far."""

    index: int
    text: str
    hcpcs: str
    modifiers: tuple[str, ...]
    units: int
    schedule: str
    quote: Quote | None
    row: RvuRow | None
    unit_fee: Decimal | None  # one unit's fee-schedule amount (26/TC row, OPPS cap, 52/53 as priced)
    fee_schedule_amount: Decimal | None
    amount: Decimal | None
    adjustments: list[Adjustment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Bilateral result: the line is one procedure (50, 2 units, or half of an RT/LT pair) ...
    bilateral: bool = False
    # ... and for the session-based diagnostic rules: how many sides/units it counts as, each worth
    # `unit_fee × side_scale` (an RT/LT pair paid at 100% of one code leaves the second side 0).
    sides: int = 1
    side_scale: Decimal = Decimal(1)
    pair: WorkLine | None = None  # the other side of an RT/LT pair
    # The surgeon's share the line is paid at (62.5% co-surgeon, 16%/13.6% assistant): the session
    # reductions after it apply to the amount left, not to the full fee (Claims Processing Manual ch.12).
    share: Decimal = Decimal(1)
    modset: frozenset[str] = field(init=False)
    label: str = field(init=False)  # what the biller typed, or the line rebuilt from its parts

    def __post_init__(self) -> None:
        self.modset = frozenset(self.modifiers)
        self.label = self.text or rebuild(self.hcpcs, self.modifiers, self.units)

    def has(self, *mods: str) -> bool:
        return not self.modset.isdisjoint(mods)

    def set_amount(self, new: Decimal, rule: str, percent: Decimal | None, reason: str) -> None:
        """Move the line to `new` and record the change as an adjustment (no-op when nothing changes)."""
        if self.amount is None:
            return
        change = new - self.amount
        if change == 0 and rule not in ("not_allowed",):
            return
        self.adjustments.append(Adjustment(rule, percent, change, reason))
        self.amount = new

    def add_adjustment(self, rule: str, percent: Decimal | None, change: Decimal, reason: str) -> None:
        if self.amount is None or change == 0:
            return
        self.adjustments.append(Adjustment(rule, percent, change, reason))
        self.amount += change


def rebuild(hcpcs: str, modifiers: tuple[str, ...], units: int) -> str:
    text = "-".join((hcpcs, *modifiers))
    return f"{text}x{units}" if units > 1 else text
