"""`billbot price CODE [MOD ...]` and `billbot fee-schedule --locality CARRIER-LOCALITY --csv`."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from decimal import Decimal

import click
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.cli._common import fail, run
from bot.cli.db import open_or_fail
from bot.cli.schedules import (
    CSV_SCHEDULES,
    SCHEDULE_CHOICES,
    load_schedule_library,
    render_schedule_quote,
    write_schedule_csv,
)
from bot.pricing.errors import PricingError, shown
from bot.pricing.fee_schedule import CSV_HEADER, fee_schedule_lines
from bot.pricing.library import FeeScheduleLibrary
from bot.pricing.locality import resolve_locality
from bot.pricing.quote import Quote, QuoteRequest, SettingAmount
from bot.pricing.schedule import FeeSchedule
from bot.pricing.schedules.combined import ScheduleAsk, any_quote_json, price_any
from bot.pricing.schedules.library import ScheduleLibrary
from storage.repositories.fee_schedule import list_releases, load_fee_schedules

DISCLAIMER = (
    "Typical-case estimate under standard Medicare rules; actual payment depends on payer, documentation and locality."
)


async def load_library() -> FeeScheduleLibrary:
    """Every imported release from the database named by BILLBOT_DATABASE_URL."""
    db = await open_or_fail()
    try:
        async with db.session() as session:
            return FeeScheduleLibrary(await load_fee_schedules(session))
    finally:
        await db.dispose()


async def load_libraries() -> tuple[FeeScheduleLibrary, ScheduleLibrary]:
    """The PFS releases and the other schedules' releases, from one database session."""
    from storage.repositories.schedules import load_schedules

    db = await open_or_fail()
    try:
        async with db.session() as session:
            return FeeScheduleLibrary(await load_fee_schedules(session)), await load_schedules(session)
    finally:
        await db.dispose()


async def load_one_schedule(release: str | None, variant: str | None, with_zips: bool = False) -> FeeSchedule:
    """Just the release a one-shot command needs (ZIP maps only when asked): chosen from release
    metadata with the library's own rules (newest, nonQPP default), then loaded alone."""
    db = await open_or_fail()
    try:
        async with db.session() as session:
            releases = await list_releases(session)
            outlines = FeeScheduleLibrary([FeeSchedule(release=r, rvus={}, gpcis={}) for r in releases])
            label = pick_schedule(outlines, None, release, variant).release.label
            schedules = await load_fee_schedules(session, only={label}, with_zips=with_zips)
            return next(s for s in schedules if s.release.label == label)
    finally:
        await db.dispose()


def parse_dos(text: str | None) -> date | None:
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        fail(f"--dos {shown(text)} is not a date: use YYYY-MM-DD, e.g. --dos 2025-11-01.")


