"""The wiring: settings, the clock, the database and the stores, built once at start-up.

`Services` is passed to every listener (`register(app, services)`) and to the CLI commands that
need the database. It holds no logic of its own beyond start-up, reload and the database check:
each concern lives in its store (`bot.stores`).
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import text

from bot.clock import Clock
from bot.config import Settings, get_settings
from bot.pricing.schedule import Release
from bot.stores.catalogue import FeeScheduleCatalogue
from bot.stores.ncci import NcciEditStore
from bot.stores.preferences import PreferencesStore
from bot.stores.reports import ReportsStore
from bot.stores.requests import RequestLog
from storage.db import Database, open_database


class Services:
    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db
        self.clock = Clock(settings.timezone)
        self.catalogue = FeeScheduleCatalogue(db)
        self.preferences = PreferencesStore(db)
        self.ncci = NcciEditStore(db)
        self.reports = ReportsStore(db, threshold=settings.report_threshold, secret=settings.report_secret,
                                    daily_limit=settings.report_daily_limit)  # fmt: skip
        self.requests = RequestLog(db)

    @classmethod
    async def start(cls, settings: Settings | None = None, *, migrate: bool = True, load: bool = True) -> Services:
        settings = settings or get_settings()
        db = await open_database(settings.database_url, migrate=migrate)
        services = cls(settings, db)
        if load:
            await services.reload()
        return services

    async def close(self) -> None:
        await self.db.dispose()

    async def reload(self) -> list[Release]:
        """(Re)load the fee schedules after an import; cached edits and patterns are read afresh.
        On failure the previous data stays (and `catalogue.load_error` says why)."""
        if await self.catalogue.reload():
            self.ncci.clear()
            self.reports.clear()
        return self.catalogue.releases

    async def database_state(self) -> dict[str, Any]:
        backend = self.db.engine.dialect.name
        try:
            async with self.db.session() as session:
                await asyncio.wait_for(session.execute(text("SELECT 1")), timeout=2.0)
        except Exception as exc:
            return {"ok": False, "backend": backend, "error": type(exc).__name__}
        return {"ok": True, "backend": backend}
