"""Anonymous denial reports: storing, abuse control, distinct reporters and patterns.

Exactly-once comes from unique keys, never from memory:
- `report_dedupe.key` (HMAC of reporter + content, for the day) drops a Slack retry or an identical
  resubmission, in any process;
- `report_reporters (hcpcs, key)` (key = HMAC of reporter + code) tells whether this reporter is new for
  the code; `report_code_counts.hcpcs` is incremented in the report's transaction: it serialises reports
  of one code (row lock), so the report of the n-th distinct reporter knows it is the n-th;
- `report_snapshot_weeks (hcpcs, reporters)` dates each published snapshot by ISO week, in the transaction
  of the report that completed it (what the weekly digest reads);
- `report_milestones (hcpcs, threshold)` is inserted in the same transaction as the report of the
  distinct reporter that reaches it; `storage/repositories/posts.py` then posts it exactly once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.reports.aggregate import DenialPattern, ReportFacts, aggregate, milestones
from bot.reports.digest import PublishedSnapshot
from bot.reports.form import DenialSubmission
from storage.models.reports import (
    DenialReport,
    ReportCodeCount,
    ReportDedupe,
    ReportMilestone,
    ReportQuota,
    ReportReporter,
    ReportSnapshot,
    ReportSnapshotWeek,
)


class StoreStatus(StrEnum):
    STORED = "stored"
    DUPLICATE = "duplicate"  # same reporter, same content the same day (or a Slack retry)
    LIMITED = "limited"  # the reporter's daily cap is reached


@dataclass(frozen=True)
class StoreResult:
    status: StoreStatus
    hcpcs: str
    milestones: tuple[int, ...] = field(default=())  # milestones this report reached (claimed rows exist)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def keyed_hash(secret: str, *parts: str) -> str:
    """HMAC-SHA256 of the parts (joined with a separator that cannot occur in Slack ids)."""
    return hmac.new(secret.encode(), "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def reporter_key(secret: str, org_id: str, user_id: str) -> str:
    """Who reported, keyed: `org_id` is the Enterprise Grid org id where there is one, else the team id,
    so one person in several workspaces of one org is one reporter. Never stored as such."""
    return keyed_hash(secret, "reporter", org_id, user_id)


def content_key(secret: str, reporter: str, submission: DenialSubmission) -> str:
    return keyed_hash(secret, "content", reporter, submission.canonical())


@dataclass(frozen=True)
class ReportKeys:
    """The keyed hashes one submission writes; none of them can be joined to another or to the report."""

    quota: str  # HMAC(secret, reporter, day): the day's counter, unlinkable across days
    dedupe: str  # HMAC(secret, reporter, content): identical double submits the same day
    code_reporter: str  # HMAC(secret, reporter, code): distinct reporters per code


def report_keys(secret: str, reporter: str, submission: DenialSubmission, day: date) -> ReportKeys:
    return ReportKeys(
        quota=keyed_hash(secret, "quota", reporter, day.isoformat()),
        dedupe=content_key(secret, reporter, submission),
        code_reporter=keyed_hash(secret, "code", reporter, submission.hcpcs),
    )


def _insert(session: AsyncSession) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def insert_ignore(session: AsyncSession, model: Any, values: dict[str, Any]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when a row was inserted (SQLite and PostgreSQL)."""
    stmt = _insert(session)(model).values(**values).on_conflict_do_nothing()
    result = await session.execute(stmt)
    return bool(getattr(result, "rowcount", 0))


async def store_report(
    session: AsyncSession,
    submission: DenialSubmission,
    *,
    keys: ReportKeys,
    daily_limit: int,
    threshold: int,
    now: datetime | None = None,
    attempts: int = 12,
) -> StoreResult:
    """Store one report with its dedupe, quota and distinct-reporter rows, and claim any milestone it
    reaches — one transaction. Retries on a lost race (a concurrent insert of the same key, SQLite busy)."""
    now = now or datetime.now(UTC)
    for attempt in range(attempts):
        try:
            result = await _store_once(session, submission, keys, daily_limit, threshold, now)
        except (IntegrityError, OperationalError):
            await session.rollback()
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(0.02 * (attempt + 1))
            continue
        if result.status is StoreStatus.STORED:
            await session.commit()
        else:
            await session.rollback()
        return result
    raise AssertionError("unreachable")


