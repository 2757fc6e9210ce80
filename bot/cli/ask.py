"""`billbot ask "/cpt 77002 26"`: the /cpt answer without Slack (text, or `--json`)."""

from __future__ import annotations

import json

import click

from bot.cli._common import fail, run


async def _ask(text: str, as_json: bool) -> str:
    from bot.answer import AnswerError, answer, answer_json
    from bot.command import CommandError, HelpCommand, WatchCommand, parse
    from bot.render.text import answer_text, help_text
    from bot.services import Services

    line = text.strip()
    if line.lower().startswith("/cpt"):
        line = line[4:]
    elif line.startswith("/"):
        fail(f"billbot ask answers /cpt commands; {line.split()[0]} is not one.")
    try:
        cmd = parse(line)
    except CommandError as exc:
        fail(str(exc))
    if isinstance(cmd, HelpCommand):
        return help_text()
    if isinstance(cmd, WatchCommand):
        fail("/cpt watch works only in a Slack channel.")
    services = await Services.start()
    try:
        try:
            ans = await answer(services, cmd)
        except AnswerError as exc:
            fail(str(exc))
    finally:
        await services.close()
    if as_json:
        return json.dumps(answer_json(ans), indent=2, ensure_ascii=False) + "\n"
    return answer_text(ans)


def register(cli: click.Group) -> None:
    """Attach this module's commands to the top-level group."""

    @cli.command("ask")
    @click.argument("command", nargs=-1, required=True)
    @click.option("--json", "as_json", is_flag=True, help="Print the structured result instead of text.")
    def ask(command: tuple[str, ...], as_json: bool) -> None:
        """Answer a /cpt command as Slack would, e.g. billbot ask "/cpt 77002 26"."""
        click.echo(run(_ask(" ".join(command), as_json)), nl=False)
