"""Denial reports through the real `billbot serve` process, signed Slack requests and the Slack stand-in."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.serve_harness import *  # noqa: F403
from tests.serve_harness import BillbotServer
from tests.slack_stub import SlackStub
from tests.support.denial import code_not_in_fee_schedule, form_values, query

BLOCK_IDS = ["code", "modifiers", "paired_code", "payer", "state", "carc", "rarc", "outcome", "what_worked"]


def submit(server: BillbotServer, user: str = "U0REPORTER", **fields: str | None) -> dict[str, Any]:
    reply = server.view_submission("denial_report", form_values(**fields), user_id=user)
    assert reply.status == 200, reply.text
    return reply.json() or {}


def report_count(server: BillbotServer, code: str = "77002") -> int:
    return int(query(server.db_url, f"SELECT count(*) FROM denial_reports WHERE hcpcs = '{code}'")[0][0])


def milestone_posts(slack: SlackStub) -> list[str]:
    return [c.text for c in slack.calls_to("chat.postMessage") if "anonymous denial reports" in c.text]


def test_denial_command_opens_the_modal_prefilled(billbot_server: BillbotServer, slack: SlackStub) -> None:
    reply = billbot_server.command("/denial 77002")
    assert reply.status == 200
    view = slack.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "denial_report"
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == BLOCK_IDS
    code_block = next(b for b in view["blocks"] if b.get("block_id") == "code")
    assert code_block["element"]["initial_value"] == "77002"
    payer = next(b for b in view["blocks"] if b.get("block_id") == "payer")
    assert [o["text"]["text"] for o in payer["element"]["options"]] == [
        "Medicare Part B", "Medicare Advantage", "Medicaid", "Commercial", "Other"]  # fmt: skip
    carc = next(b for b in view["blocks"] if b.get("block_id") == "carc")
    issue_carcs = ["CO-4", "CO-11", "CO-16", "CO-18", "CO-22", "CO-27", "CO-29", "CO-45", "CO-50", "CO-96", "CO-97",
                   "CO-109", "CO-151", "CO-167", "CO-170", "CO-181", "CO-182", "CO-185", "CO-197", "CO-204", "CO-234",
                   "CO-236", "B7", "B15"]  # fmt: skip
    assert [o["value"] for o in carc["element"]["options"]] == issue_carcs
    assert all(len(o["text"]["text"]) > len(o["value"]) + 5 for o in carc["element"]["options"])  # a label each
    outcome = next(b for b in view["blocks"] if b.get("block_id") == "outcome")
    assert [o["text"]["text"].lower() for o in outcome["element"]["options"]] == [
        "appeal won", "appeal lost", "appeal pending", "corrected and resubmitted", "written off",
        "not appealed"]  # fmt: skip
    worked = next(b for b in view["blocks"] if b.get("block_id") == "what_worked")
    assert worked["optional"] is True and worked["element"]["multiline"] is True
    assert worked["element"]["max_length"] == 500
    optional = {b["block_id"] for b in view["blocks"] if b["type"] == "input" and b.get("optional")}
    assert optional == {"modifiers", "paired_code", "state", "rarc", "what_worked"}
    state = next(b for b in view["blocks"] if b.get("block_id") == "state")
    assert state["optional"] is True and len(state["element"]["options"]) == 56  # 50 states + DC + 5 territories
    labels = " ".join(json.dumps(b.get("label", "")) for b in view["blocks"]).lower()
    for forbidden in ("date", "name", "patient id", "member id", "claim number"):
        assert forbidden not in labels


def test_plain_denial_and_button_open_the_modal(billbot_server: BillbotServer, slack: SlackStub) -> None:
    assert billbot_server.command("/denial").status == 200
    view = slack.wait_for("views.open")[0].params["view"]
    code_block = next(b for b in view["blocks"] if b.get("block_id") == "code")
    assert not code_block["element"].get("initial_value")
    assert billbot_server.block_action("report_denial", "20610").status == 200
    view = slack.wait_for("views.open", 2)[1].params["view"]
    code_block = next(b for b in view["blocks"] if b.get("block_id") == "code")
    assert code_block["element"]["initial_value"] == "20610"


def test_field_errors_keep_the_modal_open_and_store_nothing(
    billbot_server: BillbotServer, slack: SlackStub, cms_dir: Path
) -> None:
    before = report_count(billbot_server, "77002")
    bad_shape = submit(billbot_server, code="7700")
    assert bad_shape["response_action"] == "errors" and "5-character" in bad_shape["errors"]["code"]
    missing = code_not_in_fee_schedule(cms_dir)
    unknown = submit(billbot_server, code=missing)
    assert missing in unknown["errors"]["code"] and "fee schedule" in unknown["errors"]["code"]
    bad_mod = submit(billbot_server, modifiers="2")
    assert set(bad_mod["errors"]) == {"modifiers"}
    phi = submit(billbot_server, what_worked="Called Mrs. Alvarez at 617-555-0142 and it paid")
    assert set(phi["errors"]) == {"what_worked"}
    assert "a person's name" in phi["errors"]["what_worked"] and "phone" in phi["errors"]["what_worked"]
    assert "Alvarez" not in phi["errors"]["what_worked"] and "0142" not in phi["errors"]["what_worked"]
    no_payer = submit(billbot_server, payer=None)
    assert "payer" in no_payer["errors"]
    too_long = submit(billbot_server, what_worked="Appealed with the op note. " * 19)  # 513 characters
    assert set(too_long["errors"]) == {"what_worked"} and "500" in too_long["errors"]["what_worked"]
    bad_rarc = submit(billbot_server, rarc="see chart")
    assert set(bad_rarc["errors"]) == {"rarc"}
    assert report_count(billbot_server, "77002") == before
    assert "Alvarez" not in billbot_server.log_text() and "617-555" not in billbot_server.log_text()


def test_submission_is_stored_anonymously_and_retries_store_once(
    billbot_server: BillbotServer, slack: SlackStub
) -> None:
    before = report_count(billbot_server, "76942")
    values = form_values(code="76942", paired_code="20611", carc="CO-236", what_worked="Dropped the 76942 line.")
    first = billbot_server.view_submission("denial_report", values, user_id="U0RETRY", trigger_id="111.retry")
    assert first.json()["response_action"] == "update"
    assert "Thank" in json.dumps(first.json()["view"])
    for n in (1, 2):  # Slack retries of the same submission
        again = billbot_server.view_submission("denial_report", values, user_id="U0RETRY", trigger_id="111.retry",
                                               retry_num=n)  # fmt: skip
        assert again.status == 200
    # A resubmission with a new trigger within 10 minutes is also the same report.
    assert submit(billbot_server, user="U0RETRY", code="76942", paired_code="20611", carc="CO-236",
                  what_worked="Dropped the 76942 line.")["response_action"] == "update"  # fmt: skip
    assert report_count(billbot_server, "76942") == before + 1
    tables = [r[0] for r in query(billbot_server.db_url, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert {"denial_reports", "report_quota", "report_dedupe", "slack_request_seen"} <= set(tables)
    for table in tables:  # every table of the app, not only the report ones
        dump = repr(query(billbot_server.db_url, f"SELECT * FROM {table}"))
        assert "U0RETRY" not in dump and "T0BILLBOT" not in dump, table
        if table != "denial_reports":
            assert "Dropped the" not in dump, table  # content lives only in the report itself
    quota = query(billbot_server.db_url, "SELECT reporter FROM report_quota")
    assert quota and all(len(r[0]) == 64 for r in quota)  # HMAC-SHA256 hex, not an id
    assert "Dropped the 76942" not in billbot_server.log_text()
    assert "U0RETRY" not in billbot_server.log_text() and "111.retry" not in billbot_server.log_text()


def test_threshold_posts_at_5_and_10_exactly_once(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory()
    carcs = ["CO-97", "CO-97", "CO-4", "CO-97", "CO-16"]
    for i in range(4):
        submit(server, user=f"U{i}", carc=carcs[i], what_worked=f"tip number {i}")
    slack.assert_quiet("chat.postMessage", wait=1.0)  # 4 reports: below the threshold, nothing anywhere
    submit(server, user="U4", carc=carcs[4], what_worked="tip number 4")
    post = slack.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == "C0DENIALS"
    assert "reached 5" in post.text and "Denial patterns from 5 reports" in post.text
    assert "CO-97" in post.text and "(3)" in post.text  # 3 of the 5 reports were CO-97
    for i in range(5, 10):
        submit(server, user=f"U{i}", what_worked=f"tip number {i}")
    slack.wait_for("chat.postMessage", 2)
    slack.assert_quiet("views.open", wait=1.0)
    posts = milestone_posts(slack)
    assert len(posts) == 2 and "reached 10" in posts[1] and "from 10 reports" in posts[1]
    server.stop()
    restarted = serve_factory(db_url=server.db_url)  # a restart posts nothing again
    submit(restarted, user="U10", what_worked="tip number 10")
    restarted.stop()  # stopping waits for the listener; then nothing new was posted
    assert report_count(restarted, "77002") == 11
    assert len(milestone_posts(slack)) == 2


def test_slack_rate_limit_or_server_error_then_posted_once(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory()
    for i in range(4):
        submit(server, user=f"U{i}")
    slack.fail("chat.postMessage", status=429, retry_after=1)  # milestone 5: rate limited once
    submit(server, user="U4")
    slack.wait_for("chat.postMessage", timeout=20)
    assert [c.status for c in slack.calls_to("chat.postMessage", ok_only=False)] == [429, 200]
    for i in range(5, 9):
        submit(server, user=f"U{i}")
    slack.fail("chat.postMessage", status=500)  # milestone 10: a server error once
    submit(server, user="U9")
    slack.wait_for("chat.postMessage", 2, timeout=20)
    server.stop()
    assert [c.status for c in slack.calls_to("chat.postMessage", ok_only=False)] == [429, 200, 500, 200]
    posts = milestone_posts(slack)
    assert len(posts) == 2 and "reached 5" in posts[0] and "reached 10" in posts[1]


def test_post_failing_past_retries_is_posted_later_not_lost(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory(env={"BILLBOT_SWEEP_SECONDS": "1"})
    for i in range(4):
        submit(server, user=f"U{i}")
    slack.fail("chat.postMessage", status=500, times=3)  # the client retries twice, then gives up
    submit(server, user="U4")
    slack.wait_for("chat.postMessage", timeout=30)  # the sweep posts it
    assert [c.status for c in slack.calls_to("chat.postMessage", ok_only=False)].count(200) == 1
    deadline = time.monotonic() + 10  # the row is marked right after Slack answered
    while (rows := query(server.db_url, "SELECT status, attempts FROM report_milestones"))[0][0] != "posted":
        assert time.monotonic() < deadline, rows
        time.sleep(0.1)
    assert rows == [("posted", 2)]  # one failed attempt (after the client's own retries), then posted
    time.sleep(2)  # the sweep keeps running: nothing is posted twice
    assert [c.status for c in slack.calls_to("chat.postMessage", ok_only=False)] == [500, 500, 500, 200]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_two_serve_processes_on_one_database_post_each_milestone_once(
    backend: str, serve_factory: Any, slack: SlackStub, request: pytest.FixtureRequest, cms_dir: Path,
    tmp_path: Path,
) -> None:  # fmt: skip
    if backend == "postgres":
        from tests.serve_harness import import_cms

        db_url = str(request.getfixturevalue("postgres_url"))
        import_cms(db_url, cms_dir, tmp_path)
    else:
        db_url = str(request.getfixturevalue("billbot_db_url"))
    servers = [serve_factory(db_url=db_url), serve_factory(db_url=db_url)]
    # Slack is slow to accept the first post (429, retry after 1 s): the other process keeps
    # submitting meanwhile and must not post the same milestone.
    slack.fail("chat.postMessage", status=429, retry_after=1)

    def one(i: int) -> dict[str, Any]:
        return submit(servers[i % 2], user=f"U{i}", what_worked=f"tip {i}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(one, range(20)))
    assert all(r["response_action"] == "update" for r in replies)
    slack.wait_for("chat.postMessage", 3, timeout=30)
    # Slack accepted the posts; each row is marked posted once the poster hears back (slow under load).
    sql = "SELECT threshold, status FROM report_milestones ORDER BY threshold"
    deadline = time.monotonic() + 30
    while query(db_url, sql) != [(5, "posted"), (10, "posted"), (20, "posted")] and time.monotonic() < deadline:
        time.sleep(0.2)
    for server in servers:
        server.stop()  # both processes finish their listeners before we count
    posts = milestone_posts(slack)
    assert sorted(int(p.split("reached ")[1].split()[0]) for p in posts) == [5, 10, 20]
    assert report_count(servers[0], "77002") == 20
    assert query(db_url, sql) == [(5, "posted"), (10, "posted"), (20, "posted")]


def cpt_reply_text(server: BillbotServer, slack: SlackStub, line: str) -> str:
    """Everything the app answered to a /cpt command: the ack body, plus a follow-up via response_url if any."""
    url = slack.response_url()
    reply = server.command(line, response_url=url)
    assert reply.status == 200
    body = reply.text
    if "Denial" not in body and "RVU" not in body:  # answered later through the response_url
        posted = [c for c in slack.wait_for("response_url", timeout=15) if c.path.endswith(url.rsplit("/", 1)[1])]
        body += "\n".join(c.all_text() for c in posted)
    return body


def test_cpt_shows_denial_patterns_only_from_the_threshold(billbot_server: BillbotServer, slack: SlackStub) -> None:
    code = "20611"  # no other test in this module reports it
    for i in range(4):
        submit(billbot_server, user=f"U{i}", code=code, paired_code=None, what_worked=f"separate report tip {i}")
    below = cpt_reply_text(billbot_server, slack, f"/cpt {code}")
    assert code in below and "Denial patterns" not in below and "separate report tip" not in below
    submit(billbot_server, user="U4", code=code, paired_code=None, what_worked="separate report tip 4")
    at = cpt_reply_text(billbot_server, slack, f"/cpt {code}")
    assert "Denial patterns from 5 reports" in at
    assert "CO-97" in at and "separate report tip 0" in at
    # Tips are sorted by text, so the last report's tip is not singled out as the newest one.
    assert at.index("separate report tip 0") < at.index("separate report tip 1") and "separate report tip 4" not in at


def test_daily_limit_is_a_friendly_field_error(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory(env={"BILLBOT_REPORT_DAILY_LIMIT": "2"})
    assert submit(server, user="U0CAP", what_worked="first")["response_action"] == "update"
    assert submit(server, user="U0CAP", what_worked="second")["response_action"] == "update"
    third = submit(server, user="U0CAP", what_worked="third")
    assert third["response_action"] == "errors" and "daily limit" in third["errors"]["code"]
    assert submit(server, user="U0OTHER", what_worked="third")["response_action"] == "update"
    assert report_count(server, "77002") == 3


def test_without_report_secret_reports_are_switched_off_clearly(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory(env={"BILLBOT_REPORT_SECRET": ""})
    assert "BILLBOT_REPORT_SECRET is not set" in server.log_text()  # said at start-up
    reply = server.command("/denial 77002")
    assert reply.status == 200 and "switched off" in reply.text and "BILLBOT_REPORT_SECRET" in reply.text
    url = slack.response_url()
    assert server.block_action("report_denial", "77002", response_url=url).status == 200
    answer = [c for c in slack.wait_for("response_url", timeout=15) if c.path.endswith(url.rsplit("/", 1)[1])]
    assert answer and "switched off" in answer[0].all_text()
    slack.assert_quiet("views.open", wait=1.0)  # no form to fill in that could not be sent
    refused = submit(server, what_worked="a modal opened before the restart")  # and a stale modal is refused
    assert refused["response_action"] == "errors" and "BILLBOT_REPORT_SECRET" in refused["errors"]["code"]
    assert report_count(server, "77002") == 0
    assert query(server.db_url, "SELECT count(*) FROM report_quota")[0][0] == 0


def test_without_denial_channel_reports_are_kept_and_posted_once_it_is_set(
    serve_factory: Any, slack: SlackStub
) -> None:
    server = serve_factory(env={"BILLBOT_DENIAL_CHANNEL": ""})
    assert "BILLBOT_DENIAL_CHANNEL is not set" in server.log_text()
    for i in range(5):
        assert submit(server, user=f"U{i}", what_worked=f"tip {i}")["response_action"] == "update"
    slack.assert_quiet("chat.postMessage", wait=1.5)
    assert query(server.db_url, "SELECT threshold, status FROM report_milestones") == [(5, "pending")]
    server.stop()
    with_channel = serve_factory(db_url=server.db_url)  # the start-up sweep posts what waited, once
    post = slack.wait_for("chat.postMessage", timeout=30)[0]
    assert post.params["channel"] == "C0DENIALS" and "reached 5" in post.text
    with_channel.stop()
    assert len(milestone_posts(slack)) == 1
