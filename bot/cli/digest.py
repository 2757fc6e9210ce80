"""`billbot digest`: post the weekly denial digest now, or preview it without posting."""

from __future__ import annotations

import re
from pathlib import Path

import click

from bot.cli._common import fail, run

WEEK = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")


async def _preview(week: str | None, chart: Path | None) -> tuple[str, Path]:
    from bot.config import get_settings
    from bot.jobs.digest import gather_digest
    from bot.reports.digest import chart_png, covered_week, digest_text
    from bot.services import Services

    settings = get_settings()
    services = await Services.start(settings, load=False)
    try:
        week = week or covered_week(services.clock.now())
        digest = await gather_digest(services.reports, week)
    finally:
        await services.close()
    path = chart or Path(f"denial-digest-{digest.week}.png")
    path.write_bytes(chart_png(digest))
    return digest_text(digest), path


async def _now() -> bool:
    from bot.config import get_settings
    from bot.jobs.digest import post_now
    from bot.services import Services
    from bot.slack_client import make_client

    settings = get_settings()
    if not settings.slack_bot_token:
        fail("SLACK_BOT_TOKEN is not set: the digest is posted with the bot's token.")
    if not settings.denial_channel:
        fail("BILLBOT_DENIAL_CHANNEL is not set: name the channel (id) the digest goes to.")
    services = await Services.start(settings, load=False)
    try:
        return await post_now(services.reports, services.clock, make_client(settings), settings.denial_channel)
    finally:
        await services.close()


def register(cli: click.Group) -> None:
    """Attach this module's commands to the top-level group."""

    @cli.command("digest")
    @click.option("--now", "post", is_flag=True, help="Post the digest to BILLBOT_DENIAL_CHANNEL immediately.")
    @click.option("--preview", is_flag=True, help="Print the digest and write its chart to a file; post nothing.")
    @click.option("--week", help="ISO week to preview, e.g. 2026-W48 (default: the week --now would post, "
                  "that of yesterday in BILLBOT_TIMEZONE).")  # fmt: skip
    @click.option("--chart", type=click.Path(dir_okay=False, path_type=Path),
                  help="Where --preview writes the PNG chart (default: denial-digest-WEEK.png).")  # fmt: skip
    def digest(post: bool, preview: bool, week: str | None, chart: Path | None) -> None:
        """The weekly denial digest: `--now` posts one, `--preview` shows it without posting."""
        if post == preview:
            fail("Choose one: `billbot digest --now` posts the digest, `billbot digest --preview` only shows it.")
        if week and not WEEK.match(week):
            fail(f"--week must look like 2026-W48, not {week!r}.")
        from bot.config import get_settings
        from bot.jobs.digest import DigestConfigError, make_trigger

        settings = get_settings()
        try:
            make_trigger(settings.digest_cron, settings.timezone)
        except DigestConfigError as exc:
            fail(str(exc))
        if preview:
            text, path = run(_preview(week, chart))
            click.echo(text)
            click.echo(f"\nChart written to {path}")
            return
        if week:
            fail("--week works with --preview only; --now always posts the current digest.")
        if run(_now()):
            click.echo("Digest posted.")
        else:
            fail("The digest was not posted (see the log above); it will be retried by the running app.")
