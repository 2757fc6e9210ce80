"""Slack-side state: per-user defaults, per-channel watching, and "have we done this already?".

Portable SQL only (SQLite and PostgreSQL): upserts go through the dialect's ON CONFLICT insert,
de-duplication through a primary-key insert that fails on the second attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.slack import SlackChannelWatch, SlackRequestSeen, SlackUserPrefs


@dataclass(frozen=True, slots=True)
class UserPrefs:
    locality: str | None  # "CCCCC-LL", a 5-digit ZIP, or None for national
    facility: bool


def _upsert(session: AsyncSession, model: Any, values: dict[str, Any], keys: list[str]) -> Any:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt: Any = insert(model).values(**values)
    updates = {k: stmt.excluded[k] for k in values if k not in keys}
    return stmt.on_conflict_do_update(index_elements=keys, set_=updates)


async def get_user_prefs(session: AsyncSession, team_id: str, user_id: str) -> UserPrefs | None:
    row = await session.get(SlackUserPrefs, (team_id, user_id))
    if row is None:
        return None
    return UserPrefs(locality=row.locality, facility=row.facility)


async def save_user_prefs(session: AsyncSession, team_id: str, user_id: str, prefs: UserPrefs) -> None:
    values = {
        "team_id": team_id,
        "user_id": user_id,
        "locality": prefs.locality,
        "facility": prefs.facility,
        "updated_at": datetime.now(UTC),
    }
    await session.execute(_upsert(session, SlackUserPrefs, values, ["team_id", "user_id"]))
    await session.commit()


async def is_watching(session: AsyncSession, team_id: str, channel_id: str) -> bool:
    row = await session.get(SlackChannelWatch, (team_id, channel_id))
    return bool(row is not None and row.enabled)


async def set_watching(session: AsyncSession, team_id: str, channel_id: str, enabled: bool) -> None:
    values = {"team_id": team_id, "channel_id": channel_id, "enabled": enabled, "updated_at": datetime.now(UTC)}
    await session.execute(_upsert(session, SlackChannelWatch, values, ["team_id", "channel_id"]))
    await session.commit()


async def claim_once(session: AsyncSession, key: str) -> bool:
    """Record `key`; True the first time it is seen (in any process sharing the database), else False."""
    session.add(SlackRequestSeen(key=key[:200], seen_at=datetime.now(UTC)))
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return False
    return True


async def forget_seen_before(session: AsyncSession, cutoff: datetime | None = None) -> int:
    """Delete de-duplication keys older than `cutoff` (default: one day ago; Slack retries within minutes)."""
    cutoff = cutoff or datetime.now(UTC) - timedelta(days=1)
    result = await session.execute(delete(SlackRequestSeen).where(SlackRequestSeen.seen_at < cutoff))
    await session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
