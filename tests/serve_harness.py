"""Run the real `billbot serve` process against the Slack stand-in and talk to it like Slack does.

Use from a test module:

    from tests.serve_harness import *  # noqa: F403  (fixtures: slack, billbot_server, serve_factory, ...)

    def test_something(billbot_server, slack):
        r = billbot_server.command("/cpt 77002 26")       # signed slash command; returns Reply
        assert r.status == 200
        posted = slack.wait_for("response_url")            # what the app sent afterwards

Fixtures
- `slack_stub` (session): the running `tests.slack_stub.SlackStub`; `slack` (function): the same, reset.
- `cms_db_template` (session): a SQLite file with the CMS files from `cms_dir` imported once via
  `billbot data import` (RVU25D set, ZIP file, NCCI excerpts when an importer for them exists).
- `billbot_db_url` (function): a private copy of that file, as a database URL.
- `serve_factory` (function): `serve_factory(db_url=None, env={})` starts a `billbot serve` process
  (own port, stub as SLACK_API_URL) and waits for `/healthz`; all are stopped at test end.
- `billbot_server` (module): one server per test module on a module-private copy of the database.

The server's stdout/stderr go to a file: `server.log_text()` returns them (for "never logged" checks).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from tests.slack_stub import BOT_USER_ID, TEAM_ID, SlackStub

__all__ = [
    "BOT_TOKEN",
    "SIGNING_SECRET",
    "TEAM_ID",
    "BillbotServer",
    "Reply",
    "billbot_db_url",
    "billbot_server",
    "cms_db_template",
    "import_cms",
    "serve_factory",
    "slack",
    "slack_stub",
]

ROOT = Path(__file__).resolve().parent.parent
BILLBOT = Path(sys.executable).parent / "billbot"
SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-0000-test-token"
DEFAULT_USER = "U0TESTUSER"
DEFAULT_CHANNEL = "C0TESTCHAN"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sign(body: bytes, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Slack's request-signing headers for `body`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body.decode("utf-8"))
    assert signature is not None
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


@dataclass
class Reply:
    """What `POST /slack/events` answered (the synchronous "ack")."""

    status: int
    body: bytes
    headers: dict[str, str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class BillbotServer:
    """A running `billbot serve` process and helpers that send it Slack-shaped, signed requests."""

    def __init__(self, proc: subprocess.Popen[bytes], port: int, stub: SlackStub, db_url: str, log_path: Path) -> None:
        self.proc = proc
        self.port = port
        self.stub = stub
        self.db_url = db_url
        self.log_path = log_path
        self.url = f"http://127.0.0.1:{port}"

    # -- raw HTTP ------------------------------------------------------------------------------

    def http(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None,
             timeout: float = 30.0) -> Reply:
        req = urllib.request.Request(self.url + path, data=body if method == "POST" else None, method=method,
                                     headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return Reply(resp.status, resp.read(), dict(resp.headers))
        except urllib.error.HTTPError as err:
            return Reply(err.code, err.read(), dict(err.headers))

    def post(self, body: bytes, content_type: str, *, signed: bool = True, timestamp: int | None = None,
             secret: str = SIGNING_SECRET, retry_num: int | None = None, headers: dict[str, str] | None = None
             ) -> Reply:
        hdrs = {"Content-Type": content_type}
        if signed:
            hdrs.update(sign(body, timestamp, secret))
        if retry_num is not None:
            hdrs["X-Slack-Retry-Num"] = str(retry_num)
            hdrs["X-Slack-Retry-Reason"] = "http_timeout"
        hdrs.update(headers or {})
        return self.http("POST", "/slack/events", body, hdrs)

    def healthz(self) -> Reply:
        return self.http("GET", "/healthz")

    # -- Slack payloads ------------------------------------------------------------------------

    def command(self, line: str, *, user_id: str = DEFAULT_USER, channel_id: str = DEFAULT_CHANNEL,
                team_id: str = TEAM_ID, response_url: str | None = None, trigger_id: str | None = None,
                **kwargs: Any) -> Reply:
        """A slash command: `line` is what the user typed, e.g. "/cpt 77002 26"."""
        command, _, text = line.partition(" ")
        form = {
            "token": "legacy-verification-token",
            "team_id": team_id,
            "team_domain": "billbot-test",
            "channel_id": channel_id,
            "channel_name": "billing",
            "user_id": user_id,
            "user_name": "biller",
            "command": command,
            "text": text,
            "api_app_id": "A0BILLBOT",
            "is_enterprise_install": "false",
            "response_url": response_url or self.stub.response_url(),
            "trigger_id": trigger_id or f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:12]}",
        }
        return self.post(urlencode(form).encode(), "application/x-www-form-urlencoded", **kwargs)

    def interactive(self, payload: dict[str, Any], **kwargs: Any) -> Reply:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded", **kwargs)

    def block_action(self, action_id: str, value: str = "", *, block_id: str = "b", user_id: str = DEFAULT_USER,
                     channel_id: str = DEFAULT_CHANNEL, team_id: str = TEAM_ID, response_url: str | None = None,
                     trigger_id: str | None = None, container: dict[str, Any] | None = None,
                     view: dict[str, Any] | None = None, message: dict[str, Any] | None = None,
                     action: dict[str, Any] | None = None, **kwargs: Any) -> Reply:
        """A button click (block_actions). `action` overrides/extends the action object."""
        act = {"action_id": action_id, "block_id": block_id, "type": "button", "value": value,
               "action_ts": f"{time.time():.6f}"}
        act.update(action or {})
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": team_id, "domain": "billbot-test"},
            "user": {"id": user_id, "username": "biller", "team_id": team_id},
            "api_app_id": "A0BILLBOT",
            "token": "legacy-verification-token",
            "trigger_id": trigger_id or f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:12]}",
            "actions": [act],
        }
        if view is not None:
            payload["view"] = view
            payload["container"] = container or {"type": "view", "view_id": view.get("id", "V0")}
        else:
            payload["channel"] = {"id": channel_id, "name": "billing"}
            payload["response_url"] = response_url or self.stub.response_url()
            payload["container"] = container or {"type": "message", "message_ts": "1700000000.000100",
                                                 "channel_id": channel_id, "is_ephemeral": True}
            if message is not None:
                payload["message"] = message
        return self.interactive(payload, **kwargs)

    def view_submission(self, callback_id: str, values: dict[str, dict[str, Any]], *,
                        private_metadata: str = "", user_id: str = DEFAULT_USER, team_id: str = TEAM_ID,
                        view_id: str = "V0SUBMIT", trigger_id: str | None = None, **kwargs: Any) -> Reply:
        """A modal submission. `values` is Slack's `view.state.values` ({block_id: {action_id: {...}}})."""
        payload = {
            "type": "view_submission",
            "team": {"id": team_id, "domain": "billbot-test"},
            "user": {"id": user_id, "username": "biller", "team_id": team_id},
            "api_app_id": "A0BILLBOT",
            "token": "legacy-verification-token",
            "trigger_id": trigger_id or f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:12]}",
            "view": {
                "id": view_id, "team_id": team_id, "type": "modal", "callback_id": callback_id,
                "private_metadata": private_metadata, "hash": "1.hash", "blocks": [],
                "state": {"values": values},
            },
            "response_urls": [],
        }
        return self.interactive(payload, **kwargs)

    def event(self, event: dict[str, Any], *, event_id: str | None = None, team_id: str = TEAM_ID,
              **kwargs: Any) -> Reply:
        """An Events API callback wrapping `event` (e.g. {"type": "app_mention", "text": ..., ...})."""
        envelope = {
            "token": "legacy-verification-token",
            "team_id": team_id,
            "api_app_id": "A0BILLBOT",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team_id, "user_id": BOT_USER_ID, "is_bot": True}],
        }
        return self.post(json.dumps(envelope).encode(), "application/json", **kwargs)

    # -- process -------------------------------------------------------------------------------

    def log_text(self) -> str:
        return self.log_path.read_text("utf-8", "replace") if self.log_path.exists() else ""

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def server_env(stub: SlackStub, db_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BILLBOT_"))}
    env.update({
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": stub.api_url,
        "BILLBOT_DATABASE_URL": db_url,
        "BILLBOT_DENIAL_CHANNEL": "C0DENIALS",
        "BILLBOT_REPORT_SECRET": "test-report-secret",
        "PYTHONUNBUFFERED": "1",
    })
    env.update(extra or {})
    return env


def start_server(stub: SlackStub, db_url: str, workdir: Path, env: dict[str, str] | None = None,
                 timeout: float = 90.0) -> BillbotServer:
    """Start `billbot serve` on a free port and wait until /healthz answers 200 (a port taken by
    someone else between choosing and binding it is retried on another port)."""
    for attempt in range(3):
        try:
            return _start_once(stub, db_url, workdir, env, timeout)
        except PortTaken:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


class PortTaken(RuntimeError):
    pass


def _start_once(stub: SlackStub, db_url: str, workdir: Path, env: dict[str, str] | None,
                timeout: float) -> BillbotServer:
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = workdir / f"serve-{port}.log"
    with log_path.open("wb") as log:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(
            [str(BILLBOT), "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=workdir, env=server_env(stub, db_url, env), stdout=log, stderr=subprocess.STDOUT,
        )
    server = BillbotServer(proc, port, stub, db_url, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log_text = server.log_text()
            if "cannot listen" in log_text:
                raise PortTaken(log_text[-2000:])
            raise RuntimeError(f"billbot serve exited with {proc.returncode}:\n{log_text[-4000:]}")
        try:
            if server.healthz().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"billbot serve did not answer /healthz within {timeout}s:\n{server.log_text()[-4000:]}")


def import_cms(db_url: str, cms_dir: Path, workdir: Path) -> dict[str, bool]:
    """Import the CMS files with the real `billbot data import`; returns which groups were imported.

    The fee schedule (RVU25D + ZIP file) must import; the NCCI excerpts are imported when the
    installed importer recognises them (reported as False otherwise)."""
    env = server_env(SlackStub(), db_url)
    env.pop("SLACK_API_URL", None)
    done: dict[str, bool] = {}
    groups = {
        "fee_schedule": [cms_dir / "rvu25d", cms_dir / "zip-locality"],
        "ncci": [cms_dir / "ncci-excerpt"],
    }
    for name, paths in groups.items():
        proc = subprocess.run([str(BILLBOT), "data", "import", *map(str, paths)], cwd=workdir, env=env,
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0 and name == "fee_schedule":
            raise RuntimeError(f"billbot data import failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        done[name] = proc.returncode == 0
    return done


def copy_sqlite(src: Path, dst: Path) -> str:
    dst.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{src}{suffix}").exists():
            shutil.copyfile(f"{src}{suffix}", f"{dst}{suffix}")
    return f"sqlite+aiosqlite:///{dst}"


@dataclass
class CmsTemplate:
    path: Path
    imported: dict[str, bool]

    @property
    def ncci_loaded(self) -> bool:
        return self.imported.get("ncci", False)


@pytest.fixture(scope="session")
def slack_stub() -> Iterator[SlackStub]:
    stub = SlackStub().start()
    try:
        yield stub
    finally:
        stub.stop()


@pytest.fixture
def slack(slack_stub: SlackStub) -> SlackStub:
    slack_stub.reset()
    return slack_stub


@pytest.fixture(scope="session")
def cms_db_template(tmp_path_factory: pytest.TempPathFactory, cms_dir: Path) -> CmsTemplate:
    root = tmp_path_factory.mktemp("cms-template")
    path = root / "template.db"
    try:
        imported = import_cms(f"sqlite+aiosqlite:///{path}", cms_dir, root)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    return CmsTemplate(path, imported)


@pytest.fixture
def billbot_db_url(cms_db_template: CmsTemplate, tmp_path: Path) -> str:
    return copy_sqlite(cms_db_template.path, tmp_path / "db" / "billbot.db")


@pytest.fixture
def serve_factory(slack_stub: SlackStub, tmp_path: Path, billbot_db_url: str) -> Iterator[Any]:
    servers: list[BillbotServer] = []

    def start(db_url: str | None = None, env: dict[str, str] | None = None) -> BillbotServer:
        server = start_server(slack_stub, db_url or billbot_db_url, tmp_path / f"serve{len(servers)}", env)
        servers.append(server)
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="module")
def billbot_server(slack_stub: SlackStub, cms_db_template: CmsTemplate,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[BillbotServer]:
    root = tmp_path_factory.mktemp("billbot-server")
    db_url = copy_sqlite(cms_db_template.path, root / "billbot.db")
    server = start_server(slack_stub, db_url, root)
    try:
        yield server
    finally:
        server.stop()
