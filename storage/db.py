"""Engine and session factory. Every command that opens the database applies pending migrations."""

from __future__ import annotations

import asyncio
import fcntl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage.health import DatabaseFilesDamaged, DatabaseWatch

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; SQLite files get WAL, foreign keys and a busy timeout."""
    if is_sqlite(url):
        kwargs.setdefault("connect_args", {"timeout": 30})
    else:
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA mmap_size=0")  # read the file, never map it (a damaged file cannot SIGBUS)
            cur.close()

    return engine


def guard_sidecars(engine: AsyncEngine, watch: DatabaseWatch) -> None:
    """Before every statement: refuse it when a `-wal`/`-shm` file this process has open is damaged
    (SQLite maps `-shm`; touching a truncated mapping is SIGBUS, a dead process with no log line)."""

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _check(*_args: Any) -> None:
        if problem := watch.files_problem():
            raise DatabaseFilesDamaged(problem)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _upgrade_sync(url: str, revision: str = "head") -> None:
    database = make_url(url).database
    if is_sqlite(url) and database and database != ":memory:":
        # Serialise migrators on one SQLite file (PostgreSQL uses an advisory lock in env.py).
        with open(f"{database}.migrate-lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            command.upgrade(alembic_config(url), revision)
    else:
        command.upgrade(alembic_config(url), revision)


async def upgrade(url: str, revision: str = "head") -> None:
    """Apply pending migrations (Alembic runs its own event loop, so it runs in a thread)."""
    await asyncio.to_thread(_upgrade_sync, url, revision)


class Database:
    """One engine and session factory for a database URL."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = create_engine(url, **engine_kwargs)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite takes one writer at a time; writers of this process queue here, in order, instead of
        # polling SQLite's lock (its busy handler sleeps up to 100 ms per try, which wastes the lock
        # and makes a burst of writes miss Slack's 3-second ack). Other processes still wait on SQLite.
        self._write_lock = asyncio.Lock() if is_sqlite(url) else None
        # Which database file this is (SQLite): readiness and the report store notice a replaced file.
        self.watch = DatabaseWatch(url)
        if self.watch.sidecars is not None:
            guard_sidecars(self.engine, self.watch)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """Hold while running a write transaction: one writer at a time on SQLite, no-op elsewhere."""
        if self._write_lock is None:
            yield
            return
        async with self._write_lock:
            yield

    async def dispose(self) -> None:
        await self.engine.dispose()


def head_revision() -> str | None:
    """The newest migration shipped with this code."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


async def current_revision(db: Database) -> str | None:
    """The migration the database is at; None for an empty database."""
    try:
        async with db.engine.connect() as conn:
            return (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one_or_none()
    except DBAPIError:
        return None


async def open_database(url: str, *, migrate: bool = True, **engine_kwargs: Any) -> Database:
    """Open the database at `url`, applying pending migrations first.

    The common case, a database already at head, costs one query instead of an Alembic run.
    """
    db = Database(url, **engine_kwargs)
    if migrate and await current_revision(db) != head_revision():
        await upgrade(url)
    db.watch.remember()
    return db
