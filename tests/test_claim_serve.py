"""/cpt with several lines is a claim (issue 11 §2, §4), through the real `billbot serve` process.

Amounts are the hand-worked ones of tests/test_claim_rules.py (RVU25D, national, non-facility).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.serve_harness import *  # noqa: F403
from tests.serve_harness import BillbotServer
from tests.slack_stub import SlackStub
from tests.support.slack import all_text, reply_of, uid


def _reply(server: BillbotServer, slack: SlackStub, line: str) -> dict[str, Any]:
    return reply_of(server, slack, line, user_id=uid())


def test_cpt_rt_lt_is_one_bilateral_claim(billbot_server: BillbotServer, slack: SlackStub) -> None:
    # 20610 63.40 a side (1.96 RVU × 32.3465); RT+LT: 63.40 + 31.70 = 95.10 (150%), not 126.80.
    body = _reply(billbot_server, slack, "/cpt 20610 RT 20610 LT dos:2025-11-01")
    text = all_text(body["blocks"])
    assert "total allowed $95.10" in text
    assert "20610-LT*  fee schedule $63.40 → allowed *$31.70*" in text
    assert "Bilateral 50% (-31.70)" in text
    assert "$126.80" not in text
    assert "Claim total allowed $95.10" in body.get("text", "")


def test_cpt_three_surgeries_ranked_and_therapy_units(billbot_server: BillbotServer, slack: SlackStub) -> None:
    # 27447 1257.63 in full; 11042 125.18 → 62.59; 20610 63.40 → 31.70: total 1351.92.
    text = all_text(_reply(billbot_server, slack, "/cpt 20610 11042 27447 dos:2025-11-01")["blocks"])
    assert "total allowed $1,351.92" in text
    assert "11042*  fee schedule $125.18 → allowed *$62.59*" in text
    assert "ranks 3rd of 3" in text
    # 97110 x4: 28.79 + 3 × 21.83 = 94.28 once the therapy rule applies (not 115.16).
    text = all_text(_reply(billbot_server, slack, "/cpt 97110 units:4 dos:2025-11-01")["blocks"])
    assert "total allowed $94.28" in text and "Therapy PE 50% (-20.88)" in text


def test_cpt_claim_says_what_is_not_allowed(billbot_server: BillbotServer, slack: SlackStub) -> None:
    # 20610 has assistant indicator 1: 80 is never paid; 27447-80: 16% of 1257.63 = 201.22.
    text = all_text(_reply(billbot_server, slack, "/cpt 27447-80 20610-80 dos:2025-11-01")["blocks"])
    assert "Not allowed 0% (-63.40)" in text and "assistant indicator 1" in text
    assert "total allowed $201.22" in text


def test_cpt_add_on_finding_sits_on_its_line(billbot_server: BillbotServer, slack: SlackStub) -> None:
    # 64483 236.13 + 77003 99.63 (add-on, not ranked) = 335.76; the add-on check is shown on 77003's line.
    text = all_text(_reply(billbot_server, slack, "/cpt 64483 77003 dos:2025-11-01")["blocks"])
    assert "total allowed $335.76" in text
    claim_part = text.split("Claim: 2 lines", 1)[1].split("77003 ·", 1)[0]
    on_line = claim_part.split("*77003*", 1)[1]
    assert "77003 is an add-on code" in on_line


def test_no_mue_listed_never_beside_mue_not_loaded(billbot_server: BillbotServer, slack: SlackStub) -> None:
    # 2025-11-01: the PTP edits come from the 2026Q3 release's history, the MUE table (2026-07-01) does not
    # cover the date. No code may then read "no MUE listed" while the notes say the MUE values are not loaded.
    text = all_text(_reply(billbot_server, slack, "/cpt 20610 77002 dos:2025-11-01")["blocks"])
    assert "MUE values not loaded for 2025-11-01" in text
    assert "no MUE listed" not in text
    assert "MUE: not loaded for 2025-11-01" in text


def test_partial_ptp_file_set_is_said_first(billbot_server: BillbotServer, slack: SlackStub) -> None:
    # Only ccipra-v322r0-f1 (of f1-f4) is loaded: "no edit" must open with that, before any "no PTP edit".
    text = all_text(_reply(billbot_server, slack, "/cpt 99213 20610 dos:2026-07-15")["blocks"])
    bundling = text.split("Bundling (NCCI", 1)[1]
    partial = bundling.find("Only part of the NCCI PTP file set is loaded (only file f1 of f1-f4 loaded)")
    assert 0 <= partial < bundling.find("No PTP edit between these codes")


def test_release_option_and_the_one_line_about_today(billbot_server: BillbotServer, slack: SlackStub) -> None:
    # release:RVU25D prices under that release as `billbot price --release` does (77002-26: 0.79 RVU → $25.55).
    text = all_text(_reply(billbot_server, slack, "/cpt 77002 26 release:RVU25D")["blocks"])
    assert "$25.55" in text and "RVU25D" in text
    bad = all_text(_reply(billbot_server, slack, "/cpt 77002 26 release:RVU99Z"))
    assert "RVU99Z" in bad and "not loaded" in bad
    # No date: when no loaded release covers today, one line says so and names the release used.
    text = all_text(_reply(billbot_server, slack, "/cpt 20610 27447")["blocks"])
    covered = date(2025, 10, 1) <= date.today() <= date(2025, 12, 31)
    assert text.count("no loaded release covers today") == (0 if covered else 1)
    if not covered:
        assert f"No date of service given and no loaded release covers today ({date.today().isoformat()})" in text
        assert "priced under RVU25D" in text
