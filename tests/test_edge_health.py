"""Issue 10: health that tells the truth, and a clean stop — through the real `billbot serve` process.

`/healthz` is liveness (the process answers); `/readyz` is readiness: it fails when the database the
operator configured cannot be written or was deleted or replaced under the running process. A
denial report is thanked only when it was committed to that database. SIGTERM lets in-flight work
finish and leaves background posts in a state the next start completes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serve_harness import *  # noqa: F403
from tests.serve_harness import BillbotServer
from tests.slack_stub import SlackStub
from tests.support.denial import form_values, query


def _db_path(server: BillbotServer) -> Path:
    return Path(server.db_url.split("///", 1)[1])


def _submit(server: BillbotServer, user: str, what_worked: str, code: str = "77002") -> dict[str, Any]:
    reply = server.view_submission("denial_report", form_values(code=code, what_worked=what_worked), user_id=user)
    assert reply.status == 200, reply.text[:300]
    return reply.json() or {}


def _ready(server: BillbotServer) -> int:
    return server.http("GET", "/readyz", timeout=10).status


def test_ready_when_the_database_is_writable(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory()
    assert _ready(server) == 200
    assert server.healthz().status == 200


def test_deleted_database_fails_readiness_and_no_report_is_thanked(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory()
    assert _submit(server, "U0BEFORE", "stored before the deletion")["response_action"] == "update"
    path = _db_path(server)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    assert server.healthz().status == 200  # liveness: the process still answers
    assert _ready(server) == 503
    answer = _submit(server, "U0AFTER", "sent after the deletion")
    assert answer.get("response_action") == "errors", answer  # never "Thank you"
    assert "could not be saved" in str(answer["errors"])
    assert server.alive()


def test_replaced_database_fails_readiness_and_no_report_is_thanked(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory()
    path = _db_path(server)
    copy = path.with_name("replacement.db")
    shutil.copyfile(path, copy)
    os.replace(copy, path)  # e.g. a restore copied over the live file
    assert _ready(server) == 503
    answer = _submit(server, "U0REPLACED", "sent after the replacement")
    assert answer.get("response_action") == "errors", answer


@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    """Files made immutable (`chattr +i`: even root cannot write them) and made writable again at the end."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available")
    paths: list[Path] = []
    yield paths
    for path in paths:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_read_only_database_fails_readiness_and_no_report_is_thanked(
    serve_factory: Any, slack: SlackStub, immutable: list[Path]
) -> None:
    server = serve_factory()
    assert _submit(server, "U0RW", "stored while writable")["response_action"] == "update"
    path = _db_path(server)
    for suffix in ("", "-wal"):  # the shared-memory file stays writable (SQLite maps it)
        target = Path(f"{path}{suffix}")
        if target.exists():
            done = subprocess.run(["chattr", "+i", str(target)], capture_output=True, text=True, check=False)
            if done.returncode != 0:
                pytest.skip(f"cannot make the database read-only here: {done.stderr.strip()}")
            immutable.append(target)
    assert _ready(server) == 503
    answer = _submit(server, "U0RO", "sent while read-only", code="99213")
    assert answer.get("response_action") == "errors", answer
    assert server.alive()


# -- SIGTERM ----------------------------------------------------------------------------------------------


def test_sigterm_leaves_an_interrupted_post_for_the_next_start(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory()
    slack.fail("chat.postMessage", status=429, retry_after=4)  # the milestone post is in flight...
    for i in range(5):
        assert _submit(server, f"U0TERM{i}", f"tip {i}")["response_action"] == "update"
    slack.wait_for("chat.postMessage", ok_only=False, timeout=15)
    server.proc.send_signal(signal.SIGTERM)  # ... when the operator stops the service
    started = time.monotonic()
    server.proc.wait(20)
    assert time.monotonic() - started < 15
    assert server.proc.returncode == 0, server.log_text()[-2000:]
    assert "Traceback" not in server.log_text()
    state = query(server.db_url, "SELECT threshold, status FROM report_milestones")
    assert state in ([(5, "pending")], [(5, "posted")]), state  # never left leased to a dead process
    if state == [(5, "pending")]:
        serve_factory(db_url=server.db_url)  # the next start posts it, at once
        slack.wait_for("chat.postMessage", timeout=20)
    assert len([c for c in slack.calls_to("chat.postMessage") if "reached 5" in c.text]) == 1


# -- the WAL and shared-memory files (SQLite maps -shm: a truncated mapping raised SIGBUS) -------------


def _shm_truncated(path: Path) -> None:
    with open(f"{path}-shm", "r+b") as f:
        f.truncate(0)


def _shm_read_only(path: Path) -> None:
    shm = Path(f"{path}-shm")
    copy = shm.with_name(shm.name + ".copy")
    shutil.copyfile(shm, copy)
    copy.chmod(0o444)
    os.replace(copy, shm)  # another file, read-only, under the running process's mapping


def _wal_replaced(path: Path) -> None:
    wal = Path(f"{path}-wal")
    copy = wal.with_name(wal.name + ".copy")
    shutil.copyfile(wal, copy)
    os.replace(copy, wal)


@pytest.mark.parametrize("damage", [_shm_truncated, _shm_read_only, _wal_replaced],
                         ids=["shm-truncated", "shm-replaced-read-only", "wal-replaced"])
def test_damaged_wal_or_shm_fails_readiness_and_the_server_lives(
    serve_factory: Any, slack: SlackStub, damage: Any
) -> None:
    server = serve_factory()
    assert _submit(server, "U0WAL1", "stored before the damage")["response_action"] == "update"
    path = _db_path(server)
    assert Path(f"{path}-shm").exists() and Path(f"{path}-wal").exists()
    damage(path)
    for i in range(3):  # writes after the damage: refused, never thanked, and the process lives
        answer = _submit(server, f"U0WAL{i + 2}", f"sent after the damage {i}", code="99213")
        assert answer.get("response_action") == "errors", answer
        assert "could not be saved" in str(answer["errors"])
    assert server.alive(), server.log_text()[-3000:]
    ready = server.http("GET", "/readyz", timeout=10)
    assert ready.status == 503
    reason = (ready.json() or {})["reason"]
    assert "-shm" in reason or "-wal" in reason, reason
    assert server.healthz().status == 200
    assert server.alive(), server.log_text()[-3000:]
    assert "SIGBUS" not in server.log_text() and "Fatal Python error" not in server.log_text()
    assert server.log_text().count("database statements refused") == 1, server.log_text()[-3000:]  # once, clear


def test_a_fatal_signal_still_leaves_a_line_in_the_log(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory()
    server.proc.send_signal(signal.SIGBUS)
    server.proc.wait(20)
    assert server.proc.returncode == -signal.SIGBUS
    assert "Fatal Python error: Bus error" in server.log_text(), server.log_text()[-2000:]
