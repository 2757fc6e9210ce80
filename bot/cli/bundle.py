"""`billbot bundle CODE[-MOD] CODE[-MOD] ... [--dos YYYY-MM-DD] [--json]`: NCCI bundling flags for a claim.

Each code may carry modifiers and units: ``77002-26``, ``11750-F1-59``, ``97110x4``. The date of
service defaults to today. Text by default; ``--json`` prints the machine-readable answer
(``bundling_json``: ``bundling`` / ``mue`` / ``addon`` / ``notes``).
"""

from __future__ import annotations

import json
from datetime import date

import click

from bot.cli._common import fail, run
from bot.cli.db import open_or_fail
from bot.clock import Clock
from bot.config import get_settings
from bot.pricing.errors import PricingError
from bot.pricing.library import FeeScheduleLibrary
from bot.pricing.lines import ClaimLine, parse_lines
from bot.pricing.ncci.findings import BundlingResult, bundling_json
from bot.pricing.ncci.types import HOSPITAL, PRACTITIONER
from bot.pricing.schedule import FeeSchedule
from storage.repositories.fee_schedule import load_fee_schedules
from storage.repositories.ncci import check_lines


def _parse_dos(text: str | None) -> date:
    if text is None or not text.strip():
        return Clock(get_settings().timezone).today()  # today in BILLBOT_TIMEZONE, as /cpt reads it
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        fail(f"--dos {text!r} is not a date: use YYYY-MM-DD, e.g. --dos 2026-07-01.")


async def _check(lines: tuple[ClaimLine, ...], dos: date, setting: str) -> BundlingResult:
    db = await open_or_fail()
    try:
        async with db.session() as session:
            library = FeeScheduleLibrary(await load_fee_schedules(session))
            schedule: FeeSchedule | None
            try:
                schedule = library.select(dos)
            except PricingError:
                schedule = None
            return await check_lines(session, lines, dos, schedule, setting)
    finally:
        await db.dispose()


def render_text(result: BundlingResult, extra_notes: tuple[str, ...] = ()) -> str:
    """The readable answer (what `billbot bundle` prints)."""
    codes = ", ".join(line.label for line in result.lines)
    setting = "outpatient hospital" if result.setting == HOSPITAL else "practitioner"
    out = [f"NCCI check for {result.dos.isoformat()} ({setting}): {codes}"]
    sources = [
        f"PTP: {result.ptp_release.name if result.ptp_release else 'not loaded'}",
        f"MUE: {result.mue_release.name if result.mue_release else 'not loaded'}",
        f"add-on: {result.aoc_release.name if result.aoc_release else 'not loaded'}",
    ]
    out.append("  " + " | ".join(sources))
    if result.pairs:
        out.append("")
        out.append("PTP edits:")
        for p in result.pairs:
            mark = "ok  " if p.bypassed else "DENY"
            out.append(f"  [{mark}] {p.message}")
            until = p.edit.deleted.isoformat() if p.edit.deleted else "no deletion date"
            out.append(f"         {p.explanation}")
            out.append(
                f"         rationale: {p.edit.rationale}; in force {p.edit.effective.isoformat()} to {until}; "
                f"{p.edit.release}" + (f" ({p.edit.source})" if p.edit.source else "")
            )
    if result.mue:
        out.append("")
        out.append("MUE (medically unlikely edits):")
        for m in result.mue:
            mark = "OVER" if m.exceeded else "ok  "
            out.append(f"  [{mark}] {m.code}: {m.statement}")
            out.append(f"         {m.edit.adjudication}; rationale: {m.edit.rationale or '-'}; {m.edit.release}")
    if result.addon:
        out.append("")
        out.append("Add-on codes:")
        for a in result.addon:
            mark = {True: "ok  ", False: "DENY", None: "?   "}[a.eligible]
            out.append(f"  [{mark}] {a.message}")
    notes = (*extra_notes, *result.notes)
    if notes:
        out.append("")
        out.append("Notes:")
        out.extend(f"  - {n}" for n in notes)
    return "\n".join(out)


@click.command("bundle")
@click.argument("codes", nargs=-1, metavar="CODE[-MOD] CODE[-MOD] ...")
@click.option("--dos", "dos_text", metavar="YYYY-MM-DD", help="Date of service (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (bundling / mue / addon / notes).")
@click.option(
    "--setting",
    type=click.Choice([PRACTITIONER, HOSPITAL]),
    default=PRACTITIONER,
    show_default=True,
    help="Which NCCI edit tables: practitioner (ccipra) or outpatient hospital (ccioph).",
)
def bundle(codes: tuple[str, ...], dos_text: str | None, as_json: bool, setting: str) -> None:
    """Flag NCCI bundling (PTP pairs, MUE units, add-on codes) for the codes billed on one date.

    Units follow the code: 97110x4, 0009U*3 or 0009U x3; modifiers after dashes: 20610-RT-59.
    An edit is in force from its effective date through its deletion date (CMS gives an edit that a
    release removes the day before that release starts as its deletion date)."""
    if not codes:
        fail("Give the codes billed on one date, e.g. billbot bundle 99213-25 20610 77002 --dos 2026-07-01")
    dos = _parse_dos(dos_text)
    parsed = parse_lines(codes)
    if parsed.errors:
        fail("\n".join(parsed.errors))
    result = run(_check(parsed.lines, dos, setting))
    if as_json:
        data = bundling_json(result)
        data["notes"] = [*parsed.notes, *data["notes"]]
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(render_text(result, parsed.notes))


def register(cli: click.Group) -> None:
    """Attach this module's commands to the top-level group."""
    cli.add_command(bundle)
