"""`billbot ask`: the /cpt answer without Slack, as text and as JSON, through the real CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.serve_harness import *  # noqa: F403
from tests.serve_harness import BILLBOT


def ask(db_url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BILLBOT_"))}
    env["BILLBOT_DATABASE_URL"] = db_url
    return subprocess.run([str(BILLBOT), "ask", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_ask_text(billbot_db_url: str, tmp_path: Path) -> None:
    out = ask(billbot_db_url, "/cpt 77002 26", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    # 0.79 total RVU × 32.3465 = 25.553735 → $25.55 (both settings: 26 has no PE difference)
    assert "Non-facility (office): $25.55" in out.stdout and "Facility: $25.55" in out.stdout
    assert "RVU25D" in out.stdout and "Typical-case estimate" in out.stdout
    assert "*" not in out.stdout.replace("×", "")  # no mrkdwn left


def test_ask_json_shape(billbot_db_url: str, tmp_path: Path) -> None:
    out = ask(billbot_db_url, "--json", "/cpt 20610 77002 dos:2025-11-01", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    data: dict[str, Any] = json.loads(out.stdout)
    assert {"quotes", "bundling", "tips", "notes"} <= data.keys()
    quotes = {q["hcpcs"]: q for q in data["quotes"]}
    # 77002 global: 3.41 total RVU × 32.3465 = 110.301565 → 110.30
    assert quotes["77002"]["nonfacility_amount"] == "110.30"
    assert quotes["77002"]["release"] == "RVU25D" and quotes["77002"]["conversion_factor"] == "32.3465"
    assert isinstance(data["bundling"], list)
    for pair in data["bundling"]:
        assert {"column1", "column2", "modifier_indicator", "bypassed", "rationale", "effective", "deleted",
                "release"} <= pair.keys()
    assert any(t["hcpcs"] == "77002" for t in data["tips"])
    assert all(isinstance(n, str) for n in data["notes"])
    assert any("add-on" in a["message"] for a in data["addon"])


@pytest.mark.parametrize(("line", "message"), [
    ("/cpt 77OO2", "77002"),
    ("/cpt 77002 zip:123", "ZIP"),
    ("/denial 77002", "/cpt"),
    ("/cpt watch on", "Slack"),
])
def test_ask_bad_input_is_a_clear_error(billbot_db_url: str, tmp_path: Path, line: str, message: str) -> None:
    out = ask(billbot_db_url, line, cwd=tmp_path)
    assert out.returncode == 1
    assert message in out.stderr and "Traceback" not in out.stderr


def test_ask_unknown_locality(billbot_db_url: str, tmp_path: Path) -> None:
    out = ask(billbot_db_url, "/cpt 77002 loc:99999-99", cwd=tmp_path)
    assert out.returncode == 1 and "Traceback" not in out.stderr and "99999-99" in out.stderr


def test_ask_help(billbot_db_url: str, tmp_path: Path) -> None:
    out = ask(billbot_db_url, "/cpt help", cwd=tmp_path)
    assert out.returncode == 0 and "zip:94110" in out.stdout


def test_partial_newest_release_does_not_hide_an_add_on(billbot_db_url: str, tmp_path: Path, cms_dir: Path) -> None:
    """The 20-row RVU26C excerpt becomes the newest release; 77002 is priced under RVU25D, and the
    bundling check must read its ZZZ global period from RVU25D too (not call it unchecked)."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BILLBOT_"))}
    env["BILLBOT_DATABASE_URL"] = billbot_db_url
    subprocess.run([str(BILLBOT), "data", "import", str(cms_dir / "rvu26-excerpt")], cwd=tmp_path, env=env,
                   check=True, capture_output=True, timeout=300)
    out = ask(billbot_db_url, "--json", "/cpt 20610 77002", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    data: dict[str, Any] = json.loads(out.stdout)
    assert {q["release"] for q in data["quotes"]} == {"RVU25D"}
    addon = [a for a in data["addon"] if a["code"] == "77002"]
    assert addon and addon[0]["source"] == "ZZZ" and addon[0]["release"] == "RVU25D"
    assert not any(n.startswith("not in RVU26C") for n in data["notes"])