def split_code(code: str, modifiers: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """`77002-26` or `77002 26` → ("77002", ("26",))."""
    parts = [p for p in code.replace(",", "-").split("-") if p.strip()]
    if not parts:
        fail("Give a HCPCS/CPT code, e.g. billbot price 77002 26.")
    return parts[0], (*parts[1:], *modifiers)


def pick_schedule(
    library: FeeScheduleLibrary, dos: date | None, release: str | None, variant: str | None
) -> FeeSchedule:
    if release:
        return library.by_release(release, variant)
    return library.select(dos, variant)


# --------------------------------------------------------------------------- text rendering


def _money(amount: Decimal | None) -> str:
    return "no fee" if amount is None else f"${amount:,.2f}"


def _setting_cell(s: SettingAmount) -> Text:
    text = Text(_money(s.amount), style="bold green" if s.amount is not None else "yellow")
    extra = []
    if s.na:
        extra.append("NA")
    if s.cap_applied:
        extra.append(f"OPPS cap; PFS {_money(s.pfs_amount)}")
    if s.amount is not None and s.fee_amount is not None and s.amount != s.fee_amount:
        extra.append(f"fee schedule {_money(s.fee_amount)}")
    if extra:
        text.append(f"  ({'; '.join(extra)})", style="dim")
    return text


def render_quote(console: Console, quote: Quote, tips: bool = True) -> None:
    from bot.pricing.tips import tips_for  # reads the curated YAML once; only the text view needs it
    from bot.pricing.tips.derive import is_surgical

    code = quote.hcpcs + (f"-{'-'.join(quote.modifiers)}" if quote.modifiers else "")
    title = Text(code, style="bold cyan")
    title.append(f"  {quote.description}", style="")
    loc = quote.locality
    head = Table.grid(padding=(0, 2))
    head.add_column(style="dim")
    head.add_column()
    head.add_row("Status", f"{quote.status}: {quote.status_text}")
    head.add_row("Locality", f"{loc.label}  [dim](from {loc.resolved_from})[/dim]")
    head.add_row("Release", f"{quote.release}, conversion factor {quote.conversion_factor}")
    if quote.units != 1:
        head.add_row("Units", str(quote.units))
    head.add_row(
        "Non-facility" + (" ◀" if quote.setting == "nonfacility" else ""),
        _setting_cell(quote.nonfacility),
    )
    head.add_row("Facility" + (" ◀" if quote.setting == "facility" else ""), _setting_cell(quote.facility))

    rvus = Table(title="RVU × GPCI", title_justify="left", show_edge=False, pad_edge=False)
    rvus.add_column("")
    rvus.add_column("RVU", justify="right")
    rvus.add_column("GPCI", justify="right")
    rvus.add_column("non-facility", justify="right")
    rvus.add_column("facility", justify="right")
    names = {"work": "Work", "pe": "Practice expense", "mp": "Malpractice"}
    for nf, f in zip(quote.nonfacility.components, quote.facility.components, strict=True):
        rvu = f"{nf.rvu}" if nf.rvu == f.rvu else f"{nf.rvu} / {f.rvu}"
        rvus.add_row(names[nf.name], rvu, f"{nf.gpci}", f"{nf.adjusted:.4f}", f"{f.adjusted:.4f}")
    rvus.add_row(
        "Total",
        f"{quote.nonfacility.total_rvu} / {quote.facility.total_rvu}",
        "",
        f"{quote.nonfacility.adjusted_rvu:.4f}",
        f"{quote.facility.adjusted_rvu:.4f}",
        style="bold",
    )

    body: list[RenderableType] = [head]
    if quote.payable or quote.nonfacility.total_rvu or quote.facility.total_rvu:
        body += [Text(""), rvus]
    lines: list[tuple[str, str]] = []
    for e in quote.modifier_effects:
        lines.append((f"Modifier {e.modifier}", e.text))
    for n in quote.na_notes:
        lines.append(("NA", n))
    for n in quote.notes:
        lines.append(("Note", n))
    labels = {"global_days": "Global period", "pctc": "PC/TC", "mult_proc": "Multiple proc."}
    if is_surgical(quote.row):
        labels |= {"bilat_surg": "Bilateral", "asst_surg": "Assistant", "co_surg": "Co-surgery", "team_surg": "Team"}
    for i in quote.indicators:
        if i.name in labels and i.value.strip() not in ("9", "09", "XXX", "") and (i.name, i.value) != ("pctc", "0"):
            lines.append((labels[i.name], f"{i.value}: {i.text}"))
    lines.append(("Confidence", f"{quote.confidence}: " + " ".join(quote.confidence_reasons)))
    lines.append(("Source", ", ".join(str(s) for s in quote.sources)))
    notes = Table.grid(padding=(0, 2))
    notes.add_column(style="dim", no_wrap=True)
    notes.add_column()
    for k, v in lines:
        notes.add_row(k, v)
    body += [Text(""), notes]
    if tips:
        tip_list = tips_for(quote.row, opps_cap_applied=quote.cap_applied)
        if tip_list:
            t = Table.grid(padding=(0, 1))
            t.add_column(no_wrap=True)
            t.add_column()
            for tip in tip_list:
                t.add_row(
                    "•",
                    Text(tip.text).append(f"\n{tip.impact}", style="italic").append(f"  [{tip.source}]", style="dim"),
                )
            body += [Text(""), Text("Billing tips", style="bold"), t]
    body += [Text(""), Text(DISCLAIMER, style="dim italic")]
    console.print(Panel(Group(*body), title=title, title_align="left", expand=False))


# --------------------------------------------------------------------------- commands


@click.command("price")
@click.argument("code")
@click.argument("modifiers", nargs=-1)
@click.option("--locality", help='CARRIER-LOCALITY (01112-05), or a state and part of a name: "CA san francisco".')
@click.option("--zip", "zip_code", help="5-digit ZIP code of the place of service.")
@click.option("--facility", is_flag=True, help="Facility setting (hospital, ASC); default non-facility (office).")
@click.option("--units", default=1, type=click.IntRange(1, 999), show_default=True)
@click.option("--dos", help="Date of service YYYY-MM-DD: picks the release in force (default: newest).")
@click.option("--npp", is_flag=True, help="Billed by a nurse practitioner/PA/CNS under their own NPI (85%).")
@click.option("--release", "release", help="Price under this release (e.g. RVU25D) instead of by date.")
@click.option("--variant", help="CY2026 on: nonQPP (default) or QPP.")
@click.option(
    "--schedule",
    type=click.Choice(SCHEDULE_CHOICES, case_sensitive=False),
    help="Fee schedule to price under (default: the PFS where payable, else the one that lists the code).",
)
@click.option("--base", "base_units", type=click.FloatRange(0, 100), help="Anesthesia base units (e.g. 4).")
@click.option("--minutes", type=click.IntRange(0, 24 * 60), help="Anesthesia time in minutes.")
@click.option("--induction", is_flag=True, help="Anesthesia AD: the physician was present at induction.")
@click.option("--rural", is_flag=True, help="DMEPOS: the place of service is rural (the rural fee).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def price_command(
    code: str,
    modifiers: tuple[str, ...],
    locality: str | None,
    zip_code: str | None,
    facility: bool,
    units: int,
    dos: str | None,
    npp: bool,
    release: str | None,
    variant: str | None,
    schedule: str | None,
    base_units: float | None,
    minutes: int | None,
    induction: bool,
    rural: bool,
    as_json: bool,
) -> None:
    """Medicare fee-schedule amount for CODE with optional modifiers, e.g. `billbot price 77002 26`."""
    if locality and zip_code:
        fail("Give either --locality or --zip, not both.")
    hcpcs, mods = split_code(code, modifiers)
    day = parse_dos(dos)
    library, book = run(load_libraries())
    ask = ScheduleAsk(
        schedule=schedule,
        base_units=None if base_units is None else Decimal(str(base_units)),
        minutes=minutes,
        induction=induction,
        rural=True if rural else None,
        variant=variant,
        release=release,
    )
    try:
        quote = price_any(library, book, QuoteRequest(hcpcs, mods, units, locality, zip_code, facility, day, npp), ask)
    except PricingError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps({"quotes": [any_quote_json(quote)]}, indent=2))
        return
    if quote.pfs is not None:
        render_quote(Console(), quote.pfs)
    else:
        assert quote.other is not None
        render_schedule_quote(Console(), quote.other)


