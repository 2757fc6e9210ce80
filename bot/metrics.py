"""Prometheus metrics (`GET /metrics`, text format, from the maintained `prometheus-client`).

One registry per process. Names (all counters end in `_total` when exposed):

- `billbot_requests_total{command, outcome}` and `billbot_request_duration_seconds{command, outcome}`:
  every `POST /slack/events` (command: "/cpt", "view:denial_report", "action:share_quote",
  "event:app_mention", or "unsigned" for a request refused before its signature was valid;
  outcome: ok, field_error, rejected (401), invalid (400/408/413), unhandled (404: not acked), error (5xx))
- `billbot_slack_api_calls_total{method}`, `billbot_slack_api_failures_total{method}`: Slack Web API
- `billbot_database_errors_total`: errors raised by the database driver
- `billbot_reports_stored_total`, `billbot_posts_sent_total{kind}` (milestone, digest)

Labels never carry user text: commands and callback ids come from billbot's own manifest, cut to 40
characters, and anything unknown is counted under its type only.

`billbot data import` writes its own metrics to a file for node_exporter's textfile collector
(`write_import_metrics`), because a batch job is gone before anyone could scrape it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, TypeVar

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, write_to_textfile
from prometheus_client.exposition import CONTENT_TYPE_LATEST

C = TypeVar("C")
REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter("billbot_requests", "Slack requests on POST /slack/events", ["command", "outcome"],
                   registry=REGISTRY)  # fmt: skip
REQUEST_SECONDS = Histogram(
    "billbot_request_duration_seconds", "Time to the HTTP answer (the ack) of a Slack request",
    ["command", "outcome"], registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0),
)  # fmt: skip
SLACK_CALLS = Counter("billbot_slack_api_calls", "Slack Web API calls", ["method"], registry=REGISTRY)
SLACK_FAILURES = Counter("billbot_slack_api_failures", "Slack Web API calls that failed (after retries)",
                         ["method"], registry=REGISTRY)  # fmt: skip
DATABASE_ERRORS = Counter("billbot_database_errors", "Errors raised by the database driver", registry=REGISTRY)
REPORTS_STORED = Counter("billbot_reports_stored", "Denial reports stored (new, not duplicates)", registry=REGISTRY)
POSTS_SENT = Counter("billbot_posts_sent", "Channel posts sent", ["kind"], registry=REGISTRY)

for _method in ("chat.postMessage", "chat.postEphemeral", "views.open", "views.publish", "files.uploadV2"):
    SLACK_CALLS.labels(_method)
    SLACK_FAILURES.labels(_method)
for _kind in ("milestone", "digest"):
    POSTS_SENT.labels(_kind)


def outcome_of(status: int, body: bytes | None = None) -> str:
    if status == 200:
        return "field_error" if body and b'"response_action": "errors"' in body else "ok"
    if status == 401:
        return "rejected"
    if status in (400, 408, 413):
        return "invalid"
    if status == 404:
        return "unhandled"
    return "error" if status >= 500 else str(status)


def observe_request(command: str, status: int, seconds: float, body: bytes | None = None) -> None:
    outcome = outcome_of(status, body)
    REQUESTS.labels(command, outcome).inc()
    REQUEST_SECONDS.labels(command, outcome).observe(seconds)


def exposition() -> tuple[bytes, str]:
    """The body and content type of `GET /metrics`."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def count_slack_calls(client: C) -> C:
    """Wrap an `AsyncWebClient`'s `api_call` so every Web API call (and failure) is counted."""
    original = client.api_call  # type: ignore[attr-defined]

    async def api_call(api_method: str, *args: Any, **kwargs: Any) -> Any:
        method = api_method[:60]
        SLACK_CALLS.labels(method).inc()
        try:
            return await original(api_method, *args, **kwargs)
        except Exception:
            SLACK_FAILURES.labels(method).inc()
            raise

    client.api_call = api_call  # type: ignore[attr-defined]
    return client


def count_database_errors(engine: Any) -> None:
    """Count every error the driver raises on `engine` (an AsyncEngine or Engine)."""
    from sqlalchemy import event

    sync_engine = getattr(engine, "sync_engine", engine)

    @event.listens_for(sync_engine, "handle_error")
    def _on_error(_context: Any) -> None:
        DATABASE_ERRORS.inc()


def write_import_metrics(path: str, *, success: bool, seconds: float, rows: Mapping[str, int]) -> None:
    """Metrics of one `billbot data import`, written atomically for node_exporter's textfile collector."""
    registry = CollectorRegistry()
    Gauge("billbot_import_success", "1 when the last import succeeded", registry=registry).set(1 if success else 0)
    Gauge("billbot_import_duration_seconds", "Duration of the last import", registry=registry).set(seconds)
    Gauge("billbot_import_last_run_timestamp_seconds", "When the last import finished",
          registry=registry).set(time.time())  # fmt: skip
    rows_gauge = Gauge("billbot_import_rows", "Rows stored by the last import, by file kind", ["kind"],
                       registry=registry)  # fmt: skip
    for kind, n in rows.items():
        rows_gauge.labels(kind).set(n)
    write_to_textfile(path, registry)
