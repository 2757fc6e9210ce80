"""Issue 10: the pure pieces of the hardened edge, one behaviour each (the serve-level tests are in
test_edge_requests.py, test_edge_health.py, test_import_limits.py and test_edge_operations.py)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import zipfile

import pytest

from bot.cli.printable import printable
from bot.edge import Rejection, RejectionLog, parse_signed, request_label, shape_error, verify_signature
from storage.importers import limits

SECRET = "s3cret"
NOW = 1_800_000_000


def _sig(body: bytes, ts: str, secret: str = SECRET) -> str:
    return "v0=" + hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()


def test_a_valid_signature_passes_and_any_change_fails() -> None:
    body = b"command=%2Fcpt&text=77002"
    ts = str(NOW)
    assert verify_signature(SECRET, ts, _sig(body, ts), body, now=NOW) is None
    assert verify_signature(SECRET, ts, _sig(body + b"x", ts), body, now=NOW) == Rejection(401, "bad_signature")
    assert verify_signature(SECRET, ts, _sig(body, ts, "other"), body, now=NOW) == Rejection(401, "bad_signature")


@pytest.mark.parametrize("ts", ["abc", "1795987352.5", "", " 1800000000", "-1", "1e9", "١٨٠٠٠٠٠٠٠٠"])
def test_timestamps_that_are_not_whole_seconds_are_refused_before_any_arithmetic(ts: str) -> None:
    assert verify_signature(SECRET, ts, "v0=" + "0" * 64, b"", now=NOW) == Rejection(401, "bad_timestamp")


def test_stale_timestamps_and_malformed_signatures_are_refused() -> None:
    old = str(NOW - 301)
    assert verify_signature(SECRET, old, _sig(b"", old), b"", now=NOW) == Rejection(401, "stale_timestamp")
    for signature in (None, "", "v0=xyz", "v1=" + "0" * 64, "v0=" + "0" * 63):
        assert verify_signature(SECRET, str(NOW), signature, b"", now=NOW) == Rejection(401, "bad_signature")


@pytest.mark.parametrize(
    ("body", "ctype", "reason"),
    [
        (b"payload=\xff", "application/x-www-form-urlencoded", "not_utf8"),
        (b"payload={bad", "application/x-www-form-urlencoded", "malformed"),
        (b"payload=[]", "application/x-www-form-urlencoded", "malformed"),
        (b"[1, 2]", "application/json", "malformed"),
        (b'{"type": 5}', "application/json", "malformed"),
        (b'{"type": "block_actions", "actions": {"action_id": "x"}}', "application/json", "malformed"),
        (b'{"type": "view_submission", "view": {"state": {"values": []}}}', "application/json", "malformed"),
        (b'{"type": "event_callback", "event": {"type": "app_mention", "text": 5}}', "application/json", "malformed"),
    ],
)
def test_signed_bodies_that_are_not_slack_payloads_are_400(body: bytes, ctype: str, reason: str) -> None:
    assert parse_signed(body, ctype) == Rejection(400, reason)


def test_slack_payloads_parse_as_bolt_parses_them() -> None:
    parsed = parse_signed(b"command=%2Fcpt&text=77002+26&user_id=U1", "application/x-www-form-urlencoded")
    assert not isinstance(parsed, Rejection)
    assert parsed[1]["text"] == "77002 26" and request_label(parsed[1]) == "/cpt"
    view = b'payload={"type":"view_submission","view":{"callback_id":"denial_report","state":{"values":{}}}}'
    parsed = parse_signed(view, "application/x-www-form-urlencoded")
    assert not isinstance(parsed, Rejection) and request_label(parsed[1]) == "view:denial_report"
    assert shape_error({"type": "event_callback", "event": {"type": "app_mention", "text": "hi"}}) is None


def test_rejections_are_logged_as_one_summary_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    clock = [0.0]
    log = RejectionLog(logging.getLogger("test.edge"), interval=60.0, clock=lambda: clock[0])
    with caplog.at_level(logging.WARNING, "test.edge"):
        for i in range(500):
            clock[0] = i * 0.01
            log.note("bad_signature" if i % 2 else "malformed")
        assert len(caplog.records) == 1  # the first one, at once
        clock[0] = 61.0
        log.note("not_utf8")
    assert len(caplog.records) == 2
    assert "rejected 500 request(s)" in caplog.records[1].getMessage()
    assert "bad_signature=250" in caplog.records[1].getMessage()


def test_printable_escapes_what_could_forge_or_hide_a_line() -> None:
    assert printable("ok name.csv") == "ok name.csv"
    assert printable("a\x1b[2K\rRVU25D: forged\nb\u202etxt\x00") == "a\\x1b[2K\\x0dRVU25D: forged\\x0ab\\u202etxt\\x00"
    assert "\n" not in printable("x\u2028y") and "\x9b" not in printable("x\x9by")


def _info(name: str, size: int, compressed: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.file_size, info.compress_size = size, compressed
    return info


def test_zip_members_are_judged_from_the_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(limits.MAX_MB_VARIABLE, raising=False)
    assert limits.member_problem(_info("PPRRVU2025_Oct.csv", 2_547_226, 360_000)) is None  # CMS's, ~7:1
    assert limits.member_problem(_info("ZIP5_OCT2025.txt", 3_522_392, 127_000)) is None  # ~28:1
    bomb = limits.member_problem(_info("x.csv", 400 * 2**20, 1_500_000))
    assert bomb and "compression ratio" in bomb and "100:1" in bomb
    assert limits.member_problem(_info("tiny.csv", 500_000, 100)) is None  # small: ratio not judged
    big = limits.member_problem(_info("huge.txt", 2048 * 2**20, 200 * 2**20))
    assert big and "BILLBOT_IMPORT_MAX_MB" in big and "1024 MB" in big
    monkeypatch.setenv(limits.MAX_MB_VARIABLE, "1")
    assert limits.size_problem(2 * 2**20) is not None and limits.size_problem(2**20) is None


def _view(**fields: object) -> dict[str, object]:
    values = {}
    for block_id, value in fields.items():
        if block_id in ("payer", "state", "carc", "outcome"):
            values[block_id] = {"value": {"type": "static_select", "selected_option": value}}
        else:
            values[block_id] = {"value": {"type": "plain_text_input", "value": value}}
    return {"state": {"values": values}}


def test_intake_turns_wrong_types_into_field_errors_never_exceptions() -> None:
    from bot.reports.intake import field_values

    values, errors = field_values(_view(code=77002, what_worked=["a"], rarc={"x": 1}, payer="medicare_b",
                                        carc={"value": "CO-97"}, modifiers="26"))  # fmt: skip
    assert set(errors) == {"code", "what_worked", "rarc", "payer"}
    assert values == {"carc": "CO-97", "modifiers": "26"}
    for junk in (None, [], "x", {"state": []}, {"state": {"values": {"code": "77002"}}}, {"state": {"values": 5}}):
        field_values(junk)  # no exception, whatever the shape


def test_intake_refuses_over_long_text_before_anything_reads_it() -> None:
    from bot.reports.intake import field_values

    values, errors = field_values(_view(rarc="N290 " * 20_000, what_worked="x" * 501, modifiers="26 "))
    assert set(errors) == {"rarc", "what_worked"} and "500" in errors["what_worked"]
    assert values == {"modifiers": "26 "}
    values, errors = field_values(_view(what_worked="  " + "x" * 500 + "  "))  # spaces around are not counted
    assert not errors and values["what_worked"] is not None
