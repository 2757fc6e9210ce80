"""NCCI edits for a set of codes on a date (cached: they change only when an import runs), and the
practitioner releases imported."""

from __future__ import annotations

from datetime import date

from bot.pricing.ncci.types import EditSet, NcciRelease
from bot.stores.cache import TtlCache
from storage.db import Database
from storage.repositories import ncci as ncci_repo

TTL_SECONDS = 60.0  # an import is picked up within a minute


class NcciEditStore:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._edits: TtlCache[tuple[tuple[str, ...], date], EditSet] = TtlCache(ttl=TTL_SECONDS, size=2048)

    async def edits(self, codes: list[str], dos: date, *, timeout: float | None = None) -> EditSet:
        """NCCI edits for `codes` on `dos` (which data sets are loaded is part of the answer)."""

        async def read() -> EditSet:
            async with self._db.session() as session:
                return await ncci_repo.load_edits(session, codes, dos)

        return await self._edits.fetch((tuple(sorted(set(codes))), dos), read, timeout)

    async def releases(self) -> list[NcciRelease]:
        """The practitioner NCCI releases imported (name, kind, effective, caveat); [] when none."""
        async with self._db.session() as session:
            return await ncci_repo.loaded_releases(session)

    def clear(self) -> None:
        self._edits.clear()
