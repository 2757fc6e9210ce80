"""Operator endpoints next to `/healthz` (liveness): `GET /readyz` (readiness) and `GET /metrics`.

- `/readyz`: 200 `{"status": "ready"}` when the configured database can be written now and is the
  file the process opened; else 503 `{"status": "not ready", "reason": ...}` (no user data). A load
  balancer takes the instance out; an alert fires. See `storage.health`.
- `/metrics`: Prometheus text format (`bot.metrics`).
"""

from __future__ import annotations

from aiohttp import web

from bot.metrics import exposition
from storage.db import Database


def add_routes(app: web.Application, db: Database) -> None:
    async def readyz(_request: web.Request) -> web.Response:
        problem = await db.watch.readiness(db.session)
        if problem:
            return web.json_response({"status": "not ready", "reason": problem}, status=503)
        return web.json_response({"status": "ready"})

    async def metrics(_request: web.Request) -> web.Response:
        body, content_type = exposition()
        return web.Response(body=body, headers={"Content-Type": content_type})

    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
