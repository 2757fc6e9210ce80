"""`/cpt` (placeholder while the grammar and renderer land)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.services import Services


def register(app: AsyncApp, services: Services) -> None:
    @app.command("/cpt")
    async def cpt(ack: Any, respond: Any) -> None:
        await ack()
        await respond(text="Try `/cpt 77002 26`.", response_type="ephemeral")
