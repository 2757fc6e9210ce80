"""`billbot claim LINE... [--locality C-L | --zip Z] [--facility] [--dos D] [--json]`: one encounter priced
under Medicare's claim rules (bilateral, multiple surgery, endoscopy families, imaging/therapy session
reductions, assistant/co-surgeon, NPP), with the NCCI bundling check of the same lines.

A LINE is what a biller types, the forms /cpt accepts: ``27447-RT``, ``97110x4``, ``73721-26``,
``20610-50``, or several in one argument (``"64483 77003"``).
"""

from __future__ import annotations

import json
from typing import Any

import click

from bot.cli._common import fail, run
from bot.cli.db import open_or_fail
from bot.cli.price import DISCLAIMER, parse_dos
from bot.clock import Clock
from bot.config import get_settings
from bot.pricing.claim import Claim, ClaimRequest, claim_json
from bot.pricing.claim.release import price_encounter
from bot.pricing.errors import PricingError
from bot.pricing.library import FeeScheduleLibrary
from bot.pricing.lines import ClaimLine, ClaimLineError, join_units, parse_line
from bot.pricing.ncci.findings import BundlingResult, bundling_json
from bot.pricing.ncci.types import PRACTITIONER
from storage.repositories.fee_schedule import load_fee_schedules
from storage.repositories.ncci import check_lines
from storage.repositories.schedules import load_schedules


def parse_claim_lines(args: tuple[str, ...]) -> tuple[ClaimLine, ...]:
    """Every typed line, in order: a code typed twice is two lines (two procedures).

    The line forms /cpt and billbot bundle read (bot.pricing.lines); `x3` typed alone joins the code before."""
    tokens = join_units(tok for arg in args for tok in arg.replace(",", " ").split())
    lines: list[ClaimLine] = []
    errors: list[str] = []
    for tok in tokens:
        try:
            lines.append(parse_line(tok))
        except ClaimLineError as exc:
            errors.append(str(exc))
    if errors:
        fail("\n".join(errors))
    if not lines:
        fail("Give the lines of one encounter, e.g. billbot claim 27447-RT 20610-LT 97110x4 --locality 01112-05")
    return tuple(lines)


async def _price(
    lines: tuple[ClaimLine, ...], request: ClaimRequest, release: str | None, variant: str | None
) -> tuple[Claim, BundlingResult, list[str]]:
    db = await open_or_fail()
    try:
        async with db.session() as session:
            library = FeeScheduleLibrary(await load_fee_schedules(session, with_zips=request.zip_code is not None))
            book = await load_schedules(session)  # lab, drug and supply lines are priced by their own schedule
            try:
                today = Clock(get_settings().timezone).today()  # as /cpt and billbot bundle read it
                claim, notes = price_encounter(library, request, release=release, variant=variant, today=today,
                                               book=book)
                schedule = library.by_release(claim.release)
            except PricingError as exc:
                fail(str(exc))
            bundling = await check_lines(session, lines, request.dos or today, schedule, PRACTITIONER)
            return claim, bundling, list(notes)
    finally:
        await db.dispose()


def render_text(claim: Claim, bundling: BundlingResult, notes: list[str]) -> str:
    out = [f"Claim under {claim.release}, {claim.locality}, {claim.setting.replace('nonfacility', 'non-facility')}"]
    out += notes
    width = max(len(ln.line) for ln in claim.lines)
    for ln in claim.lines:
        fee = "no fee" if ln.fee_schedule_amount is None else f"${ln.fee_schedule_amount:,.2f}"
        allowed = "MAC prices" if ln.allowed_amount is None else f"${ln.allowed_amount:,.2f}"
        out.append(f"  {ln.line:<{width}}  fee schedule {fee:>11}  allowed {allowed:>11}")
        for a in ln.adjustments:
            pct = "" if a.percent is None else f" {a.percent.normalize():f}%"
            out.append(f"      {a.rule}{pct} {a.amount:+,.2f}: {a.reason}")
    out.append(f"  Total allowed ${claim.total_allowed:,.2f}")
    for p in bundling.pairs:
        out.append(f"  NCCI: {p.message}")
    for m in bundling.mue:
        if m.exceeded:
            out.append(f"  MUE: {m.code}: {m.statement}")
    for addon in bundling.addon:
        if addon.eligible is False:
            out.append(f"  Add-on: {addon.message}")
    out += [f"  - {n}" for n in (*claim.notes, *bundling.notes)]
    out.append(DISCLAIMER)
    return "\n".join(out)


@click.command("claim")
@click.argument("lines", nargs=-1, metavar="LINE...")
@click.option("--locality", help='CARRIER-LOCALITY (01112-05), or a state and part of a name: "CA san francisco".')
@click.option("--zip", "zip_code", help="5-digit ZIP code of the place of service.")
@click.option("--facility", is_flag=True, help="Facility setting (hospital, ASC); default non-facility (office).")
@click.option("--dos", help="Date of service YYYY-MM-DD: picks the release in force (default: newest).")
@click.option("--npp", is_flag=True, help="Billed by a nurse practitioner/PA/CNS under their own NPI (85%).")
@click.option("--release", "release", help="Price under this release (e.g. RVU25D) instead of by date.")
@click.option("--variant", help="CY2026 on: nonQPP (default) or QPP.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def claim_command(
    lines: tuple[str, ...],
    locality: str | None,
    zip_code: str | None,
    facility: bool,
    dos: str | None,
    npp: bool,
    release: str | None,
    variant: str | None,
    as_json: bool,
) -> None:
    """Price one encounter (same patient, day and provider) under Medicare's claim rules."""
    if locality and zip_code:
        fail("Give either --locality or --zip, not both.")
    parsed = parse_claim_lines(lines)
    day = parse_dos(dos)
    request = ClaimRequest(parsed, locality, zip_code, facility, day, npp)
    claim, bundling, notes = run(_price(parsed, request, release, variant))
    if as_json:
        data: dict[str, Any] = claim_json(claim, bundling_json(bundling), tuple(notes))
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(render_text(claim, bundling, notes))


def register(cli: click.Group) -> None:
    cli.add_command(claim_command)
