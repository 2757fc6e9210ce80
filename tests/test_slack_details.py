"""The Details button through the real `billbot serve` (signed block_actions, Slack stand-in): it replaces
the one-screen first reply with everything, and the notification text names the release actually used."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from tests.serve_harness import *  # noqa: F403
from tests.serve_harness import BILLBOT, BillbotServer, copy_sqlite
from tests.slack_stub import SlackStub
from tests.support.slack import all_text, buttons, details_of, reply_of, uid


def test_details_replace_the_first_reply_with_everything(billbot_server: BillbotServer, slack: SlackStub) -> None:
    first = reply_of(billbot_server, slack, "/cpt 77002", user_id=uid())
    short = all_text(first["blocks"])
    assert "Conversion factor" not in short and "PPRRVU2025_Oct.csv:" not in short  # not on the first screen
    assert "Details" in short and buttons(first["blocks"])["quote_details"]["value"].startswith("77002 office")
    body = details_of(billbot_server, slack, "/cpt 77002", user_id=uid())
    assert body.get("replace_original") is True and body["response_type"] == "ephemeral"
    text = all_text(body["blocks"])
    assert "Conversion factor 32.3465" in text and "PPRRVU2025_Oct.csv:" in text  # RVU table, provenance
    assert "PC/TC" in text and "ZZZ" in text
    # an imaging add-on: co-surgery, team surgery, assistant and bilateral rules say nothing about it
    for label in ("Co-surgeons", "Team surgery", "Assistant at surgery", "Bilateral surgery"):
        assert label not in text, label
    # every tip, each ending with its impact; the curated ones with their source
    assert text.count("*Impact:*") >= 5 and "Medicare Claims Processing Manual" in text
    assert "quote_details" not in json.dumps(body["blocks"])  # no Details button on the details


def test_details_of_a_surgical_code_show_the_surgery_indicators(billbot_server: BillbotServer,
                                                               slack: SlackStub) -> None:
    text = all_text(details_of(billbot_server, slack, "/cpt 27447", user_id=uid())["blocks"])
    for label in ("Co-surgeons", "Team surgery", "Assistant at surgery", "Bilateral surgery", "Global period"):
        assert label in text, label
    assert "090" in text


def test_details_button_with_a_stale_value_explains(billbot_server: BillbotServer, slack: SlackStub) -> None:
    url = slack.response_url()
    billbot_server.block_action("quote_details", "watch on", user_id=uid(), response_url=url)
    assert "expired" in slack.wait_for("response_url")[-1].all_text()


def test_notification_text_names_the_release_the_amount_was_priced_under(
    serve_factory: Any, slack: SlackStub, cms_db_template: Any, cms_dir: Path, tmp_path: Path
) -> None:
    """With the 20-row RVU26C excerpt loaded it is the newest release, but 77002 is not in it: the amount
    comes from RVU25D, and the notification text says RVU25D, not RVU26C."""
    url = copy_sqlite(cms_db_template.path, tmp_path / "db" / "b.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BILLBOT_"))}
    env["BILLBOT_DATABASE_URL"] = url
    subprocess.run([str(BILLBOT), "data", "import", str(cms_dir / "rvu26-excerpt")], cwd=tmp_path, env=env,
                   check=True, capture_output=True, timeout=300)
    server = serve_factory(db_url=url)
    body = reply_of(server, slack, "/cpt 77002", user_id=uid())
    assert "RVU25D" in body["text"] and "RVU26C" not in body["text"], body["text"]
    assert "RVU25D" in all_text(body["blocks"])
