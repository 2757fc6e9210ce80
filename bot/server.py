"""The HTTP front door: `POST /slack/events` (commands, interactivity and events on one Request URL)
and `GET /healthz` (database state and the fee-schedule releases loaded)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from bot.services import Services

log = logging.getLogger("billbot.server")

EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = 1024 * 1024  # Slack payloads are far smaller; anything bigger is refused

SERVICES_KEY: web.AppKey[Services] = web.AppKey("services", Services)
BOLT_KEY: web.AppKey[AsyncApp] = web.AppKey("bolt", AsyncApp)


def release_info(services: Services) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "variant": r.variant,
            "year": r.year,
            "effective_from": r.effective_from.isoformat(),
            "effective_to": r.effective_to.isoformat() if r.effective_to else None,
            "conversion_factor": str(r.conversion_factor),
        }
        for r in services.catalogue.releases
    ]


async def healthz(request: web.Request) -> web.Response:
    services = request.app[SERVICES_KEY]
    database = await services.database_state()
    releases = release_info(services)
    status = "ok" if database["ok"] and releases else "degraded"
    body: dict[str, Any] = {"status": status, "database": database, "releases": releases}
    if database["ok"]:
        try:
            body["ncci_releases"] = [
                {"name": r.name, "kind": r.kind, "effective": r.effective.isoformat(), "caveat": r.caveat}
                for r in await asyncio.wait_for(services.ncci.releases(), timeout=2.0)
            ]
        except Exception as exc:
            log.warning("NCCI releases unavailable for /healthz: %s", type(exc).__name__)
    if services.catalogue.load_error:
        body["fee_schedule_error"] = services.catalogue.load_error
    return web.json_response(body, status=200)


async def slack_events(request: web.Request) -> web.Response:
    bolt = request.app[BOLT_KEY]
    bolt_request = await to_bolt_request(request)
    bolt_response = await bolt.async_dispatch(bolt_request)
    return await to_aiohttp_response(bolt_response)


def build_web_app(services: Services, bolt: AsyncApp, *, events: bool = True) -> web.Application:
    """`events=False` (Socket Mode: no signing secret) serves only /healthz."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[SERVICES_KEY] = services
    app[BOLT_KEY] = bolt
    if events:
        app.router.add_post(EVENTS_PATH, slack_events)
    app.router.add_get("/healthz", healthz)
    return app
