"""`billbot data import PATH...` and `billbot data status`."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot.cli._common import fail, run
from bot.cli.db import open_or_fail
from bot.cli.printable import printable
from bot.cli.schedules import schedule_status_lines
from bot.pricing.ncci.types import HOSPITAL, PRACTITIONER
from storage.db import Database
from storage.importers.errors import CmsFileError
from storage.importers.service import import_paths
from storage.importers.sources import SourceError
from storage.repositories.fee_schedule import data_status
from storage.repositories.ncci import loaded_releases
from storage.repositories.schedules import schedule_status


class RichProgress:
    """Adapter from the importer's progress protocol to a rich progress bar."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: Any = None

    def start(self, label: str, total: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, visible=False)
        self.task = self.progress.add_task(label, total=total)

    def advance(self, amount: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, amount)


METRICS_TEXTFILE_VARIABLE = "BILLBOT_METRICS_TEXTFILE"


async def _open() -> Database:
    return await open_or_fail()


async def _import(paths: tuple[Path, ...], show_progress: bool, allow_fewer_rows: bool = False) -> None:
    db = await _open()
    console = Console(stderr=True)
    started = time.monotonic()
    metrics_file = os.environ.get(METRICS_TEXTFILE_VARIABLE)
    report = None
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not show_progress,
            transient=True,
        ) as progress:
            report = await import_paths(db.engine, list(paths), RichProgress(progress), allow_fewer_rows)
    except (CmsFileError, SourceError) as exc:
        fail(printable(f"Import failed, nothing was changed: {exc}"))
    except (OSError, zipfile.BadZipFile) as exc:
        fail(printable(f"Import failed, nothing was changed: cannot read a file: {exc}"))
    finally:
        await db.dispose()
        if metrics_file:  # for node_exporter's textfile collector: success, duration, rows by kind
            from bot.metrics import write_import_metrics

            write_import_metrics(metrics_file, success=report is not None, seconds=time.monotonic() - started,
                                 rows=report.rows if report is not None else {})  # fmt: skip
    # File names come from outside (downloads, archives): printed escaped, they cannot forge a line.
    for line in report.lines:
        click.echo(printable(line))
    for note in report.notes:
        click.echo(printable(f"note: {note}"))
    if not report.changed:
        click.echo("Nothing changed: every file was already imported.")


async def _status() -> None:
    db = await _open()
    try:
        async with db.session() as session:
            status = await data_status(session)
            ncci = [
                *await loaded_releases(session, PRACTITIONER),
                *[r for r in await loaded_releases(session, HOSPITAL) if r.setting == HOSPITAL],
            ]
            other_schedules = await schedule_status(session)
    finally:
        await db.dispose()
    if not status.releases and not status.zip_files and not ncci and not other_schedules:
        click.echo("No CMS data imported yet. Run: billbot data import ../shared/cms")
        return
    for rel in status.releases:
        to = rel.effective_to.isoformat() if rel.effective_to else "open"
        click.echo(f"{rel.label}  effective {rel.effective_from}..{to}  CF {rel.conversion_factor}")
        for f in rel.files:
            line = f"  {f.kind:<8} {f.name:<40} {f.rows:>8,} rows  imported {f.imported_at:%Y-%m-%d %H:%M}"
            click.echo(printable(line))
        if rel.missing:
            click.echo(f"  (no {', '.join(k.upper() for k in rel.missing)} file in this release)")
    for z in status.zip_files:
        click.echo(printable(
            f"ZIP localities {z.year_quarter}  {z.name}  {z.rows:,} ZIPs  imported {z.imported_at:%Y-%m-%d %H:%M}"
        ))
    for edits in ncci:
        caveat = f"  ({edits.caveat})" if edits.caveat else ""
        since = "" if edits.effective.isoformat() in edits.name else f"  effective {edits.effective}"
        click.echo(f"{edits.name}{since}{caveat}")
        for name in edits.files:
            click.echo(printable(f"  {name}"))
    if not ncci:
        click.echo("NCCI edits: none imported (bundling checks will say so)")
    for line in schedule_status_lines(other_schedules):
        click.echo(line)


@click.group("data")
def data() -> None:
    """Import CMS files and show what is imported."""


@data.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
@click.option(
    "--allow-fewer-rows",
    is_flag=True,
    help="Let a file replace a stored one of its release that has more rows (refused by default: it looks truncated).",
)
def import_command(paths: tuple[Path, ...], progress: bool | None, allow_fewer_rows: bool) -> None:
    """Import CMS files, folders or zip archives (PPRRVU, GPCI, LOCCO, OPPSCAP, ANES, ZIP5, ...)."""
    show = Console(stderr=True).is_terminal if progress is None else progress
    run(_import(paths, show, allow_fewer_rows))


@data.command("status")
def status_command() -> None:
    """List imported releases with their files, row counts and effective dates."""
    run(_status())


def register(cli: click.Group) -> None:
    """Attach this module's commands to the top-level group."""
    cli.add_command(data)