@dataclass(frozen=True, slots=True)
class _StoreStatements:
    """The report save's statements, built once per dialect (SQLAlchemy Core: no unit of work, no flush).
    Values are bound at execution; the column names are the parameter names."""

    dedupe: Any  # new key, or a key of an earlier day taken over for today (rowcount 0: a duplicate)
    quota: Any  # the day's counter, +1 while under the limit (rowcount 0: the limit is reached)
    reporter: Any  # this reporter's first report of the code (rowcount 1)
    code_count: Any  # +1 report, +new reporter; RETURNING the distinct reporters (the row lock lines reports up)
    report: Any
    milestone: Any  # executemany: every milestone reached, each inserted once


def _build_statements(ins: Any) -> _StoreStatements:
    dedupe = ins(ReportDedupe)
    quota = ins(ReportQuota)
    code_count = ins(ReportCodeCount)
    return _StoreStatements(
        dedupe=dedupe.on_conflict_do_update(
            index_elements=[ReportDedupe.key], set_={"day": dedupe.excluded.day},
            where=ReportDedupe.day < dedupe.excluded.day,
        ),
        quota=quota.on_conflict_do_update(
            index_elements=[ReportQuota.reporter, ReportQuota.day], set_={"count": ReportQuota.count + 1},
            where=ReportQuota.count < bindparam("daily_limit"),
        ),
        reporter=ins(ReportReporter).on_conflict_do_nothing(),
        code_count=code_count.on_conflict_do_update(
            index_elements=[ReportCodeCount.hcpcs],
            set_={"reports": ReportCodeCount.reports + 1,
                  "reporters": ReportCodeCount.reporters + code_count.excluded.reporters},
        ).returning(ReportCodeCount.reporters),
        report=insert(DenialReport),
        milestone=ins(ReportMilestone).on_conflict_do_nothing(),
    )  # fmt: skip


_STATEMENTS = {"postgresql": _build_statements(postgresql.insert), "sqlite": _build_statements(sqlite.insert)}


async def _store_once(
    session: AsyncSession,
    sub: DenialSubmission,
    keys: ReportKeys,
    daily_limit: int,
    threshold: int,
    now: datetime,
) -> StoreResult:
    conn = await session.connection()
    st = _STATEMENTS["postgresql" if conn.dialect.name == "postgresql" else "sqlite"]
    day = now.date().isoformat()
    # Identical content from the same reporter the same day (a retry or a double click): drop it.
    if not (await conn.execute(st.dedupe, {"key": keys.dedupe, "day": day})).rowcount:
        return StoreResult(StoreStatus.DUPLICATE, sub.hcpcs)
    if daily_limit < 1 or not (
        await conn.execute(st.quota, {"reporter": keys.quota, "day": day, "count": 1, "daily_limit": daily_limit})
    ).rowcount:
        return StoreResult(StoreStatus.LIMITED, sub.hcpcs)

    # A reporter counts once per code: further reports of the code are data, never a step to a milestone.
    new_reporter = bool((await conn.execute(st.reporter, {"hcpcs": sub.hcpcs, "key": keys.code_reporter})).rowcount)
    # The per-code counter: the upsert takes the row's lock until commit, so reports of one code line up.
    counted = await conn.execute(st.code_count, {"hcpcs": sub.hcpcs, "reports": 1, "reporters": int(new_reporter)})
    reporters = int(counted.scalar_one())
    week = iso_week(now.date())
    await conn.execute(st.report, {
        "id": uuid.uuid4().hex, "hcpcs": sub.hcpcs, "modifiers": ",".join(sub.modifiers),
        "paired_code": sub.paired_code, "payer": sub.payer, "state": sub.state, "carc": sub.carc, "rarc": sub.rarc,
        "outcome": sub.outcome, "what_worked": sub.what_worked, "received_week": week,
    })  # fmt: skip
    if new_reporter and reporters >= max(1, threshold) and reporters % max(1, threshold) == 0:
        await _take_snapshot(session, sub.hcpcs, reporters, threshold, week)
    reached = tuple(m for m in milestones(threshold, reporters) if m == reporters and new_reporter)
    # Also any milestone missed earlier (e.g. the threshold changed); one executemany.
    if every := milestones(threshold, reporters):
        await conn.execute(st.milestone, [
            {"hcpcs": sub.hcpcs, "threshold": m, "status": "pending", "lease_until": 0, "attempts": 0,
             "reached_week": week}
            for m in every
        ])  # fmt: skip
    return StoreResult(StoreStatus.STORED, sub.hcpcs, reached)


