"""Report storage on real SQLite and PostgreSQL: anonymity, dedupe, daily cap, patterns, milestone claims."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import inspect, select

from storage.db import Database, open_database
from storage.models.reports import DenialReport, ReportDedupe, ReportMilestone, ReportQuota, ReportReporter
from storage.repositories import posts
from storage.repositories import reports as repo
from tests.support.reports import NOW, store, sub


async def test_report_row_has_no_identity_columns(database_url: str) -> None:
    db = await open_database(database_url)
    try:
        assert (await store(db, sub(), "U1")).status is repo.StoreStatus.STORED
        async with db.session() as session:
            cols = await session.run_sync(lambda s: [c["name"] for c in inspect(s.bind).get_columns("denial_reports")])
            row = (await session.scalars(select(DenialReport))).one()
        assert set(cols) == {
            "id",
            "hcpcs",
            "modifiers",
            "paired_code",
            "payer",
            "state",
            "carc",
            "rarc",
            "outcome",
            "what_worked",
            "received_week",
        }
        assert row.received_week == "2026-W48"
        assert "U1" not in repr(row.__dict__) and "T1" not in repr(row.__dict__)
    finally:
        await db.dispose()


async def test_week_and_day_are_those_of_the_local_time_given(database_url: str) -> None:
    """Sunday 22:30 in New York is already Monday in UTC: the report belongs to the local week the digest
    (in BILLBOT_TIMEZONE) covers, and to the local day's quota."""
    db = await open_database(database_url)
    try:
        sunday_night = datetime(2026, 11, 29, 22, 30, tzinfo=ZoneInfo("America/New_York"))
        assert sunday_night.astimezone(UTC).date().isoformat() == "2026-11-30"  # Monday in UTC (W49)
        assert (await store(db, sub(), "U1", sunday_night)).status is repo.StoreStatus.STORED
        async with db.session() as session:
            assert (await session.scalars(select(DenialReport.received_week))).all() == ["2026-W48"]
            days = (await session.execute(select(ReportQuota.day))).scalars().all()
        assert days == ["2026-11-29"]
    finally:
        await db.dispose()


async def test_duplicate_the_same_day_is_dropped_then_allowed_the_next_day(database_url: str) -> None:
    """Dedupe without an exact expiry time: the row holds the day only, and is gone once the day is over."""
    db = await open_database(database_url)
    try:
        assert (await store(db, sub(), "U1")).status is repo.StoreStatus.STORED
        assert (await store(db, sub(), "U1", NOW + timedelta(minutes=9))).status is repo.StoreStatus.DUPLICATE
        assert (await store(db, sub(), "U2", NOW + timedelta(minutes=9))).status is repo.StoreStatus.STORED
        assert (await store(db, sub(), "U1", NOW + timedelta(hours=3))).status is repo.StoreStatus.DUPLICATE
        assert (await store(db, sub(), "U1", NOW + timedelta(days=1))).status is repo.StoreStatus.STORED
        async with db.session() as session:
            assert (await repo.report_counts(session)) == {"77002": 3}
            assert (await repo.reporter_counts(session)) == {"77002": 2}
            dedupe = (await session.execute(select(ReportDedupe.day))).scalars().all()
        assert sorted(dedupe) == ["2026-11-25", "2026-11-26"]
        async with db.session() as session:
            await repo.prune(session, NOW + timedelta(days=1))
            assert (await session.execute(select(ReportDedupe.day))).scalars().all() == ["2026-11-26"]
            assert set((await session.execute(select(ReportQuota.day))).scalars().all()) == {"2026-11-26"}
    finally:
        await db.dispose()


async def test_daily_limit_per_reporter(database_url: str) -> None:
    db = await open_database(database_url)
    try:
        results = [await store(db, sub(what=f"attempt {i}"), "U1", limit=3) for i in range(5)]
        assert [r.status for r in results] == [repo.StoreStatus.STORED] * 3 + [repo.StoreStatus.LIMITED] * 2
        assert (await store(db, sub(what="other user"), "U2", limit=3)).status is repo.StoreStatus.STORED
        tomorrow = NOW + timedelta(days=1)
        assert (await store(db, sub(what="next day"), "U1", tomorrow, limit=3)).status is repo.StoreStatus.STORED
    finally:
        await db.dispose()


