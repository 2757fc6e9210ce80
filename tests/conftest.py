"""Shared fixtures: the real CMS files, database URLs for SQLite and (when available) PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg import TempPostgres, find_pg_bin, new_postgres_database

ROOT = Path(__file__).resolve().parent.parent
CMS_DIR = Path(os.environ.get("BILLBOT_CMS_DIR", ROOT.parent / "shared" / "cms"))


@pytest.fixture(scope="session")
def cms_dir() -> Path:
    if not CMS_DIR.is_dir():
        pytest.fail(f"CMS files not found at {CMS_DIR} (set BILLBOT_CMS_DIR)")
    return CMS_DIR


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    """URL of the session's PostgreSQL server (admin database), or None when there is none."""
    url = os.environ.get("BILLBOT_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    pg_bin = find_pg_bin()
    if pg_bin is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is required under CI but initdb was not found")
        yield None
        return
    server = TempPostgres(pg_bin)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'billbot.db'}"


@pytest.fixture
def postgres_url(postgres_server: str | None) -> str:
    if postgres_server is None:
        pytest.skip("no PostgreSQL server on this machine")
    return new_postgres_database(postgres_server)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test using this runs once on a SQLite file and once on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))
