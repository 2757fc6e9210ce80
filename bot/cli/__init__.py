"""The `billbot` command line. Each command group lives in its own module and registers here."""

from __future__ import annotations

import click

from bot.cli import ask, bundle, claim, data, db, digest, price, serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """billbot: Medicare fee-schedule quotes, NCCI bundling and denial patterns."""


for module in (data, db, price, claim, bundle, ask, serve, digest):
    module.register(cli)


def main() -> None:
    cli(prog_name="billbot")
