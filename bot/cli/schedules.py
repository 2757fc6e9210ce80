"""CLI helpers for the non-PFS schedules: load them, print a quote, write a whole schedule as CSV."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Sequence

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from bot.cli.db import open_or_fail
from bot.pricing.errors import NoReleaseError, PricingError
from bot.pricing.schedules.library import ScheduleLibrary
from bot.pricing.schedules.output import asc_csv, asp_csv, clfs_csv, dmepos_csv, opps_csv
from bot.pricing.schedules.pick import schedule_named
from bot.pricing.schedules.releases import S, pick_release
from bot.pricing.schedules.types import ASC, ASP, CLFS, DMEPOS, OPPS, ScheduleQuote
from bot.render.schedule_quote import schedule_quote_lines
from storage.repositories.schedules import ScheduleFileStatus, load_schedules

CSV_SCHEDULES = ("clfs", "asp", "dmepos", "opps", "asc")


async def load_schedule_library() -> ScheduleLibrary:
    """Every imported CLFS, ASP, DMEPOS, OPPS and ASC release from BILLBOT_DATABASE_URL."""
    db = await open_or_fail()
    try:
        async with db.session() as session:
            return await load_schedules(session)
    finally:
        await db.dispose()


def _by_label(group: Sequence[S], release: str | None, name: str) -> S:
    if release is None:
        return pick_release(group, None, name).snapshot
    for snap in group:
        if snap.release.label.upper().replace(" ", "") == release.upper().replace(" ", ""):
            return snap
    loaded = ", ".join(s.release.label for s in group) or "none"
    raise NoReleaseError(f"{name} release {release!r} is not loaded. Loaded: {loaded}.")


def schedule_rows(
    library: ScheduleLibrary, schedule: str, release: str | None, state: str | None
) -> Iterator[list[str]]:
    """The CSV rows (header first) of one schedule's release (newest unless named); DMEPOS for a state."""
    name = schedule_named(schedule)
    if name == CLFS:
        return clfs_csv(_by_label(library.clfs, release, CLFS))
    if name == ASP:
        return asp_csv(_by_label(library.asp, release, ASP))
    if name == DMEPOS:
        if not state or len(state.strip()) != 2:
            raise PricingError("The DMEPOS fee schedule is per state: add --state TX (or another 2-letter state).")
        return dmepos_csv(_by_label(library.dmepos, release, DMEPOS), state)
    if name == OPPS:
        return opps_csv(_by_label(library.opps, release, OPPS))
    if name == ASC:
        return asc_csv(_by_label(library.asc, release, ASC))
    raise PricingError(f"fee-schedule --schedule takes {', '.join(CSV_SCHEDULES)} (or pfs with --locality).")


def write_schedule_csv(library: ScheduleLibrary, schedule: str, release: str | None, state: str | None) -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerows(schedule_rows(library, schedule, release, state))


def schedule_status_lines(files: Sequence[ScheduleFileStatus]) -> list[str]:
    """`billbot data status` lines for the CLFS, ASP, DMEPOS, OPPS and ASC releases and their files."""
    lines: list[str] = []
    last: tuple[str, str] | None = None
    for f in files:
        if (f.schedule, f.release) != last:
            last = (f.schedule, f.release)
            to = f.effective_to.isoformat() if f.effective_to else "open"
            lines.append(f"{f.release}  effective {f.effective_from}..{to}  (period from {f.period_source})")
        lines.append(f"  {f.part:<10} {f.name:<40} {f.rows:>8,} rows  imported {f.imported_at:%Y-%m-%d %H:%M}")
    if not files:
        lines.append("Other fee schedules (CLFS, ASP, DMEPOS, OPPS, ASC): none imported")
    return lines


SCHEDULE_CHOICES = ("pfs", "clfs", "asp", "dmepos", "anes", "opps", "asc")


def render_schedule_quote(console: Console, quote: ScheduleQuote) -> None:
    """A CLFS/ASP/DMEPOS/ANES/OPPS/ASC quote as a rich panel (plain lines: amount first, source last)."""
    head, *rest = schedule_quote_lines(quote, mrkdwn=False)
    body = Text("\n".join(rest))
    console.print(Panel(body, title=Text(head, style="bold cyan"), title_align="left", expand=False))
