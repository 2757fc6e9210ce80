"""/cpt in Slack through the real `billbot serve` (tests/serve_harness.py) and the Slack stand-in:
lab, drug, DMEPOS, ASC and anesthesia questions answered from the imported schedule files."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path
from typing import Any

from tests.schedule_truth import records
from tests.serve_harness import *  # noqa: F403
from tests.serve_harness import BILLBOT, BillbotServer, SlackStub, server_env
from tests.support.slack import details_of

FOLDERS = ("clfs", "asp", "dmepos", "opps", "asc")


def uid() -> str:
    return "U" + uuid.uuid4().hex[:9].upper()


def all_text(payload: Any) -> str:
    """Every string in the reply's blocks, one per line."""
    if isinstance(payload, str):
        return payload
    if isinstance(payload, dict):
        return "\n".join(all_text(v) for v in payload.values())
    if isinstance(payload, list):
        return "\n".join(all_text(v) for v in payload)
    return ""


def reply_of(server: BillbotServer, slack: SlackStub, line: str, **kwargs: Any) -> dict[str, Any]:
    """The answer to a slash command: the ack body, or what followed on the response_url."""
    url = slack.response_url()
    r = server.command(line, response_url=url, **kwargs)
    assert r.status == 200, r.text
    body = r.json()
    if body and body.get("blocks"):
        return dict(body)
    posted = [c for c in slack.wait_for("response_url", timeout=20) if c.path.endswith(url.rsplit("/", 1)[1])]
    return dict(posted[-1].params)


def test_cpt_prices_every_schedule(serve_factory: Any, slack: SlackStub, billbot_db_url: str, cms_dir: Path) -> None:
    env = server_env(SlackStub(), billbot_db_url)
    env.pop("SLACK_API_URL", None)
    proc = subprocess.run(
        [str(BILLBOT), "data", "import", *(str(cms_dir / f) for f in FOLDERS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    server = serve_factory()
    user = uid()

    lab = all_text(reply_of(server, slack, "/cpt 80053", user_id=user)["blocks"])
    ((line, row),) = [
        (n, r)
        for n, r in records(cms_dir / "clfs" / "CLFS 2025 Q2V1.csv", "YEAR", "HCPCS")
        if r["HCPCS"] == "80053" and not r["MOD"]
    ]
    assert f"${float(row['RATE']):,.2f}" in lab and "CLFS 2025Q2" in lab and f"CLFS 2025 Q2V1.csv:{line}" in lab

    drug = all_text(reply_of(server, slack, "/cpt J3301 units:4", user_id=user)["blocks"])
    assert "10 MG" in drug and "ASP 2026Q1" in drug

    dme = all_text(reply_of(server, slack, "/cpt E0601 zip:77002", user_id=user)["blocks"])
    assert "TX (ZIP 77002)" in dme and "DMEPOS_JAN.csv:" in dme and "rural" in dme

    asc = all_text(reply_of(server, slack, "/cpt 29881 asc", user_id=user)["blocks"])
    assert "$1,579.16" in asc and "not the physician" in asc and "508-Version-Jan-2025-ASC-AA.csv:" in asc

    anes = all_text(reply_of(server, slack, "/cpt 00142 QK base:4 minutes:45 zip:35203", user_id=user)["blocks"])
    assert "$67.59" in anes and "ANES2025.csv:2" in anes and "Base units from the command" in anes

    pfs = all_text(reply_of(server, slack, "/cpt 77002 26", user_id=user)["blocks"])
    assert "$25.55" in pfs  # the PFS reply is unchanged: the amount first, the provenance under Details
    details = all_text(details_of(server, slack, "/cpt 77002 26", user_id=user)["blocks"])
    assert "$25.55" in details and "PPRRVU2025_Oct.csv:" in details
