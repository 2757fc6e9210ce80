"""The migration chain applies cleanly on SQLite and PostgreSQL, and re-applying is a no-op."""

from __future__ import annotations

from sqlalchemy import text

from storage.db import open_database


async def test_migrations_reach_head_twice(database_url: str) -> None:
    db = await open_database(database_url)
    try:
        async with db.session() as session:
            version = (await session.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
        assert version == "0007"
    finally:
        await db.dispose()
    db = await open_database(database_url)  # pending-migration check on an up-to-date database
    await db.dispose()