async def test_pattern_only_from_threshold_with_hand_counted_figures(database_url: str) -> None:
    db = await open_database(database_url)
    try:
        plan = [
            ("CO-97", "appeal_won", "sent the separate report"),
            ("CO-97", "appeal_lost", None),
            ("CO-4", "appeal_won", "added 26"),
            ("CO-97", "written_off", None),
        ]
        for i, (carc, outcome, what) in enumerate(plan):
            await store(db, sub(carc=carc, outcome=outcome, what=what), f"U{i}")
        async with db.session() as session:
            assert await repo.denial_pattern(session, "77002", 5) is None  # 4 reports < 5
        result = await store(db, sub(carc="CO-16", outcome="appeal_won", mods=(), what="fixed NPI"), "U9")
        assert result.milestones == (5,)
        async with db.session() as session:
            p = await repo.denial_pattern(session, "77002", 5)
        assert p is not None and p.total == 5
        assert p.by_carc == (("CO-97", 3), ("CO-16", 1), ("CO-4", 1))
        assert dict(p.by_modifier) == {"26": 4, "none": 1}
        assert p.appeals_won == 3 and p.appeals_lost == 1
        assert p.appeal_win_rate == Decimal("0.75")  # 3 won / (3 won + 1 lost)
        assert p.what_worked == ("added 26", "fixed NPI", "sent the separate report")  # by text, not by time
        assert p.reporters == 5
    finally:
        await db.dispose()


async def test_concurrent_reports_from_two_engines_claim_each_milestone_once(database_url: str) -> None:
    first = await open_database(database_url)
    second = Database(database_url)
    try:

        async def one(i: int) -> repo.StoreResult:
            return await store(first if i % 2 else second, sub(what=f"n{i}"), f"U{i}", threshold=5)

        results = await asyncio.gather(*(one(i) for i in range(21)))
        assert all(r.status is repo.StoreStatus.STORED for r in results)
        reached = sorted(m for r in results for m in r.milestones)
        assert reached == [5, 10, 20]
        async with first.session() as session:
            rows = (await session.scalars(select(ReportMilestone.threshold).order_by(ReportMilestone.threshold))).all()
            counts = await repo.reporter_counts(session)
        assert list(rows) == [5, 10, 20]
        assert counts == {"77002": 21}
        async with first.session() as session:
            claims = await posts.claimable_milestones(session)
        ids = [c.id for c in claims]

        async def lease(db: Database, mid: int) -> bool:
            async with db.session() as session:
                return await posts.lease_milestone(session, mid)

        wins = await asyncio.gather(*(lease(db, mid) for mid in ids for db in (first, second)))
        assert sum(wins) == len(ids) == 3
    finally:
        await first.dispose()
        await second.dispose()


