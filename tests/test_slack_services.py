"""Services on a real database: per-user defaults and watching round-trip (SQLite and PostgreSQL),
claim_once is once across two Services sharing the database, and a slow read never overwrites a
newer write in the cache."""

from __future__ import annotations

import asyncio

from bot.config import Settings
from bot.services import Services
from bot.stores.cache import TtlCache
from storage.repositories.slack import UserPrefs


async def _services(url: str) -> Services:
    return await Services.start(Settings(BILLBOT_DATABASE_URL=url), load=False)  # type: ignore[call-arg]


async def test_prefs_watch_and_claims(database_url: str) -> None:
    a, b = await _services(database_url), await _services(database_url)
    try:
        assert await a.preferences.user_prefs("T1", "U1") is None
        await a.preferences.save_user_prefs("T1", "U1", UserPrefs(locality="01112-05", facility=True))
        await a.preferences.save_user_prefs("T1", "U1", UserPrefs(locality="94110", facility=False))  # upsert
        assert await b.preferences.user_prefs("T1", "U1") == UserPrefs(locality="94110", facility=False)
        assert await b.preferences.user_prefs("T1", "U2") is None
        assert not await a.preferences.is_watching("T1", "C1")
        await a.preferences.set_watching("T1", "C1", True)
        assert await b.preferences.is_watching("T1", "C1") and not await b.preferences.is_watching("T1", "C2")
        # the same key claimed concurrently from two instances: exactly one wins
        results = await asyncio.gather(*(s.requests.claim_once("event:Ev1") for s in (a, b, a, b)))
        assert sorted(results) == [False, False, False, True]
        state = await a.database_state()
        assert state["ok"] is True
    finally:
        await a.close()
        await b.close()


def test_cache_keeps_the_newer_value() -> None:
    cache = TtlCache(ttl=60)
    cache.put("k", True)  # written now
    cache.put("k", False, stamp=0.0)  # a read that started long before the write
    assert cache.get("k") == (True, True)
    cache.put("k", False)  # a later write wins
    assert cache.get("k") == (True, False)
    assert TtlCache(ttl=0).get("k") == (False, None)


async def test_the_sweep_forgets_handled_request_keys_older_than_a_day(database_url: str) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select, update

    from bot.jobs.scheduler import DigestScheduler
    from storage.models.slack import SlackRequestSeen

    services = await _services(database_url)
    try:
        assert await services.requests.claim_once("event:old") and await services.requests.claim_once("event:new")
        async with services.db.session() as session:
            await session.execute(update(SlackRequestSeen).where(SlackRequestSeen.key == "event:old")
                                  .values(seen_at=datetime.now(UTC) - timedelta(days=2)))
            await session.commit()
        await DigestScheduler(services).sweep()
        async with services.db.session() as session:
            assert (await session.scalars(select(SlackRequestSeen.key))).all() == ["event:new"]
        assert not await services.requests.claim_once("event:new")  # a recent key still de-duplicates
        assert await services.requests.claim_once("event:old")  # an old one was forgotten
    finally:
        await services.close()
