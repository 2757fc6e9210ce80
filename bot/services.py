"""Everything a handler needs, built once at start-up: settings, the database, the fee schedules.

`Services` is passed to every handler (`register(app, services)`). The fee-schedule library is
loaded from the database at start-up and can be reloaded (`await services.reload()`) after an
import without restarting. When nothing was imported, the accessors say so instead of guessing.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from bot.config import Settings, get_settings
from bot.pricing.bundling_types import EditSet, NcciRelease
from bot.pricing.library import FeeScheduleLibrary
from bot.pricing.quote import Quote, QuoteRequest
from bot.pricing.schedule import FeeSchedule, Release
from bot.pricing.schedules.combined import AnyQuote, ScheduleAsk, price_any
from bot.pricing.schedules.library import ScheduleLibrary
from bot.reports.aggregate import DenialPattern
from storage.db import Database, open_database
from storage.repositories import ncci as ncci_repo
from storage.repositories import reports as reports_repo
from storage.repositories import slack as slack_repo
from storage.repositories.fee_schedule import load_fee_schedules
from storage.repositories.schedules import load_schedules
from storage.repositories.slack import UserPrefs

log = logging.getLogger("billbot.services")

T = TypeVar("T")
_generations = itertools.count(1)


class DataMissing(Exception):
    """Something the answer needs was never imported (or its module is absent). Message is user-facing."""


def new_error_id() -> str:
    return uuid.uuid4().hex[:10]


@dataclass
class _TtlCache:
    """A small in-process cache with expiry, for values read on every command (user defaults, watching).

    Each entry remembers when the value was true (`stamp`): a slow read that started before a
    write never overwrites the newer written value."""

    ttl: float
    size: int = 4096
    _items: OrderedDict[Any, tuple[float, float, Any]] = field(default_factory=OrderedDict)

    def get(self, key: Any) -> tuple[bool, Any]:
        item = self._items.get(key)
        if item is None or item[0] < time.monotonic():
            return False, None
        return True, item[2]

    def put(self, key: Any, value: Any, stamp: float | None = None) -> None:
        now = time.monotonic()
        stamp = now if stamp is None else stamp
        old = self._items.get(key)
        if old is not None and old[1] > stamp:
            return  # a newer value is already here
        self._items[key] = (now + self.ttl, stamp, value)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def drop(self, key: Any) -> None:
        self._items.pop(key, None)


class PureMemo:
    """A bounded least-recently-used map for results that depend only on the loaded data and the
    key (quotes, tips, rendered blocks). Correct until the data changes: `Services.reload()`
    starts a new one and a new `generation`."""

    def __init__(self, size: int = 4096) -> None:
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._size = size

    def __len__(self) -> int:
        return len(self._items)

    def get_or(self, key: Hashable, compute: Callable[[], T]) -> T:
        try:
            value: T = self._items[key]
        except KeyError:
            value = compute()
            self._items[key] = value
            if len(self._items) > self._size:
                self._items.popitem(last=False)
            return value
        self._items.move_to_end(key)
        return value


class Services:
    """Settings, database and the loaded fee schedules, shared by every handler."""

    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db
        self.schedules: list[FeeSchedule] = []
        self.library: FeeScheduleLibrary | None = None
        self.book = ScheduleLibrary()  # CLFS, ASP, DMEPOS, OPPS, ASC releases
        self.load_error: str | None = None
        self.loaded_at: float | None = None
        # Pure work memoised per loaded data: a quote depends only on the release chosen and the
        # request (code, modifiers, units, locality, setting, date). Process-unique per load, so
        # memo keys built with it (e.g. the renderer's) never outlive a reload.
        self.generation = next(_generations)
        self.memo = PureMemo()
        self._reload_lock = asyncio.Lock()
        # Short-lived caches: a saved default takes effect at once in this process (write-through)
        # and within `ttl` seconds in any other process sharing the database.
        self._prefs_cache = _TtlCache(ttl=30.0)
        self._watch_cache = _TtlCache(ttl=30.0)
        self._pattern_cache = _TtlCache(ttl=10.0)
        # NCCI edits change only when an import runs; an import is picked up within a minute.
        self._edits_cache = _TtlCache(ttl=60.0, size=2048)

    # -- life cycle ---------------------------------------------------------------------------

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
        """(Re)load every imported release from the database. On failure the previous library stays."""
        async with self._reload_lock:
            try:
                async with self.db.session() as session:
                    schedules = await load_fee_schedules(session)
                    book = await load_schedules(session)
                library = FeeScheduleLibrary(schedules) if schedules else None
            except Exception as exc:  # keep serving the previous data
                self.load_error = f"{type(exc).__name__} while loading the fee schedules"
                log.exception("fee schedule reload failed; keeping %d release(s)", len(self.schedules))
                return self.releases
            self.schedules = schedules
            self.library = library
            self.book = book
            self.generation = next(_generations)
            self.memo = PureMemo()
            self._edits_cache = _TtlCache(ttl=60.0, size=2048)
            self._pattern_cache = _TtlCache(ttl=10.0)
            self.loaded_at = time.time()
            self.load_error = None if schedules else "no fee-schedule release has been imported"
            log.info("fee schedules loaded: %s", ", ".join(r.label for r in self.releases) or "none")
            return self.releases

    # -- fee schedules ------------------------------------------------------------------------

    @property
    def releases(self) -> list[Release]:
        return sorted((s.release for s in self.schedules), key=lambda r: (r.effective_from, r.variant))

    def require_library(self) -> FeeScheduleLibrary:
        if self.library is None:
            raise DataMissing(
                "No Medicare fee schedule is loaded yet. An admin can import the CMS files with "
                "`billbot data import PATH` (then restart the app)."
            )
        return self.library

    def select_schedule(self, dos: date | None, variant: str | None = None) -> FeeSchedule:
        library = self.require_library()
        return library.select(dos, variant)

    def price(self, request: QuoteRequest, variant: str | None = None) -> Quote:
        """`FeeScheduleLibrary.price`, memoised until the next reload (pricing errors are not)."""
        library = self.require_library()
        return self.memo.get_or(("quote", request, variant), lambda: library.price(request, variant))

    def price_any(self, request: QuoteRequest, ask: ScheduleAsk) -> AnyQuote:
        """The PFS quote where payable, else the schedule that lists the code (or the one asked),
        memoised until the next reload."""
        if self.library is None and not self.book.releases():
            self.require_library()  # raises DataMissing: nothing imported at all
        library = self.library or FeeScheduleLibrary([])
        return self.memo.get_or(("any", request, ask), lambda: price_any(library, self.book, request, ask))

    # -- database state -----------------------------------------------------------------------

    async def database_state(self) -> dict[str, Any]:
        from sqlalchemy import text

        backend = self.db.engine.dialect.name
        try:
            async with self.db.session() as session:
                await asyncio.wait_for(session.execute(text("SELECT 1")), timeout=2.0)
        except Exception as exc:
            return {"ok": False, "backend": backend, "error": type(exc).__name__}
        return {"ok": True, "backend": backend}

    # -- per-user defaults and per-channel watching ------------------------------------------

    def cached_user_prefs(self, team_id: str, user_id: str) -> tuple[bool, UserPrefs | None]:
        """(True, prefs) when this process knows the user's defaults without asking the database."""
        return self._prefs_cache.get((team_id, user_id))

    async def user_prefs(self, team_id: str, user_id: str) -> UserPrefs | None:
        hit, value = self._prefs_cache.get((team_id, user_id))
        if hit:
            return value  # type: ignore[no-any-return]
        started = time.monotonic()
        async with self.db.session() as session:
            prefs = await slack_repo.get_user_prefs(session, team_id, user_id)
        self._prefs_cache.put((team_id, user_id), prefs, stamp=started)
        return prefs

    async def save_user_prefs(self, team_id: str, user_id: str, prefs: UserPrefs) -> None:
        async with self.db.session() as session:
            await slack_repo.save_user_prefs(session, team_id, user_id, prefs)
        self._prefs_cache.put((team_id, user_id), prefs)

    async def is_watching(self, team_id: str, channel_id: str) -> bool:
        hit, value = self._watch_cache.get((team_id, channel_id))
        if hit:
            return bool(value)
        started = time.monotonic()
        async with self.db.session() as session:
            watching = await slack_repo.is_watching(session, team_id, channel_id)
        self._watch_cache.put((team_id, channel_id), watching, stamp=started)
        return watching

    async def set_watching(self, team_id: str, channel_id: str, enabled: bool) -> None:
        async with self.db.session() as session:
            await slack_repo.set_watching(session, team_id, channel_id, enabled)
        self._watch_cache.put((team_id, channel_id), enabled)

    async def claim_once(self, key: str, *, fail_open: bool = False) -> bool:
        """True the first time `key` is claimed across every process sharing the database.

        `fail_open=True`: when the database cannot be reached, answer True (and log it) so a
        reply is not lost; the app's in-process retry guard still drops Slack's retries."""
        try:
            async with self.db.session() as session:
                return await slack_repo.claim_once(session, key)
        except Exception as exc:
            if not fail_open:
                raise
            log.warning("could not record a handled request (%s); relying on the in-process guard",
                        type(exc).__name__)
            return True

    # -- other teams' data --------------------------------------------------------------------

    def cached_edits(self, codes: list[str], dos: date) -> tuple[bool, EditSet | None]:
        """(True, EditSet) when the edits for these codes and date are in this process's cache."""
        return self._edits_cache.get((tuple(sorted(set(codes))), dos))

    async def ncci_releases(self) -> list[NcciRelease]:
        """The practitioner NCCI releases imported (name, kind, effective, caveat); [] when none."""
        async with self.db.session() as session:
            return await ncci_repo.loaded_releases(session)

    def cached_denial_pattern(self, hcpcs: str) -> tuple[bool, DenialPattern | None]:
        return self._pattern_cache.get(hcpcs)

    async def load_edits(self, codes: list[str], dos: date) -> EditSet:
        """NCCI edits for `codes` on `dos` (which data sets are loaded is part of the answer)."""
        key = (tuple(sorted(set(codes))), dos)
        hit, value = self._edits_cache.get(key)
        if hit:
            return value  # type: ignore[no-any-return]
        async with self.db.session() as session:
            edits = await ncci_repo.load_edits(session, codes, dos)
        self._edits_cache.put(key, edits)
        return edits

    async def denial_pattern(self, hcpcs: str) -> DenialPattern | None:
        """The anonymous denial pattern for a code once it has enough reports, else None."""
        hit, value = self._pattern_cache.get(hcpcs)
        if hit:
            return value  # type: ignore[no-any-return]
        async with self.db.session() as session:
            pattern = await reports_repo.denial_pattern(session, hcpcs, self.settings.report_threshold)
        self._pattern_cache.put(hcpcs, pattern)
        return pattern

    def invalidate_denial_pattern(self, hcpcs: str) -> None:
        """Call after storing a report so this process's next `/cpt` shows the new count at once."""
        self._pattern_cache.drop(hcpcs)
