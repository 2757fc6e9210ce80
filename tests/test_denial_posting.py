"""Milestone posting against the Slack stand-in with the app's real Web API client (its retry handlers):
a slow Slack must not keep a post past the row's lease, or a second process could post it too."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any, cast

import pytest
from sqlalchemy import select

from bot.jobs.milestones import post_due_milestones
from bot.slack_client import make_client
from bot.stores.reports import ReportsStore
from storage.db import open_database
from storage.models.reports import ReportMilestone
from storage.repositories import posts
from tests.serve_harness import *  # noqa: F403
from tests.slack_stub import SlackStub
from tests.support.reports import store, sub


async def test_a_long_retry_after_hands_the_milestone_back_within_the_lease(
    database_url: str, slack: SlackStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = await open_database(database_url)
    try:
        for i in range(5):
            await store(db, sub(what=f"tip {i}"), f"U{i}")
        settings = SimpleNamespace(denial_channel="C0DENIALS", report_threshold=5, slack_bot_token="xoxb-test",
                                   slack_api_url=slack.api_url)  # fmt: skip
        client = make_client(cast(Any, settings))
        reports = ReportsStore(db, threshold=5, secret=None, daily_limit=20)
        monkeypatch.setattr(posts, "POST_DEADLINE_SECONDS", 1)  # the lease is 120 s; keep the test short
        slack.fail("chat.postMessage", status=429, retry_after=4)  # the client would wait 4 s, then retry
        started = time.monotonic()
        assert await post_due_milestones(reports, settings.denial_channel, client) == 0
        assert time.monotonic() - started < 3  # gave up at the deadline, not after Slack's Retry-After
        async with db.session() as session:
            row = (await session.scalars(select(ReportMilestone))).one()
            assert (row.status, row.attempts) == ("pending", 1)  # handed back for the sweep
            row.lease_until = 0  # skip the back-off delay (5 s after a first failure)
            await session.commit()
        time.sleep(4.5)  # the abandoned retry never runs
        assert [c.status for c in slack.calls_to("chat.postMessage", ok_only=False)] == [429]
        assert await post_due_milestones(reports, settings.denial_channel, client) == 1
        assert [c.status for c in slack.calls_to("chat.postMessage", ok_only=False)] == [429, 200]
        async with db.session() as session:
            assert (await session.scalars(select(ReportMilestone.status))).all() == ["posted"]
    finally:
        await db.dispose()
