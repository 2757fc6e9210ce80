"""Denial reports straight into the store (no Slack): a submission and the call the handler makes."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.reports.form import DenialSubmission
from storage.db import Database
from storage.repositories import reports as repo

SECRET = "s3cret"
NOW = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)  # a Wednesday in ISO week 2026-W48


def sub(
    code: str = "77002",
    carc: str = "CO-97",
    outcome: str = "appeal_won",
    what: str | None = None,
    mods: tuple[str, ...] = ("26",),
    paired: str | None = "20610",
    payer: str = "medicare_b",
) -> DenialSubmission:
    return DenialSubmission(code, mods, paired, payer, "CA", carc, None, outcome, what)


async def store(
    db: Database, s: DenialSubmission, user: str, now: datetime = NOW, limit: int = 20, threshold: int = 5
) -> repo.StoreResult:
    reporter = repo.reporter_key(SECRET, "T:T1", user)
    async with db.session() as session:
        return await repo.store_report(
            session,
            s,
            keys=repo.report_keys(SECRET, reporter, s, now.date()),
            daily_limit=limit,
            threshold=threshold,
            now=now,
        )
