"""Issue 10: hostile requests at the HTTP front door of the real `billbot serve` process.

Unsigned junk must get a 4xx (never a 500) and must not grow the log per request; signed but
mistyped payloads get a field error or a 400; user text is length-limited before any expensive
work and cleaned (control characters removed, bidi overrides refused) before it is stored;
idle and half-open connections are closed after a short timeout."""

from __future__ import annotations

import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.serve_harness import *  # noqa: F403
from tests.serve_harness import BillbotServer, Reply, sign
from tests.slack_stub import SlackStub
from tests.support.denial import form_values, query

FORM = "application/x-www-form-urlencoded"

# (name, body, content type, extra headers): what anyone who can reach the Request URL can send.
JUNK: list[tuple[str, bytes, str, dict[str, str]]] = [
    ("payload={bad", b"payload={bad", FORM, {}),
    ("payload=[]", b"payload=[]", FORM, {}),
    ("invalid UTF-8", b"payload=\xff\xfe\xfa{}", FORM, {}),
    ("invalid UTF-8 as JSON", b"\xff\xfe{\"type\": \"event_callback\"}", "application/json", {}),
    ("JSON sent as a form", b'{"type": "url_verification", "challenge": "x"}', FORM, {}),
    ("JSON list", b"[1, 2, 3]", "application/json", {}),
    ("timestamp abc", b"command=%2Fcpt&text=77002", FORM,
     {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=" + "0" * 64}),
    ("fractional timestamp", b"command=%2Fcpt&text=77002", FORM,
     {"X-Slack-Request-Timestamp": "1795987352.5", "X-Slack-Signature": "v0=" + "0" * 64}),
    ("bad signature, junk body", b"payload={bad", FORM,
     {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=nothex"}),
]


def _junk(server: BillbotServer, body: bytes, ctype: str, headers: dict[str, str]) -> Reply:
    return server.post(body, ctype, signed=False, headers=headers)


def _fresh_timestamps(headers: dict[str, str]) -> dict[str, str]:
    if headers.get("X-Slack-Signature") == "v0=nothex":
        return {**headers, "X-Slack-Request-Timestamp": str(int(time.time()))}
    return headers


JUNK_PARAMS = [pytest.param(*j, id=j[0]) for j in JUNK]


@pytest.mark.parametrize(("name", "body", "ctype", "headers"), JUNK_PARAMS)
def test_unsigned_junk_is_a_4xx_never_a_500(billbot_server: BillbotServer, name: str, body: bytes, ctype: str,
                                           headers: dict[str, str]) -> None:
    reply = _junk(billbot_server, body, ctype, _fresh_timestamps(headers))
    assert 400 <= reply.status < 500, (name, reply.status)
    assert "Traceback" not in reply.text
    assert billbot_server.alive()


def test_500_junk_requests_do_not_grow_the_log(billbot_server: BillbotServer) -> None:
    before = len(billbot_server.log_text().encode())
    bodies = [JUNK[i % len(JUNK)] for i in range(500)]

    def send(item: tuple[str, bytes, str, dict[str, str]]) -> int:
        return _junk(billbot_server, item[1], item[2], _fresh_timestamps(item[3])).status

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(send, bodies))
    time.sleep(0.5)
    grown = billbot_server.log_text().encode()[before:]
    assert all(400 <= s < 500 for s in statuses), sorted(set(statuses))
    assert len(grown) <= 2048, f"the log grew by {len(grown)} bytes for 500 junk requests"
    assert b"Traceback" not in grown


# -- signed, but the payload's fields have the wrong types -----------------------------------------------


def _typed_values(**override: Any) -> dict[str, dict[str, Any]]:
    values = form_values()
    for block_id, value in override.items():
        values[block_id] = {"value": {"type": "plain_text_input", "value": value}}
    return values


def _signed_form(server: BillbotServer, form: dict[str, str]) -> Reply:
    return server.post(urlencode(form).encode(), FORM)


def _assert_field_error_or_400(reply: Reply, block_id: str | None) -> None:
    assert reply.status in (200, 400), (reply.status, reply.text[:300])
    if reply.status == 200:
        body = reply.json()
        assert body and body.get("response_action") == "errors", body
        if block_id:
            assert block_id in body["errors"], body


MISTYPED_VIEWS: list[tuple[str, dict[str, Any], str | None]] = [
    ("code is an integer", {"code": 77002}, "code"),
    ("what_worked is a list", {"what_worked": ["Appealed", "with the op note"]}, "what_worked"),
    ("rarc is an object", {"rarc": {"N290": True}}, "rarc"),
    ("modifiers is a number", {"modifiers": 26.5}, "modifiers"),
]


@pytest.mark.parametrize(("name", "override", "block_id"), MISTYPED_VIEWS, ids=[m[0] for m in MISTYPED_VIEWS])
def test_signed_mistyped_view_field_is_a_field_error(billbot_server: BillbotServer, slack: SlackStub, name: str,
                                                     override: dict[str, Any], block_id: str | None) -> None:
    reply = billbot_server.view_submission("denial_report", _typed_values(**override), user_id="U0MISTYPED")
    _assert_field_error_or_400(reply, block_id)


def test_signed_malformed_payloads_are_4xx_or_field_errors(billbot_server: BillbotServer, slack: SlackStub) -> None:
    server = billbot_server
    log_before = len(server.log_text())
    # The view's state is not an object of objects.
    state_list = {"type": "view_submission", "team": {"id": "T0BILLBOT"}, "user": {"id": "U0X"},
                  "trigger_id": "1.x", "view": {"callback_id": "denial_report", "state": {"values": []}}}
    _assert_field_error_or_400(server.interactive(state_list), None)
    block_not_dict = dict(state_list, view={"callback_id": "denial_report", "state": {"values": {"code": "77002"}}})
    _assert_field_error_or_400(server.interactive(block_not_dict), None)
    # Signed junk: valid signature, body that is not a Slack payload at all.
    for body, ctype in [(b"payload={bad", FORM), (b"payload=[]", FORM), (b"[1, 2]", "application/json"),
                        (b'{"type": 5, "event": []}', "application/json")]:
        reply = server.post(body, ctype)
        assert 400 <= reply.status < 500 or reply.status == 200, (body, reply.status)
    # A button whose value is not a string, actions that are not a list.
    reply = server.block_action("report_denial", action={"value": 77002})
    assert reply.status in (200, 400)
    bad_actions = {"type": "block_actions", "user": {"id": "U0X"}, "team": {"id": "T0BILLBOT"},
                   "trigger_id": "2.x", "actions": {"action_id": "report_denial"}, "response_url": slack.response_url()}
    assert server.interactive(bad_actions).status in (200, 400)
    # A mention whose text is a number.
    reply = server.event({"type": "app_mention", "user": "U0X", "text": 77002, "channel": "C0X", "ts": "1.2"})
    assert reply.status in (200, 400)
    time.sleep(1.0)
    assert "Traceback" not in server.log_text()[log_before:]
    assert server.alive()


# -- length limits before expensive work, and text cleaned at the edge ------------------------------------


@pytest.mark.parametrize(("field", "size"), [
    ("what_worked", 900_000),  # its length was checked first already: a regression case
    ("rarc", 100_000),
])
def test_huge_text_is_refused_fast_by_its_length(billbot_server: BillbotServer, slack: SlackStub, field: str,
                                                size: int) -> None:
    text = ("N290 Mr Smith called 617 " * (size // 25 + 1))[:size]
    started = time.monotonic()
    reply = billbot_server.view_submission("denial_report", _typed_values(**{field: text}), user_id="U0LONG")
    elapsed = time.monotonic() - started
    _assert_field_error_or_400(reply, field)
    assert elapsed < 2.0, f"{size:,} characters in {field} took {elapsed:.1f}s"
    started = time.monotonic()
    assert billbot_server.command("/cpt 77002 26").status == 200  # the server is not blocked
    assert time.monotonic() - started < 2.0


def _submit_text(server: BillbotServer, user: str, what_worked: str) -> dict[str, Any]:
    reply = server.view_submission("denial_report", form_values(code="99213", what_worked=what_worked), user_id=user)
    assert reply.status == 200, reply.text[:300]
    return reply.json() or {}


def test_control_characters_are_removed_before_storage(billbot_server: BillbotServer, slack: SlackStub) -> None:
    marker = "Resubmitted"  # a word the PHI screen knows, unique in this module's reports
    body = _submit_text(billbot_server, "U0CONTROL", f"{marker} appealed\x00 with the\x1b[31m op note\x07 attached.")
    assert body.get("response_action") == "update", body
    rows = query(billbot_server.db_url, f"SELECT what_worked FROM denial_reports WHERE what_worked LIKE '{marker}%'")
    assert rows, "the report was not stored"
    stored = rows[-1][0]
    assert not any(ord(c) < 32 and c not in "\n\t" for c in stored), repr(stored)
    assert "\x1b" not in stored and "appealed with the op note attached" in stored.replace("[31m", "")


@pytest.mark.parametrize("bidi", ["\u202e", "\u2066", "\u200f\u202b"])
def test_bidi_overrides_are_refused_as_a_field_error(billbot_server: BillbotServer, slack: SlackStub,
                                                    bidi: str) -> None:
    before = query(billbot_server.db_url, "SELECT count(*) FROM denial_reports")[0][0]
    body = _submit_text(billbot_server, "U0BIDI", f"Appealed {bidi}eton po eht{bidi} with the op note.")
    assert body.get("response_action") == "errors" and "what_worked" in body["errors"], body
    assert query(billbot_server.db_url, "SELECT count(*) FROM denial_reports")[0][0] == before


# -- idle and half-open connections -----------------------------------------------------------------------

CLOSE_WITHIN = 10.0  # seconds; the server's own timeouts are shorter


def _seconds_until_closed(sock: socket.socket, limit: float) -> float | None:
    """Read until the server closes the connection; None when still open after `limit` seconds."""
    started = time.monotonic()
    sock.settimeout(0.5)
    while time.monotonic() - started < limit:
        try:
            data = sock.recv(65536)
        except TimeoutError:
            continue
        except ConnectionResetError:
            return time.monotonic() - started
        if not data:
            return time.monotonic() - started
    return None


@pytest.mark.parametrize("kind", ["silent", "partial headers", "partial body", "idle keep-alive"])
def test_idle_and_half_open_connections_are_closed(billbot_server: BillbotServer, kind: str) -> None:
    with socket.create_connection(("127.0.0.1", billbot_server.port), timeout=5) as sock:
        if kind == "partial headers":
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n")
        elif kind == "partial body":
            body = b'{"type": "event_callback"}'
            headers = sign(body)
            head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            sock.sendall(f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         f"Content-Length: 1000\r\n{head}\r\n".encode() + body[:10])
        elif kind == "idle keep-alive":
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
            sock.settimeout(5)
            first = sock.recv(65536)
            assert first.startswith(b"HTTP/1.1 200"), first[:100]
            time.sleep(0.2)
        closed_after = _seconds_until_closed(sock, CLOSE_WITHIN)
    assert closed_after is not None, f"{kind}: still open after {CLOSE_WITHIN:.0f}s"


def test_a_normal_signed_command_still_works(billbot_server: BillbotServer, slack: SlackStub) -> None:
    """The hardening refuses junk, not Slack: a signed /cpt still gets its answer."""
    reply = billbot_server.command("/cpt 77002 26")
    assert reply.status == 200
    assert "77002" in json.dumps(reply.json())
