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

SQLite in WAL mode also keeps `<db>-wal` and `<db>-shm` next to the file, and maps `-shm` into memory:
touching a mapping whose file was truncated kills the process with SIGBUS (no Python error, no log
line). `SidecarGuard` (`DatabaseWatch.sidecars`) is asked before every statement (a SQLAlchemy
`before_cursor_execute` event registered in `storage.db`) and refuses the statement with
`DatabaseFilesDamaged` when a `-wal`/`-shm` file this process has open was truncated, deleted, replaced
or made unwritable; readiness names the same problem.

PostgreSQL has no file: the write probe runs on a pooled connection with a short timeout.
"""

from __future__ import annotations

import asyncio
import logging
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

log = logging.getLogger("billbot.storage")


class DatabaseReplaced(RuntimeError):
    """The configured database file was deleted or replaced under the running process."""


class DatabaseFilesDamaged(RuntimeError):
    """A `-wal` or `-shm` file of the SQLite database was truncated, replaced, deleted or made unwritable."""


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
        self.sidecars = SidecarGuard(self.path) if self.path is not None else None

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

    def files_problem(self) -> str | None:
        """What is wrong with the `-wal`/`-shm` files this process has open, or None (see `SidecarGuard`)."""
        return self.sidecars.problem() if self.sidecars is not None else None

    def _sqlite_write_probe(self) -> None:
        assert self.path is not None
        conn = sqlite3.connect(f"file:{self.path}?mode=rw", uri=True, timeout=PROBE_SECONDS, isolation_level=None)
        try:
            conn.execute("PRAGMA mmap_size = 0")
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
        # The files first: a probe through a truncated -shm mapping would kill the process (SIGBUS).
        problem = self.identity_problem() or self.files_problem()
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
        return self.identity_problem() or self.files_problem()  # deleted or damaged while probing


def _short(exc: BaseException) -> str:
    """The driver's message, first line, without parameters (they are billbot's own probe values)."""
    message = str(getattr(exc, "orig", None) or exc).splitlines()[0] if str(exc) else ""
    return message.split("[SQL:")[0].strip()[:120]


# -- the WAL and shared-memory files -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Seen:
    """What `stat` said of the two files when they were last found sound."""

    wal: tuple[int, int] | None  # (device, inode)
    shm: tuple[int, int, int] | None  # (device, inode, size)


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


class SidecarGuard:
    """Refuses a statement before it touches a `-shm` mapping or `-wal` file that is no longer sound.

    The fast path is two `stat`s and two `access` calls: while they show what was last found sound, the
    statement goes ahead. Anything else (a connection made new files, or someone damaged them) is
    checked against what this process really has open — its `-shm` mappings in `/proc/self/maps`,
    its `-wal` descriptors in `/proc/self/fd` — and accepted only when those are the files at the paths
    and the `-shm` file still covers every mapped byte. Where `/proc` is missing, a `-shm` file that
    shrank or changed is treated as damaged.
    """

    def __init__(self, db_path: Path) -> None:
        self.wal = f"{db_path}-wal"
        self.shm = f"{db_path}-shm"
        self._seen: _Seen | None = None
        self._logged: str | None = None

    def problem(self) -> str | None:
        """Why no statement may run now, or None; a new problem is logged once (billbot's own words)."""
        problem = self._problem()
        if problem and problem != self._logged:
            log.error("database statements refused: %s", problem)
        self._logged = problem
        return problem

    def _problem(self) -> str | None:
        wal, shm = _stat(self.wal), _stat(self.shm)
        seen = _Seen(
            (wal.st_dev, wal.st_ino) if wal else None,
            (shm.st_dev, shm.st_ino, shm.st_size) if shm else None,
        )
        for name, path, st in (("-wal", self.wal, wal), ("-shm", self.shm, shm)):
            if st is not None and not os.access(path, os.W_OK):
                return f"the database's {name} file is not writable; make it writable and restart billbot"
        if seen == self._seen:
            return None
        problem = self._open_files_problem(wal, shm)
        if problem is None:
            self._seen = seen
        return problem

    def _open_files_problem(self, wal: os.stat_result | None, shm: os.stat_result | None) -> str | None:
        mapped = _mapped_extents(self.shm)
        if mapped is None:  # no /proc: only a -shm file that shrank or changed is suspicious
            before = self._seen.shm if self._seen else None
            if before is None:
                return None
            if shm is None or (shm.st_dev, shm.st_ino) != before[:2] or shm.st_size < before[2]:
                return "the database's -shm file was truncated, deleted or replaced; restart billbot"
            return None
        for inode, end in mapped.items():
            if shm is None or shm.st_ino != inode:
                return "the database's -shm file was deleted or replaced under the running process; restart billbot"
            if shm.st_size < end:
                return "the database's -shm file was truncated under the running process; restart billbot"
        for inode in _open_inodes(self.wal):
            if wal is None or wal.st_ino != inode:
                return "the database's -wal file was deleted or replaced under the running process; restart billbot"
        return None


def _mapped_extents(path: str) -> dict[int, int] | None:
    """{inode: end of the highest mapped byte} of this process's mappings of `path`; None without /proc."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            lines = maps.read().splitlines()
    except OSError:
        return None
    extents: dict[int, int] = {}
    for line in lines:
        parts = line.split(maxsplit=5)
        if len(parts) < 6 or not parts[5].startswith(path):
            continue
        name = parts[5].removesuffix(" (deleted)")
        if name != path:
            continue
        start, end = (int(x, 16) for x in parts[0].split("-"))
        inode = int(parts[4])
        extents[inode] = max(extents.get(inode, 0), int(parts[2], 16) + end - start)
    return extents


def _open_inodes(path: str) -> set[int]:
    """Inodes of the descriptors this process has open on `path` (or on a deleted file of that name)."""
    inodes: set[int] = set()
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return inodes
    for fd in fds:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
            if target.removesuffix(" (deleted)") == path:
                inodes.add(os.stat(f"/proc/self/fd/{fd}").st_ino)
        except OSError:
            continue
    return inodes