def test_retry_delay_doubles_up_to_an_hour() -> None:
    assert [posts.retry_delay(n) for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert posts.retry_delay(30) == 3600


async def test_digest_slot_claimed_once_and_retried_after_failure(database_url: str) -> None:
    db = await open_database(database_url)
    try:
        async with db.session() as s:
            assert await posts.lease_digest_slot(s, "2026-11-30T14:00Z", NOW)
        async with db.session() as s:
            assert not await posts.lease_digest_slot(s, "2026-11-30T14:00Z", NOW)
        async with db.session() as s:
            await posts.finish_digest_slot(s, "2026-11-30T14:00Z", posted=False, now=NOW)
        async with db.session() as s:
            assert await posts.unfinished_digest_slots(s) == ["2026-11-30T14:00Z"]
            # retried after 5 s (first failure), not before
            assert not await posts.lease_digest_slot(s, "2026-11-30T14:00Z", NOW + timedelta(seconds=4))
            assert await posts.lease_digest_slot(s, "2026-11-30T14:00Z", NOW + timedelta(seconds=5))
        async with db.session() as s:
            await posts.finish_digest_slot(s, "2026-11-30T14:00Z", posted=True, message_ts="1.2")
        async with db.session() as s:
            assert not await posts.lease_digest_slot(s, "2026-11-30T14:00Z", NOW + timedelta(hours=1))
            assert await posts.unfinished_digest_slots(s) == []
    finally:
        await db.dispose()


async def test_one_reporter_five_reports_reach_no_milestone(database_url: str) -> None:
    """Further reports of a code by the same person are data, never a step toward a threshold."""
    db = await open_database(database_url)
    try:
        results = [await store(db, sub(carc=c, what=f"try {c}"), "U1") for c in ("CO-97", "CO-4", "CO-16", "CO-50",
                                                                                "CO-151")]  # fmt: skip
        assert all(r.status is repo.StoreStatus.STORED and r.milestones == () for r in results)
        async with db.session() as session:
            assert await repo.report_counts(session) == {"77002": 5}
            assert await repo.reporter_counts(session) == {"77002": 1}
            assert await repo.denial_pattern(session, "77002", 5) is None
            assert (await session.scalars(select(ReportMilestone))).all() == []
        for i in range(2, 5):
            assert (await store(db, sub(what=f"u{i}"), f"U{i}")).milestones == ()
        fifth = await store(db, sub(what="u5"), "U5")
        assert fifth.milestones == (5,)
        async with db.session() as session:
            p = await repo.denial_pattern(session, "77002", 5)
            keys = (await session.scalars(select(ReportReporter.key))).all()
        assert p is not None and p.total == 9 and p.reporters == 5
        assert len(keys) == 5 and all(len(k) == 64 for k in keys)
    finally:
        await db.dispose()


async def test_one_person_in_two_workspaces_of_an_org_is_one_reporter(database_url: str) -> None:
    from tests.support.reports import SECRET

    db = await open_database(database_url)
    try:
        for org, user in (("E:E1", "U1"), ("E:E1", "U1"), ("T:T2", "U1")):
            s = sub(what=f"{org} {user}")
            reporter = repo.reporter_key(SECRET, org, user)
            async with db.session() as session:
                await repo.store_report(session, s, keys=repo.report_keys(SECRET, reporter, s, NOW.date()),
                                        daily_limit=20, threshold=5, now=NOW)  # fmt: skip
        async with db.session() as session:
            assert await repo.reporter_counts(session) == {"77002": 2}  # the org's user once, the other team's once
    finally:
        await db.dispose()


async def test_published_pattern_changes_only_every_threshold_new_billers(database_url: str) -> None:
    """No differencing: a 6th biller's report (or a 5th biller's second one) changes nothing observable
    until 5 new billers have contributed since the last snapshot."""
    db = await open_database(database_url)
    try:
        for i in range(5):
            await store(db, sub(what=f"tip {i}"), f"U{i}")
        async with db.session() as session:
            first = await repo.denial_pattern(session, "77002", 5)
        assert first is not None and first.total == 5 and first.reporters == 5
        await store(db, sub(carc="CO-4", outcome="appeal_lost", what="a new tip"), "U5")
        await store(db, sub(carc="CO-16", what="again"), "U0")
        for i in range(6, 9):
            await store(db, sub(carc="CO-50", what=f"later {i}"), f"U{i}")
        async with db.session() as session:
            assert await repo.denial_pattern(session, "77002", 5) == first  # 9 billers: still the snapshot at 5
        await store(db, sub(carc="CO-50", what="tenth"), "U9")
        async with db.session() as session:
            second = await repo.denial_pattern(session, "77002", 5)
        assert second is not None and second.reporters == 10 and second.total == 11
        assert dict(second.by_carc)["CO-50"] == 4
    finally:
        await db.dispose()
