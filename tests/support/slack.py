"""Reading Slack payloads in the serve tests: every text, the buttons, the reply to a slash command."""

from __future__ import annotations

import time
import uuid
from typing import Any

from tests.serve_harness import BillbotServer
from tests.slack_stub import SlackStub


def uid(prefix: str = "U") -> str:
    return prefix + uuid.uuid4().hex[:9].upper()


def all_text(payload: Any) -> str:
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(payload)
    return "\n".join(out)


def buttons(payload: Any) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            if v.get("type") == "button" and v.get("action_id"):
                found.setdefault(v["action_id"], v)
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(payload)
    return found


def reply_of(server: BillbotServer, slack: SlackStub, line: str, **kwargs: Any) -> dict[str, Any]:
    """The answer to a slash command: the ack body, or what followed on the response_url."""
    url = slack.response_url()
    r = server.command(line, response_url=url, **kwargs)
    assert r.status == 200, r.text
    body = r.json()
    if body and body.get("blocks"):
        return dict(body)
    posted = [c for c in slack.wait_for("response_url", timeout=20) if c.path.endswith(url.rsplit("/", 1)[1])]
    return posted[-1].params


def details_of(server: BillbotServer, slack: SlackStub, line: str, **kwargs: Any) -> dict[str, Any]:
    """Press the first reply's Details button (a signed block_actions) and return what replaced the reply."""
    first = reply_of(server, slack, line, **kwargs)
    details = buttons(first["blocks"])["quote_details"]
    url = slack.response_url()
    user = kwargs.get("user_id") or uid()
    r = server.block_action("quote_details", details["value"], user_id=user, response_url=url)
    assert r.status == 200, r.text
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        posted = [c for c in slack.calls_to("response_url") if c.path.endswith(url.rsplit("/", 1)[1])]
        if posted:
            return dict(posted[-1].params)
        time.sleep(0.05)
    raise AssertionError("the Details button got no reply on its response_url")
