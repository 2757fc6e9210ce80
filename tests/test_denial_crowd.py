"""Issue 9 through a real `billbot serve` and the Slack stand-in: distinct reporters, nothing in the
database or the log that dates or links a report, and exactly-once posts when Slack answers late."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.handlers.denial import reporter_org
from tests.serve_harness import *  # noqa: F403
from tests.serve_harness import BillbotServer
from tests.slack_stub import TEAM_ID, SlackStub
from tests.support.denial import form_values, query


def submit(server: BillbotServer, user: str, **fields: str | None) -> dict[str, Any]:
    reply = server.view_submission("denial_report", form_values(**fields), user_id=user,
                                   trigger_id=f"7{abs(hash((user, str(fields)))) % 10**8}.trig")  # fmt: skip
    assert reply.status == 200, reply.text
    return reply.json() or {}


def milestone_posts(slack: SlackStub) -> list[Any]:
    return [c for c in slack.calls_to("chat.postMessage") if "anonymous denial reports" in c.text]


def dump(db_url: str) -> set[tuple[str, tuple[Any, ...]]]:
    tables = [r[0] for r in query(db_url, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {(t, row) for t in tables if t != "alembic_version" for row in query(db_url, f"SELECT * FROM {t}")}


def test_one_users_five_reports_trigger_nothing_five_users_trigger_one_post(
    serve_factory: Any, slack: SlackStub
) -> None:
    server = serve_factory()
    for carc in ("CO-97", "CO-4", "CO-16", "CO-50", "CO-151"):
        assert submit(server, "U0SAME", carc=carc, what_worked=f"tried {carc}")["response_action"] == "update"
    slack.assert_quiet("chat.postMessage", wait=1.5)  # 5 reports from 1 biller: nothing
    assert query(server.db_url, "SELECT count(*) FROM report_milestones")[0][0] == 0
    for i in range(1, 5):
        submit(server, f"U0OTHER{i}", what_worked=f"other tip {i}")
    slack.wait_for("chat.postMessage")
    slack.assert_quiet("views.open", wait=1.0)
    posts = milestone_posts(slack)
    assert len(posts) == 1 and "reached 5 billers" in posts[0].text
    assert "from 9 reports from 5 billers" in posts[0].text  # the same person's reports are data, counted once
    server.stop()
    assert len(milestone_posts(slack)) == 1


def test_a_submission_writes_no_time_finer_than_a_week_and_no_slack_id(billbot_server: BillbotServer) -> None:
    before = dump(billbot_server.db_url)
    now = datetime.now(UTC)
    submit(billbot_server, "U0DUMPED", code="76942", paired_code="20611", what_worked="dump me")
    written = dump(billbot_server.db_url) - before
    assert {t for t, _ in written} >= {"denial_reports", "report_quota", "report_dedupe", "report_reporters"}
    today = now.astimezone(ZoneInfo("America/New_York")).date().isoformat()  # the team's day (BILLBOT_TIMEZONE)
    epoch = int(now.timestamp())
    for table, row in written:
        text = repr(row)
        for slack_id in ("U0DUMPED", TEAM_ID, "V0SUBMIT", "C0DENIALS", ".trig"):
            assert slack_id not in text, (table, row)
        for value in row:
            if isinstance(value, int):
                assert abs(value - epoch) > 10**6 or value == 0, (table, row)  # no epoch time
            if isinstance(value, str) and not re.fullmatch(r"[0-9a-f]{32}|[0-9a-f]{64}", value):  # ids, HMACs
                assert not re.search(r"\d{2}:\d{2}|\d{10}", value), (table, row)  # no clock time, no epoch
                if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):  # a day: only the day's quota and dedupe counters
                    assert table in ("report_quota", "report_dedupe") and value == today, (table, row)
    report = next(row for t, row in written if t == "denial_reports")
    assert re.fullmatch(r"[0-9a-f]{32}", report[0])  # a random id, not a sequence
    assert any(re.fullmatch(r"\d{4}-W\d{2}", str(v)) for v in report)  # the ISO week only


def test_the_server_log_holds_no_report_field(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory()
    for i in range(5):
        submit(server, f"U0LOG{i}", code="76942", paired_code="20611", carc="CO-236", payer="medicaid",
               what_worked=f"log canary tip {i}")  # fmt: skip
    slack.wait_for("chat.postMessage")
    server.stop()
    log = server.log_text()
    for field in ("76942", "20611", "CO-236", "medicaid", "Medicaid", "log canary", "U0LOG"):
        assert field not in log, field


def test_a_post_answered_after_the_client_timeout_appears_once(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory(env={"BILLBOT_SWEEP_SECONDS": "1"})
    for i in range(4):
        submit(server, f"U0SLOW{i}", what_worked=f"slow tip {i}")
    slack.delay("chat.postMessage", 12)  # Slack takes the post, but answers after the client's 10 s timeout
    submit(server, "U0SLOW4", what_worked="slow tip 4")
    slack.wait_for("conversations.history", timeout=60)  # the retry looks before it posts again
    deadline = time.monotonic() + 30
    while query(server.db_url, "SELECT status FROM report_milestones") != [("posted",)]:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    time.sleep(2)
    server.stop()
    assert len(slack.calls_to("chat.postMessage")) == 1
    channel = [m for m in slack.history("C0DENIALS") if "anonymous denial reports" in m["text"]]
    assert len(channel) == 1
    assert channel[0]["metadata"] == {"event_type": "billbot_denial_milestone", "event_payload": {"slot": "77002:5"}}


def test_one_person_in_an_enterprise_org_is_keyed_by_the_org() -> None:
    grid = {"enterprise": {"id": "E1"}, "team": {"id": "T1"}, "user": {"id": "U1", "team_id": "T1"}}
    other_workspace = {"enterprise": {"id": "E1"}, "team": {"id": "T2"}, "user": {"id": "U1", "team_id": "T2"}}
    assert reporter_org(grid) == reporter_org(other_workspace) == "E:E1"
    assert reporter_org({"team": {"id": "T1"}, "user": {"id": "U1"}}) == "T:T1"
    assert reporter_org({"user": {"id": "U1", "team_id": "T9", "enterprise_id": "E7"}}) == "E:E7"


def test_a_sixth_billers_report_leaves_every_answer_byte_identical(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory()
    for i in range(5):
        submit(server, f"U0SNAP{i}", code="76942", paired_code="20611", what_worked=f"snapshot tip {i}")
    slack.wait_for("chat.postMessage")

    def cpt() -> str:
        reply = server.command("/cpt 76942")
        assert reply.status == 200
        return reply.text

    before = cpt()
    assert "from 5 reports from 5 billers" in before
    submit(server, "U0SNAP5", code="76942", paired_code=None, carc="CO-4", outcome="appeal_lost",
           what_worked="a sixth biller's own words")  # fmt: skip
    submit(server, "U0SNAP0", code="76942", paired_code=None, carc="CO-16", what_worked="second from the first")
    time.sleep(11)  # past the pattern memo's 10 s
    after = cpt()
    assert after == before
    assert "sixth biller" not in after and "CO-4" not in after
