"""Issue 9 item 2 for the digest, on real SQLite and PostgreSQL: the weekly digest and `billbot digest
--preview` are built only from published snapshots, so a report that completes no snapshot changes
neither the text nor the chart; each snapshot is dated by the ISO week it was published in; migration
0007 dates the snapshots a 0006 database already has."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from bot.jobs.digest import gather_digest
from bot.reports.aggregate import ReportFacts, aggregate
from bot.reports.digest import digest_text
from bot.stores.reports import ReportsStore
from storage.db import open_database, upgrade
from storage.repositories.reports import pattern_json
from tests.serve_harness import BILLBOT
from tests.support.reports import NOW, store, sub

WEEK = "2026-W48"  # NOW's ISO week


def preview(db_url: str, tmp_path: Path, week: str = WEEK) -> tuple[str, bytes]:
    """`billbot digest --preview --week WEEK` in its own process: (stdout, chart bytes)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BILLBOT_"))}
    env["BILLBOT_DATABASE_URL"] = db_url
    chart = tmp_path / "chart.png"
    chart.unlink(missing_ok=True)
    proc = subprocess.run([str(BILLBOT), "digest", "--preview", "--week", week, "--chart", str(chart)],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, chart.read_bytes()


async def test_preview_changes_only_when_a_report_completes_a_snapshot(database_url: str, tmp_path: Path) -> None:
    db = await open_database(database_url)
    try:
        for i in range(4):
            await store(db, sub(what=f"tip {i}"), f"U{i}")
        before_first, chart0 = preview(database_url, tmp_path)
        assert "No code published a new snapshot this week" in before_first and "77002" not in before_first
        await store(db, sub(carc="CO-4", outcome="appeal_lost", what="second report, same biller"), "U0")
        assert preview(database_url, tmp_path) == (before_first, chart0)  # 5 reports, 4 billers: nothing

        await store(db, sub(carc="CO-16", what="the fifth biller"), "U4")  # the 5th distinct biller
        first, chart1 = preview(database_url, tmp_path)
        assert first != before_first and chart1 != chart0
        assert "• 77002: 6 reports from 5 billers, appeals won 83% of 6 decided" in first  # 5 won, 1 lost
        assert "second report, same biller" in first and "the fifth biller" in first  # tips, alphabetical
        assert "*Milestones:* 77002 reached 5 billers" in first

        # A 6th biller, a 2nd report from the 5th, and 4 billers of another code: no snapshot completes.
        await store(db, sub(carc="CO-50", outcome="written_off", what="a sixth biller's own words"), "U5")
        await store(db, sub(carc="CO-151", what="again from the fifth"), "U4", NOW + timedelta(hours=1))
        for i in range(4):
            await store(db, sub(code="76942", paired=None), f"V{i}")
        assert preview(database_url, tmp_path) == (first, chart1)  # text and chart bytes identical

        for i in range(6, 10):  # billers 7..10 of 77002: the 10th publishes the next snapshot
            await store(db, sub(what=f"later tip {i}"), f"U{i}")
        second, chart2 = preview(database_url, tmp_path)
        assert second != first and chart2 != chart1
        assert "• 77002: 12 reports from 10 billers" in second and "CO-50" in second
        assert "76942" not in second  # 4 billers: below the threshold, never named
    finally:
        await db.dispose()


async def test_the_digest_of_a_week_shows_only_that_weeks_snapshots(database_url: str) -> None:
    db = await open_database(database_url)
    reports = ReportsStore(db, threshold=5, secret="s3cret", daily_limit=20)
    try:
        for i in range(5):
            await store(db, sub(code="76942", paired=None), f"A{i}", NOW - timedelta(days=7))  # W47
            await store(db, sub(), f"B{i}")  # W48
        for i in range(5, 9):
            await store(db, sub(code="76942", paired=None), f"A{i}", NOW + timedelta(days=7))  # W49, 9 billers
        async with db.session() as session:
            rows = set((await session.execute(text("SELECT hcpcs, reporters, week FROM report_snapshot_weeks"))).all())
        assert rows == {("76942", 5, "2026-W47"), ("77002", 5, "2026-W48")}
        await store(db, sub(code="76942", paired=None), "A9", NOW + timedelta(days=8))  # the 10th: W49's snapshot
        w47, w48, w49 = [await gather_digest(reports, w) for w in ("2026-W47", "2026-W48", "2026-W49")]
        assert [(c.hcpcs, c.reporters) for c in w47.codes] == [("76942", 5)]
        assert [(c.hcpcs, c.reporters) for c in w48.codes] == [("77002", 5)]
        assert [(c.hcpcs, c.reporters, c.new_billers) for c in w49.codes] == [("76942", 10, 5)]
        assert w49.weekly_billers[-3:] == (("2026-W47", 5), ("2026-W48", 5), ("2026-W49", 5))
        # W47's digest read after W49's snapshot: unchanged, still the 5-biller snapshot.
        assert "76942: 5 reports from 5 billers" in digest_text(w47)
    finally:
        await db.dispose()


def _pattern(code: str, n: int) -> str:
    facts = [ReportFacts(code, (), None, "medicaid", None, "CO-4", None, "written_off", None, "2026-W40")] * n
    pattern = aggregate(code, facts, 5, reporters=n)
    assert pattern is not None
    return pattern_json(pattern)


async def test_migration_0007_dates_the_snapshots_of_a_0006_database(database_url: str) -> None:
    await upgrade(database_url, "0006")
    db = await open_database(database_url, migrate=False)
    try:
        async with db.session() as session:
            for code, n in (("77002", 10), ("76942", 5)):
                await session.execute(text("INSERT INTO report_snapshots (hcpcs, reporters, pattern) VALUES "
                                           "(:c, :n, :p)"), {"c": code, "n": n, "p": _pattern(code, n)})  # fmt: skip
            for threshold, week in ((5, "2026-W40"), (10, "2026-W45")):  # 77002's latest milestone: W45
                await session.execute(text(
                    "INSERT INTO report_milestones (hcpcs, threshold, status, lease_until, attempts, reached_week) "
                    "VALUES ('77002', :t, 'posted', 0, 1, :w)"), {"t": threshold, "w": week})  # fmt: skip
            await session.commit()
            assert (await session.execute(text("SELECT version_num FROM alembic_version"))).scalar_one() == "0006"
    finally:
        await db.dispose()
    this_week = datetime.now(UTC).strftime("%G-W%V")  # 76942 has no milestone: the migration's (UTC) week
    db = await open_database(database_url)  # upgrades to head
    try:
        async with db.session() as session:
            rows = set((await session.execute(text("SELECT hcpcs, reporters, week FROM report_snapshot_weeks"))).all())
            assert (await session.execute(text("SELECT version_num FROM alembic_version"))).scalar_one() == "0007"
        assert rows == {("77002", 10, "2026-W45"), ("76942", 5, this_week)}
        digest = await gather_digest(ReportsStore(db, threshold=5, secret=None, daily_limit=20), "2026-W45")
        assert [(c.hcpcs, c.reporters, c.pattern.total) for c in digest.codes] == [("77002", 10, 10)]
    finally:
        await db.dispose()
