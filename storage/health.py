"""Is the database the operator configured still there, the same, and writable?

`DatabaseWatch(url)` remembers (`remember()`, called by `storage.db.open_database`) which file an
SQLite database is (device and inode). Afterwards:

- `identity_problem()` — cheap (one `stat`): the file was deleted, or replaced by another file (a
  restore copied over it, a volume remounted). Writes through the already-open connections would
  then land in a file nobody will ever read again, so nothing may be reported as saved.
- `check()` — the same, raising `DatabaseReplaced` (the report store calls it before and after a write).
- `await readiness(db.session)` — the readiness check: the identity, then a real committed write through a
  *fresh* connection (not the pool's, which may keep working on a file that can no longer be opened
  for writing), on a row of `slack_request_seen` owned by this process. Any failure is a reason.

PostgreSQL has no file: the write probe runs on a pooled connection with a short timeout.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

PROBE_SECONDS = 2.0


class DatabaseReplaced(RuntimeError):
    """The configured database file was deleted or replaced under the running process."""


@dataclass(frozen=True, slots=True)
class FileIdentity:
    device: int
    inode: int


def _sqlite_path(url: str) -> Path | None:
    if make_url(url).get_backend_name() != "sqlite":
        return None
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).resolve()


def _identity(path: Path) -> FileIdentity | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return FileIdentity(st.st_dev, st.st_ino)


class DatabaseWatch:
    """The identity of the configured database, taken when the process opened it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = _sqlite_path(url)
        self.identity: FileIdentity | None = None
        self.probe_key = f"readyz:{socket.gethostname()[:60]}:{os.getpid()}"

    def remember(self) -> None:
        """Take the identity of the file now (call once the database is open and migrated)."""
        if self.path is not None:
            self.identity = _identity(self.path)

    def check(self) -> None:
        """Raise `DatabaseReplaced` when the file is not the one this process opened."""
        if problem := self.identity_problem():
            raise DatabaseReplaced(problem)

    def identity_problem(self) -> str | None:
        """Why the database file is no longer the one this process opened, or None."""
        if self.path is None or self.identity is None:
            return None
        now = _identity(self.path)
        if now is None:
            return "the database file was deleted"
        if now != self.identity:
            return "the database file was replaced; restart billbot to use the new one"
        return None

    def _sqlite_write_probe(self) -> None:
        assert self.path is not None
        conn = sqlite3.connect(f"file:{self.path}?mode=rw", uri=True, timeout=PROBE_SECONDS, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 2000")
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO slack_request_seen (key, seen_at) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET seen_at = excluded.seen_at",
                (self.probe_key, datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")),
            )
            conn.execute("COMMIT")
        finally:
            conn.close()

    async def readiness(self, session: Callable[[], AbstractAsyncContextManager[Any]]) -> str | None:
        """None when the configured database can be written now; else the reason (no user data)."""
        problem = self.identity_problem()
        if problem:
            return problem
        try:
            if self.path is not None:
                await asyncio.wait_for(asyncio.to_thread(self._sqlite_write_probe), timeout=PROBE_SECONDS + 1)
            else:
                async with asyncio.timeout(PROBE_SECONDS), session() as s:
                    await s.execute(
                        text("INSERT INTO slack_request_seen (key, seen_at) VALUES (:k, :t) "
                             "ON CONFLICT (key) DO UPDATE SET seen_at = excluded.seen_at"),
                        {"k": self.probe_key, "t": datetime.now(UTC)},
                    )  # fmt: skip
                    await s.commit()
        except TimeoutError:
            return "the database did not accept a write within 2 s"
        except Exception as exc:
            return f"the database cannot be written ({type(exc).__name__}: {_short(exc)})"
        return self.identity_problem()  # deleted while probing


def _short(exc: BaseException) -> str:
    """The driver's message, first line, without parameters (they are billbot's own probe values)."""
    message = str(getattr(exc, "orig", None) or exc).splitlines()[0] if str(exc) else ""
    return message.split("[SQL:")[0].strip()[:120]
