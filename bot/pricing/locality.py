"""Resolve what a biller typed into one Medicare payment locality (carrier + locality + GPCIs).

Accepted forms: `CARRIER-LOCALITY` (`01112-05`), a 5-digit ZIP (`94110`, via the ZIP file), a state
plus part of a locality or county name (`CA san francisco`), or nothing / `national` for the
national average (all GPCIs 1.000).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bot.pricing.errors import UnknownLocalityError, shown
from bot.pricing.schedule import FeeSchedule, Gpci, SourceRef

ONE = Decimal("1.000")
ACCEPTED_FORMS = (
    "a carrier-locality such as 01112-05, a 5-digit ZIP such as 94110, "
    'a state and part of a locality name such as CA "san francisco", or national'
)

_CARRIER_LOCALITY = re.compile(r"^(\d{4,5})\s*[- ]\s*(\d{1,2})$")
_ZIP = re.compile(r"^(\d{5})(?:-\d{4})?$")
_STATE_NAME = re.compile(r"^([A-Za-z]{2})(?:\s*[,:]?\s+(.+))?$")
_NATIONAL = {"", "national", "nat", "national average", "none", "us"}


@dataclass(frozen=True, slots=True)
class Locality:
    """The locality a quote was priced in. `national` means all GPCIs are 1.000 (no locality)."""

    carrier: str  # "" when national
    locality: str  # "" when national
    state: str
    name: str
    work_gpci: Decimal
    pe_gpci: Decimal
    mp_gpci: Decimal
    national: bool
    resolved_from: str  # how it was found, e.g. "ZIP 94110", "locality 01112-05", "national average"
    sources: tuple[SourceRef, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.carrier}-{self.locality}" if not self.national else "national"

    @property
    def label(self) -> str:
        if self.national:
            return "National average (all GPCIs 1.000)"
        return f"{self.carrier}-{self.locality} {self.state} {self.name}".strip()


NATIONAL = Locality("", "", "", "National", ONE, ONE, ONE, True, "national average")


def from_gpci(gpci: Gpci, resolved_from: str, extra: tuple[SourceRef, ...] = ()) -> Locality:
    return Locality(
        carrier=gpci.carrier,
        locality=gpci.locality,
        state=gpci.state,
        name=gpci.name,
        work_gpci=gpci.work,
        pe_gpci=gpci.pe,
        mp_gpci=gpci.mp,
        national=False,
        resolved_from=resolved_from,
        sources=(gpci.source, *extra),
    )


def normalise_key(carrier: str, locality: str) -> str:
    return f"{carrier.strip().zfill(5)}-{locality.strip().zfill(2)}"


def resolve_locality(schedule: FeeSchedule, locality: str | None = None, zip_code: str | None = None) -> Locality:
    """One locality for `locality` (any accepted form) or `zip_code`; national when both are empty."""
    if zip_code is not None and zip_code.strip():
        return _by_zip(schedule, zip_code.strip())
    text = (locality or "").strip().strip("\"'").strip()
    if text.lower() in _NATIONAL:
        return NATIONAL
    if m := _CARRIER_LOCALITY.match(text):
        return _by_key(schedule, normalise_key(m.group(1), m.group(2)), text)
    if _ZIP.match(text):
        return _by_zip(schedule, text)
    if m := _STATE_NAME.match(text):
        return _by_state_name(schedule, m.group(1).upper(), (m.group(2) or "").strip().strip("\"'"))
    raise UnknownLocalityError(f"I can't read the locality {shown(text)}. Use {ACCEPTED_FORMS}.")


def _by_key(schedule: FeeSchedule, key: str, typed: str) -> Locality:
    gpci = schedule.gpcis.get(key)
    if gpci is None:
        raise UnknownLocalityError(
            f"{typed} is not a Medicare payment locality in {schedule.release.label} "
            f"(there are {len(schedule.gpcis)}). Use {ACCEPTED_FORMS}."
        )
    return from_gpci(gpci, f"locality {key}")


def _by_zip(schedule: FeeSchedule, typed: str) -> Locality:
    m = _ZIP.match(typed)
    if not m:
        raise UnknownLocalityError(f"{shown(typed)} is not a 5-digit ZIP code. Use {ACCEPTED_FORMS}.")
    zip5 = m.group(1)
    if not schedule.zips:
        raise UnknownLocalityError(
            f"The ZIP-to-locality file is not imported for {schedule.release.label}, so ZIP {zip5} "
            "can't be placed. Import ZIP5_*.txt, or give the carrier-locality such as 01112-05."
        )
    row = schedule.zips.get(zip5)
    if row is None:
        raise UnknownLocalityError(f"ZIP {zip5} is not in the CMS ZIP-to-locality file. Use {ACCEPTED_FORMS}.")
    key = normalise_key(row.carrier, row.locality)
    gpci = schedule.gpcis.get(key)
    if gpci is None:
        raise UnknownLocalityError(
            f"ZIP {zip5} maps to locality {key}, which has no GPCIs in {schedule.release.label}."
        )
    return from_gpci(gpci, f"ZIP {zip5}", (row.source,))


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _by_state_name(schedule: FeeSchedule, state: str, part: str) -> Locality:
    in_state = [g for g in schedule.gpcis.values() if g.state.upper() == state]
    if not in_state:
        raise UnknownLocalityError(f"{state} is not a state or territory in the GPCI file. Use {ACCEPTED_FORMS}.")
    if not part:
        if len(in_state) == 1:
            return from_gpci(in_state[0], f"state {state}")
        raise UnknownLocalityError(_choose(state, in_state, "has several localities"))
    want = _words(part)
    counties = {normalise_key(c.carrier, c.locality): _words(c.counties) for c in schedule.counties}
    scored: list[tuple[int, Gpci]] = []
    for g in in_state:
        name = _words(g.name)
        main, _, paren = g.name.partition("(")
        score = 0
        if name == want or _words(main) == want:
            score = 3
        elif want in _words(paren) or want in counties.get(g.key, ""):
            score = 2
        elif want in name:
            score = 1
        if score:
            scored.append((score, g))
    if not scored:
        raise UnknownLocalityError(_choose(state, in_state, f"has no locality matching {part!r}"))
    best = max(s for s, _ in scored)
    top = [g for s, g in scored if s == best]
    if len(top) > 1:
        raise UnknownLocalityError(_choose(state, top, f"has several localities matching {part!r}"))
    return from_gpci(top[0], f"{state} {part!r}")


def _choose(state: str, options: list[Gpci], why: str) -> str:
    listed = "; ".join(f"{g.key} {g.name}" for g in sorted(options, key=lambda g: g.key)[:12])
    more = f" (and {len(options) - 12} more)" if len(options) > 12 else ""
    return f"{state} {why}. Pick one by carrier-locality: {listed}{more}."