def _facts(row: DenialReport) -> ReportFacts:
    return ReportFacts(
        hcpcs=row.hcpcs,
        modifiers=tuple(m for m in row.modifiers.split(",") if m),
        paired_code=row.paired_code,
        payer=row.payer,
        state=row.state,
        carc=row.carc,
        rarc=row.rarc,
        outcome=row.outcome,
        what_worked=row.what_worked,
        received_week=row.received_week,
    )


async def load_reports(session: AsyncSession, hcpcs: str | None = None) -> list[ReportFacts]:
    stmt = select(DenialReport)
    if hcpcs is not None:
        stmt = stmt.where(DenialReport.hcpcs == hcpcs)
    return [_facts(r) for r in await session.scalars(stmt)]


async def reporter_counts(session: AsyncSession) -> dict[str, int]:
    """Distinct reporters per code."""
    rows = await session.execute(select(ReportCodeCount.hcpcs, ReportCodeCount.reporters))
    return {code: int(n) for code, n in rows.all()}


async def report_counts(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(DenialReport.hcpcs, func.count()).group_by(DenialReport.hcpcs))
    return {code: int(n) for code, n in rows.all()}


def pattern_json(pattern: DenialPattern) -> str:
    return json.dumps(dataclasses.asdict(pattern), sort_keys=True)


def pattern_from_json(text: str) -> DenialPattern:
    data = json.loads(text)
    pairs = {k: tuple((str(a), int(b)) for a, b in v) for k, v in data.items() if k.startswith("by_")}
    return DenialPattern(
        hcpcs=data["hcpcs"], total=int(data["total"]), appeals_won=int(data["appeals_won"]),
        appeals_lost=int(data["appeals_lost"]), what_worked=tuple(data["what_worked"]),
        reporters=data.get("reporters"), **pairs,
    )  # fmt: skip


async def _take_snapshot(session: AsyncSession, hcpcs: str, reporters: int, threshold: int, week: str) -> None:
    """Publish the code's aggregate as it is now (in the transaction of the report that completed
    another `threshold` distinct billers), and date it by that report's ISO week for the weekly digest
    (`report_snapshot_weeks` keeps every snapshot ever published, as published)."""
    pattern = aggregate(hcpcs, await load_reports(session, hcpcs), threshold, reporters=reporters)
    if pattern is None:
        return
    values = {"hcpcs": hcpcs, "reporters": reporters, "pattern": pattern_json(pattern)}
    stmt = _insert(session)(ReportSnapshot).values(**values)
    await session.execute(stmt.on_conflict_do_update(index_elements=["hcpcs"], set_=values))
    dated = _insert(session)(ReportSnapshotWeek).values(**values, week=week)
    await session.execute(dated.on_conflict_do_nothing())


async def denial_pattern(session: AsyncSession, hcpcs: str, threshold: int) -> DenialPattern | None:
    """The published snapshot for `hcpcs` (taken every `threshold` new distinct reporters); None before
    the first one. Between snapshots it does not change, whatever is reported meanwhile."""
    row = await session.get(ReportSnapshot, hcpcs)
    if row is None or row.reporters < max(1, threshold):
        return None
    return pattern_from_json(row.pattern)


async def published_snapshots(session: AsyncSession, up_to_week: str) -> list[PublishedSnapshot]:
    """Every snapshot published in `up_to_week` or before, as published. Snapshots published later are
    left out, so the digest of a past week never changes."""
    rows = await session.execute(
        select(ReportSnapshotWeek.week, ReportSnapshotWeek.reporters, ReportSnapshotWeek.pattern)
        .where(ReportSnapshotWeek.week <= up_to_week)
        .order_by(ReportSnapshotWeek.hcpcs, ReportSnapshotWeek.reporters)
    )
    return [PublishedSnapshot(str(w), int(n), pattern_from_json(p)) for w, n, p in rows.all()]


# -- housekeeping ------------------------------------------------------------------------------


async def prune(session: AsyncSession, now: datetime | None = None) -> None:
    """Forget dedupe and quota rows of past days (they only serve abuse control)."""
    now = now or datetime.now(UTC)
    today = now.date().isoformat()
    await session.execute(delete(ReportDedupe).where(ReportDedupe.day < today))
    await session.execute(delete(ReportQuota).where(ReportQuota.day < today))
    await session.commit()
