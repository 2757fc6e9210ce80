"""The Slack app through the real `billbot serve` process: signed requests in, Web API calls out.

Expected amounts come from the CMS files themselves (PPRRVU totals × the file's conversion factor,
rounded half-up; the CMS carrier payment file PFREV25C for a locality), never from billbot.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import time
import uuid
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.serve_harness import *  # noqa: F403
from tests.serve_harness import BillbotServer
from tests.slack_stub import SlackStub
from tests.support.slack import all_text, buttons, details_of, reply_of, uid

CENT = Decimal("0.01")
DISCLAIMER = (
    "Typical-case estimate under standard Medicare rules; actual payment depends on payer, documentation and locality."
)


def pprrvu(cms_dir: Path, code: str, mod: str = "") -> dict[str, str]:
    """One PPRRVU row as {combined header: value}; the two header rows are joined ("NON-FACILITY TOTAL")."""
    with (cms_dir / "rvu25d" / "PPRRVU2025_Oct.csv").open(encoding="latin-1", newline="") as fh:
        rows = csv.reader(fh)
        prev: list[str] = []
        for row in rows:
            if row and row[0] == "HCPCS":
                header = [f"{a.strip()} {b.strip()}".strip() for a, b in zip(prev, row, strict=False)]
                break
            prev = row
        for row in rows:
            if row[0] == code and row[1] == mod:
                return dict(zip(header, row, strict=False))
    raise AssertionError(f"{code}-{mod} not in PPRRVU")


def national(cms_dir: Path, code: str, mod: str = "") -> tuple[str, str]:
    """National (all GPCIs 1.000) amounts: total RVU × CF, rounded half-up to cents."""
    row = pprrvu(cms_dir, code, mod)
    cf = Decimal(row["CONV FACTOR"])
    nf = (Decimal(row["NON-FACILITY TOTAL"]) * cf).quantize(CENT, rounding=ROUND_HALF_UP)
    fa = (Decimal(row["FACILITY TOTAL"]) * cf).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"${nf:,.2f}", f"${fa:,.2f}"


def mrkdwn_texts(payload: Any) -> list[str]:
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            if v.get("type") == "mrkdwn" and isinstance(v.get("text"), str):
                out.append(v["text"])
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(payload)
    return out


# -- health, signatures --------------------------------------------------------------------------


def test_healthz_reports_database_and_releases(billbot_server: BillbotServer, cms_dir: Path) -> None:
    r = billbot_server.healthz()
    assert r.status == 200
    body = r.json()
    assert body["database"]["ok"] is True
    cf = pprrvu(cms_dir, "77002")["CONV FACTOR"]
    assert {"id": "RVU25D", "conversion_factor": cf} .items() <= body["releases"][0].items()
    assert body["status"] == "ok"
    assert any("v32.2r0" in r["name"] for r in body["ncci_releases"])


@pytest.mark.parametrize("kind", ["bad", "stale", "missing"])
def test_bad_or_stale_signature_is_401_and_does_nothing(billbot_server: BillbotServer, slack: SlackStub,
                                                        kind: str) -> None:
    user, channel = uid(), uid("C")
    variants: dict[str, dict[str, Any]] = {
        "bad": {"secret": "not-the-secret"},
        "stale": {"timestamp": int(time.time()) - 6 * 60},
        "missing": {"signed": False},
    }
    kwargs = variants[kind]
    r = billbot_server.command("/cpt watch on", user_id=user, channel_id=channel, **kwargs)
    assert r.status == 401
    slack.assert_quiet("response_url", wait=0.5)
    # nothing was stored: the (signed) question says watching is off
    body = reply_of(billbot_server, slack, "/cpt watch", user_id=user, channel_id=channel)
    assert "Watching is off" in body["text"]


# -- /cpt answers -----------------------------------------------------------------------------------


def test_cpt_77002_26_national(billbot_server: BillbotServer, slack: SlackStub, cms_dir: Path) -> None:
    body = reply_of(billbot_server, slack, "/cpt 77002 26", user_id=uid())
    assert body["response_type"] == "ephemeral"
    text = all_text(body["blocks"])
    nf, fa = national(cms_dir, "77002", "26")
    assert (nf, fa) == ("$25.55", "$25.55")  # 0.79 RVU × 32.3465 = 25.553735 (README truth)
    assert f"*Non-facility (office):* {nf}" in text and f"*Facility:* {fa}" in text
    assert "RVU25D" in text and "32.3465" in text
    assert "National average" in text
    assert "26" in text and "Professional component" in text  # what the modifier did
    assert "Global period" in text and "ZZZ" in text
    assert "MUE" in text
    assert "Billing tips" in text
    assert DISCLAIMER in text
    btn = buttons(body["blocks"])
    assert btn["report_denial"]["value"] == "77002"
    assert btn["share_quote"]["value"].startswith("77002-26")
    text = all_text(details_of(billbot_server, slack, "/cpt 77002 26", user_id=uid())["blocks"])  # behind Details
    assert "confidence" in text.lower() and "PPRRVU2025_Oct.csv:" in text


@pytest.mark.parametrize("line", ["/cpt 77002", "/cpt   77002  ", "/cpt \uff17\uff17\uff10\uff10\uff12"])
def test_cpt_global_service_and_tolerant_spelling(billbot_server: BillbotServer, slack: SlackStub,
                                                  cms_dir: Path, line: str) -> None:
    body = reply_of(billbot_server, slack, line, user_id=uid())
    nf, _ = national(cms_dir, "77002")
    assert nf == "$110.30"  # 3.41 × 32.3465 = 110.301565
    assert f"*Non-facility (office):* {nf}" in all_text(body["blocks"])


def test_cpt_locality_matches_cms_carrier_file(billbot_server: BillbotServer, slack: SlackStub,
                                               cms_dir: Path) -> None:
    with (cms_dir / "carrier-format" / "PFREV25C.txt").open(newline="") as fh:
        rows = [r for r in csv.reader(fh) if r and not r[0].startswith("TRL")]
    row = rows[0]
    carrier, locality, code, nf_fee, f_fee = row[1], row[2], row[3], row[5], row[6]
    body = reply_of(billbot_server, slack, f"/cpt {code} loc:{carrier}-{locality} facility", user_id=uid())
    text = all_text(body["blocks"])
    assert f"*Non-facility (office):* ${Decimal(nf_fee):,.2f}" in text
    assert f"*Facility:* ${Decimal(f_fee):,.2f} ← your setting" in text
    assert f"{carrier}-{locality}" in text


def test_unknown_code_and_lookalikes_get_clear_messages(billbot_server: BillbotServer, slack: SlackStub) -> None:
    body = reply_of(billbot_server, slack, "/cpt 77OO2", user_id=uid())
    assert "77002" in body["text"] and "not a HCPCS code" in all_text(body["blocks"])
    body = reply_of(billbot_server, slack, "/cpt 77\u041e02", user_id=uid())
    assert "U+041E" in all_text(body["blocks"])
    body = reply_of(billbot_server, slack, "/cpt 99999", user_id=uid())
    assert "RVU25D" in all_text(body["blocks"])  # "99999 is not in RVU25D" + closest codes


def test_oversize_and_hostile_input_is_escaped(billbot_server: BillbotServer, slack: SlackStub) -> None:
    body = reply_of(billbot_server, slack, "/cpt " + "77002 " * 500, user_id=uid())
    assert "2,000" in all_text(body["blocks"])
    hostile = "/cpt 77002 <!channel> *bold* <http://evil.example|click me> <@U123>"
    body = reply_of(billbot_server, slack, hostile, user_id=uid())
    raw = json.dumps(body)
    for needle in ("<!channel>", "<http://evil", "<@U123>"):
        assert needle not in raw
    # the user's text only ever appears in plain_text objects
    for text in mrkdwn_texts(body["blocks"]):
        assert "*bold*" not in text and "evil.example" not in text


def test_help(billbot_server: BillbotServer, slack: SlackStub) -> None:
    body = reply_of(billbot_server, slack, "/cpt help", user_id=uid())
    text = all_text(body["blocks"])
    for form in ("zip:94110", "loc:01112-05", "facility", "dos:", "units:", "watch on"):
        assert form in text


def test_two_codes_quote_each_and_check_bundling(billbot_server: BillbotServer, slack: SlackStub,
                                                 cms_dir: Path) -> None:
    body = reply_of(billbot_server, slack, "/cpt 20610 77002", user_id=uid())
    text = all_text(body["blocks"])
    for code in ("20610", "77002"):
        nf, _ = national(cms_dir, code)
        assert nf in text
    assert "Bundling (NCCI" in text
    # 77002 is an add-on code (global ZZZ in the RVU file) and the bundling section says so
    assert pprrvu(cms_dir, "77002")["GLOB DAYS"] == "ZZZ"
    assert "add-on" in text
    reports = [b for b in _all_buttons(body["blocks"]) if b["action_id"] == "report_denial"]
    assert sorted(b["value"] for b in reports) == ["20610", "77002"]


def _all_buttons(payload: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            if v.get("type") == "button":
                out.append(v)
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(payload)
    return out


# -- buttons ---------------------------------------------------------------------------------------


def test_share_in_channel_posts_once_even_when_retried(billbot_server: BillbotServer, slack: SlackStub,
                                                       cms_dir: Path) -> None:
    user, channel = uid(), uid("C")
    body = reply_of(billbot_server, slack, "/cpt 77002 26", user_id=user, channel_id=channel)
    share = buttons(body["blocks"])["share_quote"]
    url = slack.response_url()
    trigger = f"{uuid.uuid4().int % 10**12}.share"
    r = billbot_server.block_action("share_quote", share["value"], user_id=user, channel_id=channel,
                                    response_url=url, trigger_id=trigger)
    assert r.status == 200
    posted = slack.wait_for("chat.postMessage")
    assert posted[0].params["channel"] == channel
    text = posted[0].all_text()
    assert national(cms_dir, "77002", "26")[0] in text and f"<@{user}>" in text
    assert "share_quote" not in json.dumps(posted[0].params)  # no buttons in the shared copy
    deleted = slack.wait_for("response_url")
    assert any(c.params.get("delete_original") for c in deleted)
    # Slack retries the same click: nothing new is posted
    r = billbot_server.block_action("share_quote", share["value"], user_id=user, channel_id=channel,
                                    response_url=url, trigger_id=trigger, retry_num=1)
    assert r.status == 200
    time.sleep(1.0)
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_share_when_not_in_channel_explains(billbot_server: BillbotServer, slack: SlackStub) -> None:
    slack.fail("chat.postMessage", error="not_in_channel")
    url = slack.response_url()
    billbot_server.block_action("share_quote", "77002-26 office", user_id=uid(), channel_id=uid("C"),
                                response_url=url)
    posted = slack.wait_for("response_url")
    assert "/invite @billbot" in posted[-1].all_text()


def test_report_denial_button_opens_the_modal_or_says_unavailable(billbot_server: BillbotServer,
                                                                  slack: SlackStub) -> None:
    import importlib

    denial = importlib.import_module("bot.handlers.denial") if _has_denial() else None
    billbot_server.block_action("report_denial", "77002", user_id=uid())
    if denial is not None and callable(getattr(denial, "register", None)):
        opened = slack.wait_for("views.open")
        view = opened[0].params["view"]
        assert view["callback_id"] == "denial_report"
        assert "77002" in json.dumps(view)
    else:
        assert "not set up" in slack.wait_for("response_url")[-1].all_text()


def _has_denial() -> bool:
    import importlib.util

    return importlib.util.find_spec("bot.handlers.denial") is not None


# -- watch, mentions, retries ------------------------------------------------------------------------


def message_event(channel: str, text: str, **extra: Any) -> dict[str, Any]:
    ts = f"{time.time():.6f}"
    return {"type": "message", "channel": channel, "user": uid(), "text": text, "ts": ts,
            "channel_type": "channel", "event_ts": ts, **extra}


def test_watch_on_replies_in_thread_only_when_there_is_something_to_flag(
    billbot_server: BillbotServer, slack: SlackStub, cms_dir: Path
) -> None:
    channel = uid("C")
    assert pprrvu(cms_dir, "77002")["GLOB DAYS"] == pprrvu(cms_dir, "77003")["GLOB DAYS"] == "ZZZ"
    # not watching yet: silence
    billbot_server.event(message_event(channel, "can we bill 77002 with 77003?"))
    slack.assert_quiet("chat.postMessage", wait=0.5)  # handled (and ignored) before watching starts
    body = reply_of(billbot_server, slack, "/cpt watch on", channel_id=channel)
    assert "Watching is on" in body["text"]
    slack.assert_quiet("chat.postMessage", wait=0.3)
    # two add-on codes and no primary: flagged, in the thread of the message
    event = message_event(channel, "can we bill 77002 with 77003? PATIENTSECRETNAME")
    billbot_server.event(event)
    posted = slack.wait_for("chat.postMessage")
    assert posted[0].params["channel"] == channel and posted[0].params["thread_ts"] == event["ts"]
    assert "77002" in posted[0].all_text() and "add-on" in posted[0].all_text()
    assert "PATIENTSECRETNAME" not in json.dumps(posted[0].params)
    # one code, or nothing to flag: quiet
    billbot_server.event(message_event(channel, "what about 99213 alone? and 12345 dollars"))
    time.sleep(0.8)
    assert len(slack.calls_to("chat.postMessage")) == 1
    reply_of(billbot_server, slack, "/cpt watch off", channel_id=channel)
    billbot_server.event(message_event(channel, "77002 with 77003 again"))
    time.sleep(0.8)
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert "PATIENTSECRETNAME" not in billbot_server.log_text()


def test_mention_retry_never_duplicates_the_reply(billbot_server: BillbotServer, slack: SlackStub) -> None:
    channel = uid("C")
    event = {"type": "app_mention", "channel": channel, "user": uid(), "ts": f"{time.time():.6f}",
             "text": "<@U0BILLBOT> can we bill 20610 with 77002?"}
    event_id = f"Ev{uuid.uuid4().hex[:10].upper()}"
    assert billbot_server.event(event, event_id=event_id).status == 200
    slack.wait_for("chat.postMessage")
    for n in (1, 2):
        assert billbot_server.event(event, event_id=event_id, retry_num=n).status == 200
    time.sleep(1.0)
    posted = slack.calls_to("chat.postMessage")
    assert len(posted) == 1 and posted[0].params["thread_ts"] == event["ts"]


def test_free_text_never_reaches_the_log(billbot_server: BillbotServer, slack: SlackStub) -> None:
    secret = "ZQXJOHNDOEMRN12345"
    reply_of(billbot_server, slack, f"/cpt {secret}", user_id=uid())
    reply_of(billbot_server, slack, f"/cpt 77002 loc:{secret}", user_id=uid())
    billbot_server.command(f"/cpt 77002 {secret}", secret="wrong")
    billbot_server.event({"type": "app_mention", "channel": uid("C"), "user": uid(), "ts": f"{time.time():.6f}",
                          "text": f"<@U0BILLBOT> {secret} 77002 77003"})
    slack.wait_for("chat.postMessage")
    assert secret not in billbot_server.log_text()


# -- App Home and per-user defaults ------------------------------------------------------------------


def test_app_home_defaults_are_used_by_cpt(billbot_server: BillbotServer, slack: SlackStub,
                                           cms_dir: Path) -> None:
    user = uid()
    billbot_server.event({"type": "app_home_opened", "user": user, "channel": uid("D"), "tab": "home",
                          "event_ts": f"{time.time():.6f}"})
    home = slack.wait_for("views.publish")[0]
    assert home.params["user_id"] == user and "RVU25D" in home.all_text()
    assert "/cpt 77002 26" in home.all_text() and "zip:94110" in home.all_text()  # how to use it
    assert "v32.2r0" in home.all_text()  # the NCCI PTP excerpt ccipra-v322r0 is listed too
    billbot_server.block_action("home_edit_prefs", view={"id": "VHOME", "type": "home"}, user_id=user)
    modal = slack.wait_for("views.open")[0].params["view"]
    assert modal["callback_id"] == "billbot_prefs"
    # a locality that does not exist is refused on the field, nothing saved
    r = billbot_server.view_submission("billbot_prefs", {
        "locality": {"value": {"type": "plain_text_input", "value": "99999-99"}},
        "setting": {"value": {"type": "radio_buttons", "selected_option": {"value": "facility"}}},
    }, user_id=user)
    assert r.status == 200 and r.json()["response_action"] == "errors" and "locality" in r.json()["errors"]
    # a real carrier-locality from the CMS carrier file, facility setting
    with (cms_dir / "carrier-format" / "PFREV25C.txt").open(newline="") as fh:
        row = next(r for r in csv.reader(fh) if r and not r[0].startswith("TRL"))
    carrier, locality, code, f_fee = row[1], row[2], row[3], row[6]
    r = billbot_server.view_submission("billbot_prefs", {
        "locality": {"value": {"type": "plain_text_input", "value": f"{carrier}-{locality}"}},
        "setting": {"value": {"type": "radio_buttons", "selected_option": {"value": "facility"}}},
    }, user_id=user)
    assert r.status == 200 and not r.text.strip()
    assert f"{carrier}-{locality}" in slack.wait_for("views.publish", 2)[-1].all_text()
    body = reply_of(billbot_server, slack, f"/cpt {code}", user_id=user)
    text = all_text(body["blocks"])
    assert f"*Facility:* ${Decimal(f_fee):,.2f} ← your setting" in text
    assert "your saved locality" in text
    # another user is unaffected
    other = all_text(reply_of(billbot_server, slack, f"/cpt {code}", user_id=uid())["blocks"])
    assert "National average" in other


# -- slow path and failures (own server processes) ----------------------------------------------------


def test_slow_answers_follow_the_ack_via_response_url(serve_factory: Any, slack: SlackStub, cms_dir: Path) -> None:
    server = serve_factory(env={"BILLBOT_ACK_BUDGET_MS": "0"})
    url = slack.response_url()
    r = server.command("/cpt 77002 26", response_url=url)
    assert r.status == 200 and "Working on it" in r.json()["text"]
    posted = slack.wait_for("response_url")
    assert national(cms_dir, "77002", "26")[0] in posted[-1].all_text()


def test_database_failure_gives_error_id_and_logs_it(serve_factory: Any, slack: SlackStub,
                                                     billbot_db_url: str) -> None:
    server = serve_factory()
    path = billbot_db_url.split("///", 1)[1]
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE slack_channel_watch")
    url = slack.response_url()
    r = server.command("/cpt watch on", response_url=url, channel_id=uid("C"))
    assert r.status == 200
    body = r.json()
    text = all_text(body)
    assert "error id" in text
    error_id = text.split("error id", 1)[1].split("`")[1] if "`" in text.split("error id", 1)[1] else ""
    assert error_id and f"error_id={error_id}" in server.log_text()
    # quotes still work: the fee schedule is in memory
    r = server.command("/cpt 77002 26")
    assert "$25.55" in all_text(r.json())


# -- denial patterns in /cpt (through H5's /denial modal submission) ----------------------------------


def _denial_values(code: str, carc: str, outcome: str) -> dict[str, dict[str, Any]]:
    def text(v: str | None) -> dict[str, Any]:
        return {"value": {"type": "plain_text_input", "value": v}}

    def select(v: str | None) -> dict[str, Any]:
        return {"value": {"type": "static_select", "selected_option": {"value": v} if v else None}}

    return {"code": text(code), "modifiers": text(None), "paired_code": text(None), "payer": select("medicare_b"),
            "state": select(None), "carc": select(carc), "rarc": text(None), "outcome": select(outcome),
            "what_worked": text(None)}


@pytest.mark.skipif(not _has_denial(), reason="denial module not installed")
def test_cpt_shows_denial_patterns_once_the_threshold_is_reached(serve_factory: Any, slack: SlackStub) -> None:
    server = serve_factory(env={"BILLBOT_REPORT_THRESHOLD": "2"})
    r = server.view_submission("denial_report", _denial_values("20610", "CO-97", "appeal_won"), user_id=uid())
    assert r.status == 200 and "errors" not in r.text, r.text
    below = all_text(reply_of(server, slack, "/cpt 20610")["blocks"])
    assert "Denial patterns" not in below  # 1 report < threshold 2: nothing shown
    r = server.view_submission("denial_report", _denial_values("20610", "CO-97", "appeal_lost"), user_id=uid())
    assert r.status == 200 and "errors" not in r.text, r.text
    above = all_text(reply_of(server, slack, "/cpt 20610")["blocks"])
    assert "Denial patterns from 2 reports" in above and "CO-97" in above


def _active_ptp_edit(cms_dir: Path, day: str) -> tuple[str, str, str]:
    """(column 1, column 2, modifier indicator) of the first edit in the CMS PTP excerpt in force on `day`."""
    path = next((cms_dir / "ncci-excerpt").glob("ccipra-*"))
    for line in path.read_text("latin-1").splitlines()[6:]:
        col1, col2, _pre, eff, dele, mod = line.split("\t")[:6]
        if eff <= day and (dele == "*" or day <= dele) and mod == "1":
            return col1, col2, mod
    raise AssertionError("no active edit in the excerpt")


def test_cpt_bundling_from_the_cms_ptp_file(billbot_server: BillbotServer, slack: SlackStub, cms_dir: Path) -> None:
    # The excerpt is release v32.2 (2026Q3): ask for a date in that quarter. No fee schedule covers
    # it (RVU25D ends 2025-12-31), which the reply says once, and the NCCI answer still comes.
    col1, col2, _ = _active_ptp_edit(cms_dir, "20260715")
    body = reply_of(billbot_server, slack, f"/cpt {col1} {col2} dos:2026-07-15", user_id=uid())
    text = all_text(body["blocks"])
    assert "No loaded release covers the date of service 2026-07-15" in text
    assert text.count("No loaded release covers") == 1
    assert f"{col2} is denied when billed with {col1}" in text
    body = reply_of(billbot_server, slack, f"/cpt {col1} {col2}-59 dos:2026-07-15", user_id=uid())
    assert f"{col2} is payable with {col1}" in all_text(body["blocks"])


def test_url_verification_challenge(billbot_server: BillbotServer) -> None:
    """Slack checks the Request URL when it is saved: the signed challenge is echoed back."""
    challenge = uuid.uuid4().hex
    body = json.dumps({"token": "x", "challenge": challenge, "type": "url_verification"}).encode()
    r = billbot_server.post(body, "application/json")
    assert r.status == 200 and challenge in r.text
    assert billbot_server.post(body, "application/json", secret="wrong").status == 401


# -- the grammar forms of issue 4, section 2, through the server ---------------------------------------


def gpci(cms_dir: Path, carrier: str, locality: str) -> tuple[Decimal, Decimal, Decimal]:
    """(work, PE, MP) GPCIs of a carrier-locality from GPCI2025.csv."""
    with (cms_dir / "rvu25d" / "GPCI2025.csv").open(encoding="latin-1", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) >= 7 and row[0].strip() == carrier and row[2].strip().zfill(2) == locality:
                return Decimal(row[4]), Decimal(row[5]), Decimal(row[6])
    raise AssertionError(f"{carrier}-{locality} not in GPCI2025.csv")


def zip_locality(cms_dir: Path, zip5: str) -> tuple[str, str]:
    """(carrier, locality) of a ZIP from ZIP5_OCT2025.txt (fixed width: ZIP 3-7, carrier 8-12, locality 13-14)."""
    with (cms_dir / "zip-locality" / "ZIP5_OCT2025.txt").open(encoding="latin-1") as fh:
        for line in fh:
            if line[2:7] == zip5:
                return line[7:12], line[12:14]
    raise AssertionError(f"ZIP {zip5} not in the ZIP file")


def local_amounts(cms_dir: Path, code: str, mod: str, carrier: str, locality: str) -> tuple[str, str]:
    """Σ RVU × GPCI × CF, rounded half-up to cents (CMS's formula, written out)."""
    row = pprrvu(cms_dir, code, mod)
    gw, gpe, gmp = gpci(cms_dir, carrier, locality)
    cf = Decimal(row["CONV FACTOR"])
    work, mp = Decimal(row["WORK RVU"]), Decimal(row["MP RVU"])
    nf = (work * gw + Decimal(row["NON-FAC PE RVU"]) * gpe + mp * gmp) * cf
    fa = (work * gw + Decimal(row["FACILITY PE RVU"]) * gpe + mp * gmp) * cf
    return (f"${nf.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}", f"${fa.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}")


@pytest.mark.parametrize("line", ["/cpt 77002 26 zip:94110", "/cpt 77002-26 ZIP: 94110", "/cpt 77002 26 loc:01112-05",
                                  "/cpt 77002 26 loc:CA san francisco"])
def test_locality_forms_price_from_the_gpci_file(billbot_server: BillbotServer, slack: SlackStub, cms_dir: Path,
                                                 line: str) -> None:
    carrier, locality = zip_locality(cms_dir, "94110")
    assert (carrier, locality) == ("01112", "05")  # San Francisco, per the CMS ZIP file
    nf, fa = local_amounts(cms_dir, "77002", "26", carrier, locality)
    text = all_text(reply_of(billbot_server, slack, line, user_id=uid())["blocks"])
    assert f"*Non-facility (office):* {nf} ← your setting" in text and f"*Facility:* {fa}" in text
    assert f"{carrier}-{locality}" in text


def test_reply_shows_the_rvu_table_status_and_indicators(billbot_server: BillbotServer, slack: SlackStub,
                                                         cms_dir: Path) -> None:
    row = pprrvu(cms_dir, "77002", "26")
    text = all_text(details_of(billbot_server, slack, "/cpt 77002 26", user_id=uid())["blocks"])  # behind Details
    assert f"*Status {row['STATUS CODE']}:*" in text
    for label, rvu in (("Work", row["WORK RVU"]), ("MP", row["MP RVU"])):  # national: every GPCI is 1.000
        assert any(ln.startswith(label) and f"{rvu} ×  1.000" in ln for ln in text.splitlines()), label
    assert f"Total non-fac. {row['NON-FACILITY TOTAL']}" in " ".join(text.split())
    assert "Conversion factor 32.3465" in text
    assert "PC/TC" in text and "Global period" in text
    assert f"77002-26 · {row['DESCRIPTION']}" in text  # code and short descriptor, as imported


def test_setting_units_and_date_forms(billbot_server: BillbotServer, slack: SlackStub, cms_dir: Path) -> None:
    nf, fa = national(cms_dir, "99213")
    text = all_text(reply_of(billbot_server, slack, "/cpt 99213 facility", user_id=uid())["blocks"])
    assert f"*Facility:* {fa} ← your setting" in text and f"*Non-facility (office):* {nf}\n" in text
    one = Decimal(national(cms_dir, "77002")[0].strip("$"))
    text = all_text(reply_of(billbot_server, slack, "/cpt 77002 units:2", user_id=uid())["blocks"])
    assert f"*Non-facility (office):* ${one * 2:,.2f} ← your setting" in text and "(2 units)" in text
    text = all_text(reply_of(billbot_server, slack, "/cpt 77002 dos:2025-11-01", user_id=uid())["blocks"])
    assert "RVU25D" in text and national(cms_dir, "77002")[0] in text
    text = all_text(reply_of(billbot_server, slack, "/cpt 77002 dos:2024-06-01", user_id=uid())["blocks"])
    assert "No loaded release covers the date of service 2024-06-01" in text


def test_clear_defaults_failure_is_shown_with_its_error_id(serve_factory: Any, slack: SlackStub,
                                                          billbot_db_url: str) -> None:
    server = serve_factory()
    path = billbot_db_url.split("///", 1)[1]
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE slack_user_prefs")
    user = uid()
    assert server.block_action("home_clear_prefs", view={"id": "VHOME", "type": "home"}, user_id=user).status == 200
    home = slack.wait_for("views.publish")[-1]
    text = home.all_text()
    assert home.params["user_id"] == user and "could not be cleared" in text and "No defaults saved" not in text
    error_id = text.split("error id `", 1)[1].split("`", 1)[0]
    assert f"error_id={error_id}" in server.log_text()


def test_a_saved_zip_default_prices_in_its_locality(billbot_server: BillbotServer, slack: SlackStub,
                                                    cms_dir: Path) -> None:
    user = uid()
    r = billbot_server.view_submission("billbot_prefs", {
        "locality": {"value": {"type": "plain_text_input", "value": "94110"}},
        "setting": {"value": {"type": "radio_buttons", "selected_option": {"value": "office"}}},
    }, user_id=user)
    assert r.status == 200 and not r.text.strip()
    carrier, locality = zip_locality(cms_dir, "94110")
    nf, _ = local_amounts(cms_dir, "77002", "26", carrier, locality)
    text = all_text(reply_of(billbot_server, slack, "/cpt 77002 26", user_id=user)["blocks"])
    assert f"*Non-facility (office):* {nf} ← your setting" in text and "your saved ZIP 94110" in text
    # a locality typed in the command wins over the saved one
    text = all_text(reply_of(billbot_server, slack, "/cpt 77002 26 loc:national", user_id=user)["blocks"])
    assert "*Non-facility (office):* $25.55" in text and "your saved" not in text
