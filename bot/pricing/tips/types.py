"""The `Tip` type and the optional per-code limits a caller can pass in (e.g. MUE from NCCI data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TipKind = Literal["derived", "curated"]


@dataclass(frozen=True, slots=True)
class Tip:
    """One billing tip: what to do, the one-line impact on payment/denials, and where it comes from."""

    text: str
    impact: str
    source: str  # "derived from <indicator>" or "curated"
    kind: TipKind
    topic: str  # short key, e.g. "add-on", "pctc", "global", "bundling", "units", "documentation"
    advice: str = ""  # what the tip advises, as a key: two tips with the same key say the same thing
    reference: str = ""  # a curated tip's source: CMS manual chapter/section, MLN article or file field

    @property
    def advice_key(self) -> str:
        """The key replies de-duplicate on (the topic when no explicit advice key was given)."""
        return self.advice or self.topic


@dataclass(frozen=True, slots=True)
class UnitLimit:
    """A medically unlikely edit (MUE) or other per-day/per-session unit limit, supplied by the caller."""

    max_units: int
    adjudication: str = ""  # MUE adjudication indicator text, e.g. "2 Date of Service Edit: Policy"
    rationale: str = ""
    source: str = "MUE"  # e.g. "MUE practitioner file (MCR_MUE_PractitionerServices_Eff_07-01-2026)"
