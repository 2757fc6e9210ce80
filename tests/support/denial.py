"""Helpers for the denial-report tests (no tests here): Slack modal state values, database peeks, CMS codes."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path
from typing import Any

from sqlalchemy import text

from storage.db import Database

DEFAULT_FIELDS: dict[str, str] = {
    "code": "77002",
    "modifiers": "26",
    "paired_code": "20610",
    "payer": "medicare_b",
    "state": "CA",
    "carc": "CO-97",
    "rarc": "N290",
    "outcome": "appeal_won",
    "what_worked": "Appealed with the separate imaging report.",
}
SELECTS = {"payer", "state", "carc", "outcome"}


def form_values(**fields: str | None) -> dict[str, dict[str, Any]]:
    """Slack's `view.state.values` for the report modal; a field set to None is left empty."""
    merged = {**DEFAULT_FIELDS, **fields}
    values: dict[str, dict[str, Any]] = {}
    for block_id, value in merged.items():
        if block_id in SELECTS:
            option = {"text": {"type": "plain_text", "text": str(value)}, "value": value} if value else None
            values[block_id] = {"value": {"type": "static_select", "selected_option": option}}
        else:
            values[block_id] = {"value": {"type": "plain_text_input", "value": value}}
    return values


def query(db_url: str, sql: str) -> list[tuple[Any, ...]]:
    async def run() -> list[tuple[Any, ...]]:
        db = Database(db_url)
        try:
            async with db.session() as session:
                return [tuple(r) for r in (await session.execute(text(sql))).all()]
        finally:
            await db.dispose()

    return asyncio.run(run())


def execute(db_url: str, sql: str) -> None:
    async def run() -> None:
        db = Database(db_url)
        try:
            async with db.session() as session:
                await session.execute(text(sql))
                await session.commit()
        finally:
            await db.dispose()

    asyncio.run(run())


def fee_schedule_codes(cms_dir: Path) -> set[str]:
    """Every HCPCS code in the CMS RVU25D PPRRVU file (the file billbot imports in the tests)."""
    path = next((cms_dir / "rvu25d").glob("PPRRVU*.csv"))
    codes: set[str] = set()
    with path.open(encoding="latin-1", newline="") as f:
        rows = csv.reader(f)
        for row in rows:
            if row and row[0] == "HCPCS":
                break
        for row in rows:
            if row and row[0].strip():
                codes.add(row[0].strip())
    return codes


def code_not_in_fee_schedule(cms_dir: Path) -> str:
    codes = fee_schedule_codes(cms_dir)
    return next(f"{n:05d}" for n in range(10000, 99999) if f"{n:05d}" not in codes)
