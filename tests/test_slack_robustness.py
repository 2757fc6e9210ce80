"""Start-up checks, Slack Web API trouble (429/500), retried commands, PostgreSQL, and a database
that goes away for a while — all through the real `billbot serve` process."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.serve_harness import *  # noqa: F403
from tests.serve_harness import BILLBOT, BillbotServer, free_port, import_cms, server_env, start_server
from tests.slack_stub import SlackStub
from tests.support.slack import all_text, buttons, reply_of, uid


@pytest.mark.parametrize("missing", ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"])
def test_missing_secret_stops_startup_naming_it(missing: str, tmp_path: Path, slack: SlackStub) -> None:
    env = server_env(slack, f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    env.pop(missing)
    out = subprocess.run([str(BILLBOT), "serve", "--port", str(free_port())], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert missing in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize(("status", "retry_after"), [(429, 1), (500, None)])
def test_share_survives_rate_limit_and_server_error(billbot_server: BillbotServer, slack: SlackStub,
                                                    status: int, retry_after: int | None) -> None:
    user, channel = uid(), uid("C")
    body = reply_of(billbot_server, slack, "/cpt 77002 26", user_id=user, channel_id=channel)
    slack.reset()
    slack.fail("chat.postMessage", status=status, retry_after=retry_after)
    billbot_server.block_action("share_quote", buttons(body["blocks"])["share_quote"]["value"], user_id=user,
                                channel_id=channel)
    posted = slack.wait_for("chat.postMessage")  # the retry succeeded
    attempts = slack.calls_to("chat.postMessage", ok_only=False)
    assert [c.status for c in attempts] == [status, 200]
    if retry_after:
        assert attempts[1].at - attempts[0].at >= retry_after * 0.9  # Retry-After honoured
    assert len(posted) == 1
    time.sleep(0.5)
    assert not any("error id" in c.all_text() for c in slack.calls_to("response_url"))


def test_retried_command_is_answered_once(billbot_server: BillbotServer, slack: SlackStub) -> None:
    channel = uid("C")
    trigger = f"{uuid.uuid4().int % 10**12}.retry"
    first = billbot_server.command("/cpt watch on", channel_id=channel, trigger_id=trigger)
    assert "Watching is on" in first.json()["text"]
    again = billbot_server.command("/cpt watch on", channel_id=channel, trigger_id=trigger, retry_num=1)
    assert again.status == 200 and not again.text.strip()


# -- PostgreSQL --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_cms_url(postgres_server: str | None, tmp_path_factory: pytest.TempPathFactory, cms_dir: Path) -> str:
    if postgres_server is None:
        pytest.skip("no PostgreSQL server on this machine")
    from tests.pg import new_postgres_database

    url = new_postgres_database(postgres_server)
    import_cms(url, cms_dir, tmp_path_factory.mktemp("pg-import"))
    return url


class TcpProxy:
    """A loopback TCP proxy that can be taken down (refusing and cutting connections) and up again."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._conns: list[socket.socket] = []
        self._server: socket.socket | None = None
        self._lock = threading.Lock()
        self.hanging = False  # accept connections but never answer (a database that hangs)

    def up(self) -> None:
        srv = socket.socket()
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", self.port))
        srv.listen(64)
        self._server = srv
        threading.Thread(target=self._accept, args=(srv,), daemon=True).start()

    def down(self) -> None:
        with self._lock:
            if self._server is not None:
                with contextlib.suppress(OSError):
                    self._server.shutdown(socket.SHUT_RDWR)  # wakes the accept() thread on Linux
                self._server.close()
                self._server = None
            for c in self._conns:
                with contextlib.suppress(OSError):
                    c.shutdown(socket.SHUT_RDWR)
                c.close()
            self._conns.clear()

    def _accept(self, srv: socket.socket) -> None:
        while True:
            try:
                client, _ = srv.accept()
            except OSError:
                return
            if self.hanging:
                with self._lock:
                    self._conns.append(client)
                continue
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.close()