@click.command("fee-schedule")
@click.option("--locality", help="CARRIER-LOCALITY (01112-05), a 5-digit ZIP, or a state and part of a name (PFS).")
@click.option("--release", "release", help="Release to write (e.g. RVU25D, CLFS 2025Q2); default the newest.")
@click.option("--variant", help="CY2026 on: nonQPP (default) or QPP.")
@click.option(
    "--schedule",
    "which",
    type=click.Choice(("pfs", *CSV_SCHEDULES), case_sensitive=False),
    default="pfs",
    show_default=True,
    help="Which fee schedule to write.",
)
@click.option("--state", help="DMEPOS: the state whose fees to write (e.g. TX).")
@click.option("--csv", "as_csv", is_flag=True, help="Write CSV to stdout (the only format).")
def fee_schedule_command(
    locality: str | None, release: str | None, variant: str | None, which: str, state: str | None, as_csv: bool
) -> None:
    """Write a whole fee schedule: the PFS for one locality, or a CLFS/ASP/DMEPOS/OPPS/ASC release."""
    if not as_csv:
        fail(
            "fee-schedule writes CSV only: add --csv (e.g. billbot fee-schedule --locality 01112-05 --csv > fees.csv)."
        )
    if which.lower() != "pfs":
        try:
            write_schedule_csv(run(load_schedule_library()), which, release, state)
        except PricingError as exc:
            fail(str(exc))
        return
    if not locality:
        fail("The PFS fee schedule is per locality: add --locality (e.g. --locality 01112-05).")
    try:
        is_zip = locality.strip().isdigit() and len(locality.strip()) == 5  # the ZIP map is only read for a ZIP
        schedule = run(load_one_schedule(release, variant, with_zips=is_zip))
        loc = resolve_locality(schedule, locality)
        lines = fee_schedule_lines(schedule, loc)
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(CSV_HEADER)
        out.writerows(line.csv_cells() for line in lines)
    except PricingError as exc:
        fail(str(exc))


def register(cli: click.Group) -> None:
    """Attach this module's commands to the top-level group."""
    cli.add_command(price_command)
    cli.add_command(fee_schedule_command)
