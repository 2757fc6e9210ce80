"""manifest.yml matches what the app handles: commands, events, one request URL, least privilege."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def load() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "manifest.yml").read_text())
    return data


def test_commands_events_and_single_request_url() -> None:
    m = load()
    commands = {c["command"]: c for c in m["features"]["slash_commands"]}
    assert set(commands) == {"/cpt", "/denial"}
    urls = {c["url"] for c in commands.values()}
    urls.add(m["settings"]["event_subscriptions"]["request_url"])
    urls.add(m["settings"]["interactivity"]["request_url"])
    assert len(urls) == 1 and next(iter(urls)).endswith("/slack/events")
    assert m["settings"]["interactivity"]["is_enabled"] is True
    assert m["features"]["app_home"]["home_tab_enabled"] is True
    events = set(m["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_home_opened", "app_mention", "message.channels"} <= events


def test_least_privilege_scopes() -> None:
    scopes = set(load()["oauth_config"]["scopes"]["bot"])
    needed = {"commands", "chat:write", "app_mentions:read", "channels:history", "groups:history", "files:write"}
    assert scopes == needed
    # nothing that reads people, DMs or the whole workspace
    for scope in ("users:read", "im:history", "mpim:history", "chat:write.public", "admin", "channels:read"):
        assert scope not in scopes
