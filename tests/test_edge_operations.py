"""Issue 10, operations: `/metrics` in Prometheus text format, JSON logs with a request id and never
user text, import metrics for the scheduled `billbot data import` — through the real processes."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.serve_harness import *  # noqa: F403
from tests.serve_harness import BILLBOT, BillbotServer, server_env
from tests.slack_stub import SlackStub
from tests.support.denial import form_values


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    from prometheus_client.parser import text_string_to_metric_families

    out: dict[tuple[str, frozenset[tuple[str, str]]], float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return out


def _value(samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    """Sum of the samples named `name` whose labels include `labels`."""
    want = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and want <= set(ls))


def test_metrics_count_requests_reports_posts_and_slack_calls(serve_factory: Any, slack: SlackStub) -> None:
    server: BillbotServer = serve_factory()
    assert server.command("/cpt 77002 26").status == 200
    for i in range(5):  # the fifth report reaches the first milestone: a post to the channel
        reply = server.view_submission("denial_report", form_values(what_worked=f"tip {i}"), user_id=f"U0MET{i}")
        assert reply.json()["response_action"] == "update"
    slack.wait_for("chat.postMessage", timeout=15)
    slack.fail("chat.postEphemeral", status=500, times=5)
    server.post(b"payload={bad", "application/x-www-form-urlencoded", signed=False)
    time.sleep(0.5)
    reply = server.http("GET", "/metrics")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/plain")
    samples = _samples(reply.text)
    assert _value(samples, "billbot_requests_total", command="/cpt", outcome="ok") >= 1
    assert _value(samples, "billbot_requests_total", command="view:denial_report", outcome="ok") >= 5
    assert _value(samples, "billbot_requests_total", outcome="rejected") >= 1
    assert _value(samples, "billbot_request_duration_seconds_count", command="/cpt") >= 1
    assert _value(samples, "billbot_reports_stored_total") >= 5
    assert _value(samples, "billbot_posts_sent_total", kind="milestone") >= 1
    assert _value(samples, "billbot_slack_api_calls_total", method="chat.postMessage") >= 1
    assert ("billbot_slack_api_failures_total", frozenset()) in samples or any(
        n == "billbot_slack_api_failures_total" for n, _ in samples)
    assert any(n == "billbot_database_errors_total" for n, _ in samples)


def test_import_writes_duration_and_rows_for_the_textfile_collector(cms_dir: Path, tmp_path: Path) -> None:
    metrics = tmp_path / "billbot_import.prom"
    env = server_env(SlackStub(), f"sqlite+aiosqlite:///{tmp_path / 'm.db'}",
                     {"BILLBOT_METRICS_TEXTFILE": str(metrics)})
    env.pop("SLACK_API_URL", None)
    done = subprocess.run([str(BILLBOT), "data", "import", str(cms_dir / "rvu25d")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    samples = _samples(metrics.read_text())
    assert _value(samples, "billbot_import_rows", kind="pprrvu") == 19_090
    assert _value(samples, "billbot_import_duration_seconds") > 0
    assert _value(samples, "billbot_import_success") == 1


def test_json_logs_have_request_ids_and_never_user_text(serve_factory: Any, slack: SlackStub) -> None:
    marker = "Zqxmarker"
    server: BillbotServer = serve_factory(env={"BILLBOT_LOG_FORMAT": "json"})
    server.command(f"/cpt 77002 {marker}")
    server.command(f"/cpt {marker}")
    server.view_submission("denial_report", form_values(what_worked=f"{marker} appealed with the op note"),
                           user_id="U0JSON")
    server.view_submission("denial_report", form_values(what_worked=f"Call {marker} Smith at 617-555-0142"),
                           user_id="U0JSON2")
    server.view_submission("denial_report", form_values(code=7, what_worked=[marker]), user_id="U0JSON3")
    stored = server.view_submission("denial_report", form_values(what_worked="Appealed with the op note."),
                                    user_id="U0JSON4")  # a report that is stored: its log line has a request id
    assert stored.json()["response_action"] == "update"  # type: ignore[arg-type]
    server.event({"type": "app_mention", "user": "U0X", "text": f"<@U0BILLBOT> {marker} 77002", "channel": "C0X",
                  "ts": "1.2"})
    server.post(f"payload={marker}".encode(), "application/x-www-form-urlencoded", signed=False)
    server.post(f"payload={{{marker}".encode(), "application/x-www-form-urlencoded")
    time.sleep(1.0)
    text = server.log_text()
    assert marker not in text
    lines = [line for line in text.splitlines() if line.strip()]
    records: list[dict[str, Any]] = []
    for line in lines:
        record = json.loads(line)  # every line is one JSON object
        assert {"time", "level", "logger", "message"} <= set(record), record
        records.append(record)
    # Issue 9: no log line per report (not even "stored"); a line written while a request is handled
    # (here the rejection of the unsigned and malformed bodies) carries that request's id.
    assert not [r for r in records if r["logger"] == "billbot.denial"], records
    handled = [r for r in records if r["logger"] == "billbot.server" and "rejected" in r["message"]]
    assert handled and all(r.get("request_id") for r in handled), handled
