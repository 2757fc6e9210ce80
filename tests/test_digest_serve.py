"""The weekly digest in the real `billbot serve` processes and the `billbot digest` command."""

from __future__ import annotations

import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.serve_harness import *  # noqa: F403
from tests.serve_harness import BILLBOT, BillbotServer, free_port, server_env
from tests.slack_stub import SlackStub
from tests.support.denial import execute, form_values, query

DIGEST_TITLE = "Weekly denial digest"


def digests(slack: SlackStub) -> list[Any]:
    return [c for c in slack.calls_to("chat.postMessage") if DIGEST_TITLE in c.text]


def submit(server: BillbotServer, user: str, **fields: str) -> None:
    reply = server.view_submission("denial_report", form_values(**fields), user_id=user)
    assert reply.json()["response_action"] == "update"


def expected_this_week(slot_utc: datetime, tz: str = "America/New_York") -> str:
    """The ISO week a digest at this slot covers, worked out independently: the day before the slot, locally."""
    day = (slot_utc.astimezone(ZoneInfo(tz)) - timedelta(days=1)).date()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def test_every_minute_schedule_two_instances_one_digest_per_slot(serve_factory: Any, slack: SlackStub) -> None:
    env = {"BILLBOT_DIGEST_CRON": "* * * * *", "BILLBOT_SWEEP_SECONDS": "1"}
    # The chart upload fails past the client's own retries (500, 500, 500) at the first slot: the sweep
    # uploads it later into the same message's thread, without posting the message again. Set before
    # the servers start: on a slow machine a minute boundary can pass while they start.
    slack.fail("files.getUploadURLExternal", status=500, times=3)
    first = serve_factory(env=env)
    for i in range(5):
        submit(first, f"U{i}", carc="CO-4")
    second = serve_factory(db_url=first.db_url, env=env)
    posted = slack.wait_for("chat.postMessage", 2, timeout=75)  # milestone 5, then the first digest slot
    digest = next(c for c in posted if DIGEST_TITLE in c.text)
    assert digest.params["channel"] == "C0DENIALS"
    uploads = slack.wait_for("files.completeUploadExternal", timeout=30)
    assert [c.status for c in slack.calls_to("files.getUploadURLExternal", ok_only=False)][:4] == [500, 500, 500, 200]
    assert uploads[0].params.get("channel_id") == "C0DENIALS"
    assert uploads[0].params.get("thread_ts")  # the chart goes in the digest message's thread
    data = [c for c in slack.calls_to("upload")]
    assert data and data[0].raw.find(b"\x89PNG") >= 0
    time.sleep(3)  # both instances' sweeps have run several times by now
    first.stop()
    second.stop()
    slots = query(first.db_url, "SELECT slot, status FROM digest_slots WHERE status <> 'baseline' ORDER BY slot")
    assert slots and all(status == "posted" for _, status in slots)
    assert len(digests(slack)) == len(slots)  # one digest per slot, whichever instance won
    assert len(slack.calls_to("files.completeUploadExternal")) == len(slots)
    message_ts = {r[0] for r in query(first.db_url, "SELECT message_ts FROM digest_slots WHERE status = 'posted'")}
    assert {c.params.get("thread_ts") for c in slack.calls_to("files.completeUploadExternal")} == message_ts
    slot_time = datetime.strptime(slots[0][0], "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)
    week = expected_this_week(slot_time)
    # The 5 billers' reports (all "appeal won", CO-4) publish 77002's first snapshot in the current local week.
    published = week == datetime.now(UTC).astimezone(ZoneInfo("America/New_York")).strftime("%G-W%V")
    text = digests(slack)[0].text
    assert f"Weekly denial digest — {week}" in text
    if published:
        assert "*1* code published a new snapshot this week, adding *5* billers" in text
        assert "• 77002: 5 reports from 5 billers, appeals won 100% of 5 decided" in text
        assert "CO-4 Modifier wrong or missing for this code (5)" in text
        assert "*Milestones:* 77002 reached 5 billers" in text
    else:  # a Monday in New York: the slot covers last week, when nothing was published
        assert "No code published a new snapshot this week" in text and "77002" not in text
    assert text.endswith("_Built only from published snapshots: a report shows here once 5 billers have reported its "
                         "code (and with each 5 more after that)._")  # fmt: skip


def test_first_start_records_a_baseline_and_a_missed_slot_is_posted_once(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory()  # default cron 0 9 * * MON: the last Monday is in the past
    slack.assert_quiet("chat.postMessage", wait=2.0)
    rows = query(server.db_url, "SELECT slot, status FROM digest_slots")
    assert len(rows) == 1 and rows[0][1] == "baseline"
    # The defaults (BILLBOT_DIGEST_CRON "0 9 * * MON", BILLBOT_TIMEZONE America/New_York): a Monday, 09:00 there.
    baseline = (
        datetime.strptime(rows[0][0], "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC).astimezone(ZoneInfo("America/New_York"))
    )
    assert (baseline.weekday(), baseline.hour, baseline.minute) == (0, 9, 0)
    assert timedelta(0) <= datetime.now(UTC) - baseline < timedelta(days=7)  # the latest past slot
    server.stop()
    # Pretend the app was down over the last slot: the baseline is an older Monday.
    older = datetime.strptime(rows[0][0], "%Y-%m-%dT%H:%MZ") - timedelta(days=7)
    execute(server.db_url, f"UPDATE digest_slots SET slot = '{older:%Y-%m-%dT%H:%MZ}'")
    again = serve_factory(db_url=server.db_url)
    other = serve_factory(db_url=server.db_url)
    slack.wait_for("chat.postMessage", timeout=20)
    time.sleep(2)
    again.stop()
    other.stop()
    assert len(digests(slack)) == 1
    statuses = dict(query(server.db_url, "SELECT slot, status FROM digest_slots"))
    assert statuses[rows[0][0]] == "posted"
    third = serve_factory(db_url=server.db_url)  # a later restart does not post it again
    time.sleep(2)
    third.stop()
    assert len(digests(slack)) == 1


def test_digest_command_preview_and_now(billbot_db_url: str, slack: SlackStub, tmp_path: Path) -> None:
    env = server_env(slack, billbot_db_url)
    chart = tmp_path / "chart.png"
    proc = subprocess.run([str(BILLBOT), "digest", "--preview", "--week", "2026-W48", "--chart", str(chart)],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Weekly denial digest — 2026-W48" in proc.stdout
    assert chart.read_bytes()[:4] == b"\x89PNG"
    assert slack.calls_to("chat.postMessage") == []  # preview posts nothing
    proc = subprocess.run([str(BILLBOT), "digest", "--now"], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert len(digests(slack)) == 1 and slack.calls_to("files.completeUploadExternal")
    # --now covers the ISO week of the day before now; --preview without --week shows that same week.
    assert f"Weekly denial digest — {expected_this_week(datetime.now(UTC))}" in digests(slack)[0].text
    proc = subprocess.run([str(BILLBOT), "digest", "--preview", "--chart", str(chart)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0 and f"Weekly denial digest — {expected_this_week(datetime.now(UTC))}" in proc.stdout
    bad = subprocess.run([str(BILLBOT), "digest", "--preview", "--week", "48"], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert bad.returncode == 1 and "2026-W48" in bad.stderr


def test_serve_refuses_a_bad_cron_naming_the_variable(billbot_db_url: str, slack: SlackStub, tmp_path: Path) -> None:
    env = server_env(slack, billbot_db_url, {"BILLBOT_DIGEST_CRON": "every monday"})
    args = [str(BILLBOT), "serve", "--host", "127.0.0.1", "--port", str(free_port())]
    proc = subprocess.run(args, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "BILLBOT_DIGEST_CRON='every monday' is not a crontab expression" in proc.stderr
    assert "Traceback" not in proc.stderr



def test_sigterm_during_the_digest_post_hands_the_slot_back_and_the_next_start_posts_it_once(
    serve_factory: Any, slack: SlackStub, billbot_db_url: str
) -> None:
    # An older slot was seen before, so a start catches up the latest slot (default cron) at once.
    execute(billbot_db_url, "INSERT INTO digest_slots (slot, status, lease_until, attempts) "
                            "VALUES ('2000-01-03T14:00Z', 'baseline', 0, 0)")  # fmt: skip
    slack.delay("chat.postMessage", 8)  # Slack takes the message but answers slowly (within the client's 10 s)...
    server = serve_factory()
    slack.wait_for("chat.postMessage", timeout=30)
    server.proc.send_signal(signal.SIGTERM)  # ... when the operator stops the service
    server.proc.wait(30)
    assert server.proc.returncode == 0, server.log_text()[-2000:]
    assert "Traceback" not in server.log_text()
    assert server.log_text().count("cancelled by shutdown") == 1, server.log_text()[-2000:]
    rows = query(billbot_db_url, "SELECT slot, status, lease_until FROM digest_slots WHERE status <> 'baseline'")
    assert len(rows) == 1 and rows[0][1] == "pending", rows  # not left leased to a dead process
    assert rows[0][2] <= time.time()
    started = time.monotonic()
    again = serve_factory(db_url=billbot_db_url)  # posts it now, not after the lease (120 s)
    slack.wait_for("files.completeUploadExternal", timeout=30)
    assert time.monotonic() - started < 30
    status_sql = f"SELECT status FROM digest_slots WHERE slot = '{rows[0][0]}'"
    deadline = time.monotonic() + 15
    while query(billbot_db_url, status_sql) != [("posted",)] and time.monotonic() < deadline:
        time.sleep(0.2)
    again.stop()
    assert query(billbot_db_url, status_sql) == [("posted",)]
    assert len(digests(slack)) == 1  # the message Slack already had is found by its metadata, not sent again
    assert len(slack.calls_to("files.completeUploadExternal")) == 1
