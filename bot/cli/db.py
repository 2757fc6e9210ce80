"""`billbot db upgrade`: apply pending database migrations."""

from __future__ import annotations

import click
from sqlalchemy.engine import make_url

from bot.cli._common import fail, run
from bot.config import get_settings
from storage.db import upgrade


@click.group("db")
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
def upgrade_command() -> None:
    """Apply pending migrations (every command that opens the database also does this)."""
    url = get_settings().database_url
    try:
        run(upgrade(url))
    except Exception as exc:  # a database that cannot be reached or migrated: say so, no traceback
        fail(f"Could not upgrade the database at {make_url(url).render_as_string(hide_password=True)}: {exc}")
    click.echo("Database is up to date.")


def register(cli: click.Group) -> None:
    """Attach this module's commands to the top-level group."""
    cli.add_command(db)
