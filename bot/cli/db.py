"""`billbot db upgrade`: apply pending database migrations."""

from __future__ import annotations

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.cli._common import fail, run
from bot.config import get_settings
from storage.db import Database, open_database, upgrade


def shown_url(url: str) -> str:
    """The database URL as it may be printed: password hidden, and never an error of its own."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a URL SQLAlchemy cannot parse is shown as typed, cut short
        return repr(url[:80])


async def open_or_fail() -> Database:
    """Open (and migrate) the database named by BILLBOT_DATABASE_URL, or fail with a message, not a traceback."""
    url = get_settings().database_url
    try:
        return await open_database(url)
    except (OSError, SQLAlchemyError, ValueError) as exc:
        fail(
            f"Cannot open the database {shown_url(url)}: {exc}. "
            "Check BILLBOT_DATABASE_URL (e.g. sqlite+aiosqlite:///billbot.db) and that its folder exists."
        )


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
        fail(f"Could not upgrade the database at {shown_url(url)}: {exc}")
    click.echo("Database is up to date.")


def register(cli: click.Group) -> None:
    """Attach this module's commands to the top-level group."""
    cli.add_command(db)
