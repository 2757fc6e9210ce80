"""Which release prices a claim: every line under ONE release.

A date of service picks the release in force; a named release wins. With neither, the newest
release — unless it does not list every code (a partial file), then the newest release that does,
with a note saying so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from bot.pricing.claim.engine import price_claim
from bot.pricing.claim.mixed import other_pricers, route_lines
from bot.pricing.claim.model import Claim, ClaimRequest
from bot.pricing.library import DEFAULT_VARIANT, FeeScheduleLibrary
from bot.pricing.schedule import FeeSchedule
from bot.pricing.schedules.library import ScheduleLibrary

_ROWS = ("", "26", "TC", "53")


def lists(schedule: FeeSchedule, code: str) -> bool:
    return any((code, m) in schedule.rvus for m in _ROWS)


def claim_schedule(
    library: FeeScheduleLibrary,
    codes: Iterable[str],
    dos: date | None,
    release: str | None,
    variant: str | None,
) -> tuple[FeeSchedule, str | None]:
    """(the schedule to price the claim under, a note when it is not the newest release)."""
    if release:
        return library.by_release(release, variant), None
    newest = library.select(dos, variant)
    wanted = list(dict.fromkeys(c.strip().upper() for c in codes))
    missing = [c for c in wanted if not lists(newest, c)]
    if dos is not None or not missing:
        return newest, None
    for older in library.schedules:
        if older is newest or older.release.effective_from > newest.release.effective_from:
            continue
        if older.release.variant and older.release.variant.lower() != (variant or DEFAULT_VARIANT).lower():
            continue
        if all(lists(older, c) for c in wanted):
            return older, (
                f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not in the newest loaded release "
                f"{newest.release.label}; the claim is priced under {older.release.label}, the newest release "
                "that lists every line."
            )
    return newest, None


def today_note(schedule: FeeSchedule, dos: date | None, release: str | None, today: date) -> str | None:
    """Issue 11 §4: with no date, one line when no loaded release covers today, naming the release used."""
    if dos is not None or release or schedule.release.in_force(today):
        return None
    r = schedule.release
    span = f"{r.effective_from.isoformat()} to {r.effective_to.isoformat() if r.effective_to else 'open'}"
    return (
        f"No date of service given and no loaded release covers today ({today.isoformat()}): "
        f"priced under {r.label} ({span})."
    )


def price_encounter(
    library: FeeScheduleLibrary,
    request: ClaimRequest,
    *,
    release: str | None = None,
    variant: str | None = None,
    today: date | None = None,
    book: ScheduleLibrary | None = None,
) -> tuple[Claim, tuple[str, ...]]:
    """The claim under ONE release chosen as above, with the notes that say which and why (first).

    `today` (from the caller's clock) lets the answer say when no loaded release covers today."""
    schedule, fallback = claim_schedule(library, [ln.hcpcs for ln in request.lines], request.dos, release, variant)
    if book is None:  # the PFS alone
        claim = price_claim(schedule, request)
    else:  # each line under the schedule a single quote would pick (lab, drug, supply lines)
        routed = replace(request, lines=route_lines(schedule, book, request.lines, request.dos))
        claim = price_claim(schedule, routed, other_pricers(library, book, routed))
    first = today_note(schedule, request.dos, release, today) if today is not None else None
    return claim, tuple(n for n in (first, fallback) if n)
