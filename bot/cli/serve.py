"""`billbot serve`: run the Slack app (HTTP mode, or Socket Mode when SLACK_APP_TOKEN is set)."""

from __future__ import annotations

import asyncio
import faulthandler
import gc
import logging
import signal
import sys

import click

from bot.cli._common import fail


def _configure_logging(level: str) -> None:
    from bot.logs import configure

    configure(level)  # plain lines, or JSON with BILLBOT_LOG_FORMAT=json; a request id on each line
    # Library loggers stay at INFO or above: their DEBUG output would include request bodies.
    for name in ("slack_bolt", "slack_sdk", "aiohttp.access"):
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLogger().level))
    from bot.app import install_log_redaction

    install_log_redaction()


STOP_SECONDS = 10.0


def _say(message: str) -> None:
    """A start-up line on stderr: through logging when logs are JSON (every line stays one object)."""
    from bot.logs import wants_json

    if wants_json():
        logging.getLogger("billbot.serve").info("%s", message)
    else:
        click.echo(message, err=True)

LINGER_SECONDS = 1.0


async def _finish_background_work() -> None:
    """SIGTERM: let what listeners started after their ack (a channel post, a reply) finish, up to
    STOP_SECONDS; whatever is still running is cancelled, and a cancelled post hands its row back
    (`bot.handlers.denial.post_due_milestones`), so the next start posts it."""
    current = asyncio.current_task()
    pending = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    if pending:
        _done, still = await asyncio.wait(pending, timeout=STOP_SECONDS)
        for task in still:
            task.cancel()
        if still:
            await asyncio.wait(still, timeout=2.0)


async def _serve(host: str, port: int, socket_mode: bool) -> None:
    from aiohttp import web

    from bot.app import build_app
    from bot.config import get_settings
    from bot.jobs.digest import DigestConfigError
    from bot.jobs.scheduler import start_digest_scheduler, stop_digest_scheduler
    from bot.server import build_web_app
    from bot.services import Services

    settings = get_settings()
    services = await Services.start(settings)
    bolt = build_app(services)
    try:
        start_digest_scheduler(services)  # weekly digest + the sweep that retries milestone posts
    except DigestConfigError as exc:  # stop start-up with a message naming the variable
        await services.close()
        raise click.ClickException(str(exc)) from None
    # In Socket Mode there may be no signing secret: then nothing may accept HTTP events.
    web_app = build_web_app(services, bolt, events=not socket_mode or bool(settings.slack_signing_secret))
    # The fee schedules are ~100k long-lived objects: move them out of the collector's sight so
    # full collections do not walk them on every request burst (tail latency).
    gc.collect()
    gc.freeze()
    from bot.edge import KEEPALIVE_SECONDS
    from bot.metrics import count_database_errors

    count_database_errors(services.db.engine)
    # Idle, silent and half-sent connections are closed after a few seconds (a body that stops
    # arriving: bot.edge.BODY_READ_SECONDS, then at most LINGER_SECONDS of draining); a stop waits
    # for in-flight requests at most STOP_SECONDS.
    runner = web.AppRunner(web_app, access_log=None, handle_signals=False, keepalive_timeout=KEEPALIVE_SECONDS,
                           lingering_time=LINGER_SECONDS, shutdown_timeout=STOP_SECONDS)  # fmt: skip
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    socket_handler = None
    if socket_mode:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        socket_handler = AsyncSocketModeHandler(bolt, settings.slack_app_token)
        await socket_handler.connect_async()  # type: ignore[no-untyped-call]
        _say(f"billbot: Socket Mode connected; /healthz on http://{host}:{port}/healthz")
    else:
        _say(f"billbot: listening on http://{host}:{port}/slack/events (healthz: /healthz)")

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    reloads: set[asyncio.Task[object]] = set()

    def reload() -> None:  # `kill -HUP <pid>` after `billbot data import` picks up the new releases
        async def run() -> None:
            gc.unfreeze()
            await services.reload()
            gc.collect()
            gc.freeze()

        task: asyncio.Task[object] = asyncio.ensure_future(run())
        reloads.add(task)
        task.add_done_callback(reloads.discard)

    loop.add_signal_handler(signal.SIGHUP, reload)
    try:
        await stop.wait()
    finally:
        stop_digest_scheduler()
        if socket_handler is not None:
            await socket_handler.close_async()  # type: ignore[no-untyped-call]
        await runner.cleanup()
        await _finish_background_work()
        await services.close()


def register(cli: click.Group) -> None:
    """Attach this module's commands to the top-level group."""

    @cli.command("serve")
    @click.option("--port", default=3000, show_default=True, type=click.IntRange(1, 65535), help="HTTP port.")
    @click.option("--host", default="0.0.0.0", show_default=True, help="Interface to listen on.")
    @click.option("--log-level", default="info", show_default=True,
                  type=click.Choice(["debug", "info", "warning", "error"]))
    def serve(port: int, host: str, log_level: str) -> None:
        """Run the Slack app: POST /slack/events and GET /healthz (Socket Mode when SLACK_APP_TOKEN is set)."""
        from bot.config import get_settings

        settings = get_settings()
        socket_mode = bool(settings.slack_app_token)
        if not settings.slack_bot_token:
            fail("SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from your Slack app's "
                 "OAuth & Permissions page into the environment or .env.")
        if not socket_mode and not settings.slack_signing_secret:
            fail("SLACK_SIGNING_SECRET is not set: copy the Signing Secret from your Slack app's Basic Information "
                 "page into the environment or .env (or set SLACK_APP_TOKEN to use Socket Mode).")
        if socket_mode and not str(settings.slack_app_token).startswith("xapp-"):
            fail("SLACK_APP_TOKEN must be an app-level token starting with xapp- "
                 "(Basic Information > App-Level Tokens).")
        _configure_logging(log_level)
        # A fatal signal (SIGBUS, SIGSEGV, SIGABRT...) still leaves a line and the Python stack on stderr.
        faulthandler.enable()
        # The database driver's threads (aiosqlite) hand every result back through the GIL: a short
        # switch interval keeps a burst of requests from making each query wait ~5 ms for it.
        sys.setswitchinterval(0.0005)
        try:
            asyncio.run(_serve(host, port, socket_mode))
        except OSError as exc:
            fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
