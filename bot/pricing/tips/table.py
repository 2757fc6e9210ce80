"""A tip table for one RVU-file column: the indicator's value → the tip it supports. Pure.

Texts are `str.format` templates; `{code}` is the HCPCS code, other fields are named by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.pricing.tips.types import Tip


def derived_tip(text: str, impact: str, column: str, value: str, topic: str, advice: str = "") -> Tip:
    """A tip derived from `column` holding `value` (the source names both, as RVU25D.pdf does).
    `advice` is the advice key (default: the topic; a column gives at most one tip per code)."""
    return Tip(text, impact, f"derived from {column} {value}".strip(), "derived", topic, advice or topic)


@dataclass(frozen=True, slots=True)
class IndicatorTips:
    """The tips one indicator column supports: value → (text, impact)."""

    column: str
    topic: str
    by_value: Mapping[str, tuple[str, str]]

    def tips(self, value: str, **words: str) -> list[Tip]:
        """The tip for `value` (none for a value the table does not list)."""
        entry = self.by_value.get(value)
        if entry is None:
            return []
        text, impact = entry
        return [derived_tip(text.format(**words), impact.format(**words), self.column, value, self.topic)]
