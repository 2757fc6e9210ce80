"""Each schedule picks its own release in force for the date of service. Pure.

Rule: with no date, the newest release; with a date, the release whose period covers it (the one
starting latest when two overlap: a mid-quarter correction wins). When none covers the date but an
earlier release exists, that newest earlier release is used and the pick says so (lower
confidence): CMS updates these schedules quarterly and the next file may not be imported yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, Protocol, TypeVar

from bot.pricing.errors import NoReleaseError
from bot.pricing.schedules.types import ScheduleRelease


class HasRelease(Protocol):
    @property
    def release(self) -> ScheduleRelease: ...


S = TypeVar("S", bound=HasRelease)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Pick(Generic[T]):
    """The snapshot chosen, and a note when it does not cover the date of service."""

    snapshot: T
    note: str = ""


def newest_first(snapshots: Iterable[S]) -> tuple[S, ...]:
    return tuple(sorted(snapshots, key=lambda s: (s.release.effective_from, s.release.label), reverse=True))


def pick_release(snapshots: Sequence[S], dos: date | None, schedule: str) -> Pick[S]:
    """The release of `schedule` in force on `dos` (newest when None). Raises NoReleaseError."""
    ordered = newest_first(snapshots)
    if not ordered:
        raise NoReleaseError(f"No {schedule} file is imported. Import it first: billbot data import PATH")
    if dos is None:
        return Pick(ordered[0])
    for snap in ordered:
        if snap.release.in_force(dos):
            return Pick(snap)
    for snap in ordered:
        if snap.release.effective_from <= dos:
            return Pick(
                snap,
                f"No imported {schedule} release covers {dos.isoformat()}: priced from {snap.release.label} "
                f"({snap.release.period}), the newest one before it.",
            )
    loaded = ", ".join(f"{s.release.label} ({s.release.period})" for s in ordered)
    raise NoReleaseError(
        f"No imported {schedule} release covers the date of service {dos.isoformat()}. Loaded: {loaded}."
    )
