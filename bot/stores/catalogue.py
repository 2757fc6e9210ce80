"""The fee-schedule catalogue: every imported release, held in memory, reloadable without a restart.

When nothing was imported, the accessors say so (`DataMissing`) instead of guessing. Prices are
memoised until the next reload (`generation` names the data loaded, for other memo keys).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from datetime import date

from bot.pricing.library import FeeScheduleLibrary
from bot.pricing.quote import Quote, QuoteRequest
from bot.pricing.schedule import FeeSchedule, Release
from bot.pricing.schedules.combined import AnyQuote, ScheduleAsk, price_any
from bot.pricing.schedules.library import ScheduleLibrary
from bot.stores.cache import PureMemo
from storage.db import Database
from storage.repositories.fee_schedule import load_fee_schedules
from storage.repositories.schedules import load_schedules

log = logging.getLogger("billbot.catalogue")

_generations = itertools.count(1)


class DataMissing(Exception):
    """Something the answer needs was never imported. The message is user-facing."""


class FeeScheduleCatalogue:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.schedules: list[FeeSchedule] = []
        self.library: FeeScheduleLibrary | None = None
        self.book = ScheduleLibrary()  # CLFS, ASP, DMEPOS, OPPS, ASC releases
        self.load_error: str | None = None
        # Process-unique per load, so memo keys built with it never outlive a reload.
        self.generation = next(_generations)
        self.memo = PureMemo()
        self._known: frozenset[str] | None = None
        self._reload_lock = asyncio.Lock()

    async def reload(self) -> bool:
        """(Re)load every imported release. False (and the previous data kept) when reading fails."""
        async with self._reload_lock:
            try:
                async with self._db.session() as session:
                    schedules = await load_fee_schedules(session)
                    book = await load_schedules(session)
                library = FeeScheduleLibrary(schedules) if schedules else None
            except Exception as exc:  # keep serving the previous data
                self.load_error = f"{type(exc).__name__} while loading the fee schedules"
                log.exception("fee schedule reload failed; keeping %d release(s)", len(self.schedules))
                return False
            self.schedules = schedules
            self.library = library
            self.book = book
            self.generation = next(_generations)
            self.memo = PureMemo()
            self._known = None
            self.load_error = None if schedules else "no fee-schedule release has been imported"
            log.info("fee schedules loaded: %s", ", ".join(r.label for r in self.releases) or "none")
            return True

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

    def select_schedule(self, dos: date | None, variant: str | None = None, release: str | None = None) -> FeeSchedule:
        """The release named (`release:RVU25D`), else the one in force on `dos` (newest when None)."""
        library = self.require_library()
        return library.by_release(release, variant) if release else library.select(dos, variant)

    def price(self, request: QuoteRequest, variant: str | None = None, release: str | None = None) -> Quote:
        """`FeeScheduleLibrary.price`, memoised until the next reload (pricing errors are not)."""
        library = self.require_library()
        return self.memo.get_or(
            ("quote", request, variant, release), lambda: library.price(request, variant, release)
        )

    def price_any(self, request: QuoteRequest, ask: ScheduleAsk) -> AnyQuote:
        """The PFS quote where payable, else the schedule that lists the code (or the one asked),
        memoised until the next reload."""
        if self.library is None and not self.book.releases():
            self.require_library()  # raises DataMissing: nothing imported at all
        library = self.library or FeeScheduleLibrary([])
        return self.memo.get_or(("any", request, ask), lambda: price_any(library, self.book, request, ask))

    def known_codes(self) -> frozenset[str]:
        """Every HCPCS code in any loaded release (any modifier row)."""
        if self._known is None:
            self._known = frozenset(h for s in self.schedules for (h, _m) in s.rvus)
        return self._known
