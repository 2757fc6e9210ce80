"""Which NCCI release a file belongs to (from its name, as CMS publishes it) and which release answers a date.

NCCI versions are numbered ``NN.Q``: ``NN`` counts years from 1994 and ``Q`` the quarter from 0, so
version 29.2 took effect 2023-07-01, 29.3 on 2023-10-01, 31.0 on 2025-01-01 and 32.2 (the file
``ccipra-v322r0-f1``) on 2026-07-01 (2026Q3). ``rN`` is the revision of that quarter's files
(a later revision replaces an earlier one) and ``fN`` the part (practitioner PTP edits come in 4
parts). MUE files carry their effective date in the name (``..._Eff_07-01-2026``). When a name does
not say, the caller passes the effective date explicitly.

Which release answers a date of service:

* PTP and add-on code files are cumulative (every edit since 1996 with its effective and deletion
  dates), so a release answers every date up to the end of its quarter: the release of the date's
  own quarter when loaded, else the earliest later release (its history covers the date, with a
  note). Dates after the last loaded quarter are not covered: edits for them are not loaded.
* MUE files hold only current values, so an MUE release answers only its own quarter (until the
  next loaded MUE release takes over).

Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.pricing.ncci.types import AOC, HOSPITAL, MUE, PRACTITIONER, PTP

_PTP_NAME = re.compile(r"cci(?P<who>pra|oph)-v(?P<major>\d{2})(?P<minor>\d)r(?P<rev>\d+)(?:-f(?P<part>\d+))?", re.I)
_MUE_NAME = re.compile(
    r"MUE_(?P<who>Practitioner|OutpatientHospital|DME\w*?)Services_Eff_(?P<m>\d{2})-(?P<d>\d{2})-(?P<y>\d{4})", re.I
)
_AOC_QUARTER = re.compile(r"(?P<y>20\d{2})[ _-]?Q(?P<q>[1-4])", re.I)
_AOC_VERSION = re.compile(r"v(?P<major>\d{2})(?P<minor>\d)(?:r(?P<rev>\d+))?", re.I)
_EFF_DATE = re.compile(r"Eff(?:ective)?[ _-]?(?P<m>\d{2})-(?P<d>\d{2})-(?P<y>\d{4})", re.I)


class ReleaseNameError(ValueError):
    """The file name does not say which release it belongs to."""


@dataclass(frozen=True, slots=True)
class ReleaseId:
    """Identity of one NCCI release, derived from a file name."""

    kind: str  # PTP, MUE, AOC
    setting: str  # PRACTITIONER, HOSPITAL
    key: str  # stable id within kind+setting: "v322r0", "2026-07-01", "2026Q3"
    effective: date
    revision: int = 0
    part: int = 0  # fN; 0 when the data set is a single file

    @property
    def quarter(self) -> str:
        return f"{self.effective.year}Q{(self.effective.month - 1) // 3 + 1}"

    @property
    def name(self) -> str:
        who = "practitioner" if self.setting == PRACTITIONER else "outpatient hospital"
        if self.kind == PTP:
            version = f"v{self.key[1:3]}.{self.key[3]}r{self.revision}"
            return f"NCCI {who} PTP {version} ({self.quarter})"
        if self.kind == MUE:
            return f"NCCI {who} MUE effective {self.effective.isoformat()}"
        return f"NCCI add-on code edits {self.key} ({self.quarter})"


def version_effective(major: int, minor: int) -> date:
    """First day of the quarter NCCI version ``major.minor`` took effect (29.2 → 2023-07-01)."""
    if not 0 <= minor <= 3:
        raise ReleaseNameError(f"NCCI version {major}.{minor}: the quarter digit must be 0-3")
    return date(1994 + major, 3 * minor + 1, 1)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: date) -> date:
    start = quarter_start(day)
    nxt = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return nxt - timedelta(days=1)


def identify(file_name: str, kind: str, effective: date | None = None) -> ReleaseId:
    """The release a file belongs to. `effective` overrides (or supplies) the release's effective date."""
    if kind == PTP:
        m = _PTP_NAME.search(file_name)
        if m is None:
            raise ReleaseNameError(
                f"{file_name}: cannot tell the NCCI PTP release from the file name; keep the name CMS publishes "
                "(e.g. ccipra-v322r0-f1.txt for practitioner, ccioph-v322r0-f1.txt for outpatient hospital)"
            )
        major, minor = int(m["major"]), int(m["minor"])
        eff = effective or version_effective(major, minor)
        setting = PRACTITIONER if m["who"].lower() == "pra" else HOSPITAL
        key = f"v{major:02d}{minor}r{int(m['rev'])}"
        return ReleaseId(PTP, setting, key, eff, int(m["rev"]), int(m["part"] or 0))
    if kind == MUE:
        m = _MUE_NAME.search(file_name)
        if m is None:
            if effective is None:
                raise ReleaseNameError(
                    f"{file_name}: cannot tell the MUE release from the file name; keep the name CMS publishes "
                    "(e.g. MCR_MUE_PractitionerServices_Eff_07-01-2026.csv)"
                )
            return ReleaseId(MUE, PRACTITIONER, effective.isoformat(), effective)
        who = m["who"].lower()
        if who.startswith("dme"):
            raise ReleaseNameError(f"{file_name}: DME supplier MUEs are not used for practitioner claims")
        setting = PRACTITIONER if who == "practitioner" else HOSPITAL
        try:
            mue_eff = effective or date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError as exc:
            raise ReleaseNameError(f"{file_name}: the effective date in the name is not a date ({exc})") from exc
        return ReleaseId(MUE, setting, mue_eff.isoformat(), mue_eff)
    if kind == AOC:
        aoc_eff = effective
        if aoc_eff is None and (m := _AOC_QUARTER.search(file_name)):
            aoc_eff = date(int(m["y"]), 3 * (int(m["q"]) - 1) + 1, 1)
        if aoc_eff is None and (m := _EFF_DATE.search(file_name)):
            aoc_eff = date(int(m["y"]), int(m["m"]), int(m["d"]))
        if aoc_eff is None and (m := _AOC_VERSION.search(file_name)):
            aoc_eff = version_effective(int(m["major"]), int(m["minor"]))
        if aoc_eff is None:
            raise ReleaseNameError(
                f"{file_name}: cannot tell which quarter this add-on code file is for; put the quarter it takes "
                "effect in the file name (e.g. AOC_V2026Q3.txt for July 2026) and import it again"
            )
        q = quarter_start(aoc_eff)
        return ReleaseId(AOC, PRACTITIONER, f"{q.year}Q{(q.month - 1) // 3 + 1}", aoc_eff)
    raise ValueError(f"unknown NCCI data set {kind!r}")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A loaded release as the selector sees it."""

    id: int
    effective: date
    revision: int


@dataclass(frozen=True, slots=True)
class Choice:
    id: int
    note: str  # "" when the release is the one in force on the date


def choose(kind: str, candidates: Iterable[Candidate], dos: date) -> Choice | None:
    """The release that answers `dos` for this data set, or None when none does (see module doc)."""
    best: dict[date, Candidate] = {}
    for c in candidates:
        q = quarter_start(c.effective)
        if q not in best or (c.revision, c.effective) > (best[q].revision, best[q].effective):
            best[q] = c
    if not best:
        return None
    quarters = sorted(best)
    own = [q for q in quarters if best[q].effective <= dos <= quarter_end(q)]
    if own:
        return Choice(best[own[-1]].id, "")
    if kind == MUE:
        return None
    later = [q for q in quarters if best[q].effective > dos]
    if not later:
        return None
    return Choice(best[later[0]].id, "history")
