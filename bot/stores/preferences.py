"""Per-user defaults (locality and setting) and per-channel watching.

Write-through: a saved value takes effect at once in this process, and within `TTL_SECONDS` in
any other process sharing the database.
"""

from __future__ import annotations

from bot.stores.cache import TtlCache
from storage.db import Database
from storage.repositories import slack as slack_repo
from storage.repositories.slack import UserPrefs

TTL_SECONDS = 30.0


class PreferencesStore:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._prefs: TtlCache[tuple[str, str], UserPrefs | None] = TtlCache(ttl=TTL_SECONDS)
        self._watching: TtlCache[tuple[str, str], bool] = TtlCache(ttl=TTL_SECONDS)

    async def user_prefs(self, team_id: str, user_id: str, *, timeout: float | None = None) -> UserPrefs | None:
        """The user's saved defaults, or None when they saved none."""

        async def read() -> UserPrefs | None:
            async with self._db.session() as session:
                return await slack_repo.get_user_prefs(session, team_id, user_id)

        return await self._prefs.fetch((team_id, user_id), read, timeout)

    async def save_user_prefs(self, team_id: str, user_id: str, prefs: UserPrefs) -> None:
        async with self._db.session() as session:
            await slack_repo.save_user_prefs(session, team_id, user_id, prefs)
        self._prefs.put((team_id, user_id), prefs)

    async def is_watching(self, team_id: str, channel_id: str) -> bool:
        async def read() -> bool:
            async with self._db.session() as session:
                return await slack_repo.is_watching(session, team_id, channel_id)

        return await self._watching.fetch((team_id, channel_id), read)

    async def set_watching(self, team_id: str, channel_id: str, enabled: bool) -> None:
        async with self._db.session() as session:
            await slack_repo.set_watching(session, team_id, channel_id, enabled)
        self._watching.put((team_id, channel_id), enabled)