@pytest.mark.postgres
def test_postgres_backed_server_and_a_database_outage(pg_cms_url: str, slack: SlackStub, tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(pg_cms_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.up()
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    server = start_server(slack, proxied, tmp_path / "serve")
    try:
        assert server.healthz().json()["database"] == {"ok": True, "backend": "postgresql"}
        channel = uid("C")
        assert "Watching is on" in reply_of(server, slack, "/cpt watch on", channel_id=channel)["text"]
        assert "$25.55" in all_text(reply_of(server, slack, "/cpt 77002 26", user_id=uid())["blocks"])

        proxy.down()  # the database goes away
        health = server.healthz()
        assert health.status == 200 and health.json()["database"]["ok"] is False
        # quotes still come from memory, with a note that saved defaults could not be read
        body = reply_of(server, slack, "/cpt 77002 26", user_id=uid())
        text = all_text(body["blocks"])
        assert "$25.55" in text and "could not be read just now" in text
        # a write fails with a friendly message and an error id, nothing half-done
        failed = reply_of(server, slack, "/cpt watch off", channel_id=channel)
        assert "error id" in all_text(failed)
        # a mention is still answered (from the fee schedule in memory), once, saying what is missing
        mention = {"type": "app_mention", "channel": uid("C"), "user": uid(), "ts": f"{time.time():.6f}",
                   "text": "<@U0BILLBOT> 77002 with 77003?"}
        assert server.event(mention).status == 200
        posted = slack.wait_for("chat.postMessage")[0]
        assert "add-on" in posted.all_text() and "database unavailable" in posted.all_text()

        proxy.up()  # back again: the pool reconnects, the earlier state is intact
        deadline = time.monotonic() + 20
        while not server.healthz().json()["database"]["ok"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert server.healthz().json()["database"]["ok"] is True
        assert "Watching is on" in reply_of(server, slack, "/cpt watch", channel_id=channel)["text"]
    finally:
        server.stop()
        proxy.down()
    assert "Traceback" not in server.log_text() or "error_id=" in server.log_text()


@pytest.mark.postgres
def test_a_hanging_database_never_delays_the_ack(pg_cms_url: str, slack: SlackStub, tmp_path: Path) -> None:
    """Every database read of /cpt (saved defaults, NCCI edits, denial patterns) hangs: the ack still
    comes within Slack's 3 seconds ("Working on it…" at the ack budget) and the answer follows."""
    from sqlalchemy.engine import make_url

    url = make_url(pg_cms_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.up()
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    server = start_server(slack, proxied, tmp_path / "serve")
    try:
        proxy.down()
        proxy.hanging = True
        proxy.up()
        response_url = slack.response_url()
        started = time.monotonic()
        r = server.command("/cpt 77003 26", user_id=uid(), response_url=response_url)  # nothing cached for it
        acked = time.monotonic() - started
        assert r.status == 200 and "Working on it" in r.json()["text"]
        assert acked < 2.5, acked  # the ack budget is 1.5 s; Slack gives up at 3 s
        posted = slack.wait_for("response_url", timeout=20)[-1].all_text()
        assert "77003" in posted and "could not be read just now" in posted
    finally:
        server.stop()
        proxy.down()


def test_no_data_then_import_and_reload_on_sighup(serve_factory: Any, slack: SlackStub, tmp_path: Path,
                                                  cms_dir: Path) -> None:
    import signal

    db_url = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    server = serve_factory(db_url=db_url)
    health = server.healthz().json()
    assert health["releases"] == [] and health["status"] == "degraded"
    body = reply_of(server, slack, "/cpt 77002 26", user_id=uid())
    assert "billbot data import" in all_text(body["blocks"])  # says what is missing and how to fix it
    import_cms(db_url, cms_dir, tmp_path)
    server.proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 30
    while not server.healthz().json()["releases"] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [r["id"] for r in server.healthz().json()["releases"]] == ["RVU25D"]
    assert "$25.55" in all_text(reply_of(server, slack, "/cpt 77002 26", user_id=uid())["blocks"])


def test_socket_mode_when_app_token_is_set(serve_factory: Any, slack: SlackStub) -> None:
    # no signing secret needed in Socket Mode; then no HTTP events endpoint exists at all
    server = serve_factory(env={"SLACK_APP_TOKEN": "xapp-1-A0BILLBOT-test", "SLACK_SIGNING_SECRET": ""})
    assert server.command("/cpt 77002 26", signed=False).status == 404
    slack.wait_for_socket()
    opened = slack.wait_for("apps.connections.open")[0]
    assert opened.headers.get("Authorization") == "Bearer xapp-1-A0BILLBOT-test"
    envelope_id = uuid.uuid4().hex
    slack.socket_send({
        "envelope_id": envelope_id, "type": "slash_commands", "accepts_response_payload": True,
        "payload": {"team_id": "T0BILLBOT", "channel_id": uid("C"), "user_id": uid(), "command": "/cpt",
                    "text": "77002 26", "response_url": slack.response_url(), "trigger_id": "1.socket",
                    "api_app_id": "A0BILLBOT"},
    })
    deadline = time.monotonic() + 20
    acks: list[Any] = []
    while time.monotonic() < deadline and not acks:
        acks = [c for c in slack.calls_to("socket") if c.params.get("envelope_id") == envelope_id]
        time.sleep(0.1)
    assert acks, "no ack over the socket"
    assert "$25.55" in all_text(acks[0].params.get("payload"))
    assert server.healthz().status == 200
