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


def test_setup_doc_matches_the_manifest_and_the_settings() -> None:
    """docs/slack-setup.md (the README's Slack section): three install steps, the manifest's exact
    scopes, and only environment variables the app really reads."""
    import re

    from bot.config import Settings

    doc = (ROOT / "docs" / "slack-setup.md").read_text()
    install = doc.split("## Install in three steps", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^(\d)\. \*\*", install, re.MULTILINE) == ["1", "2", "3"]
    step1 = install.split("\n2. ", 1)[0]
    listed = set(re.findall(r"`([a-z_]+:[a-z_.]+|commands)`", step1))
    assert listed == set(load()["oauth_config"]["scopes"]["bot"])
    assert "## Socket Mode" in doc and "connections:write" in doc and "SLACK_APP_TOKEN" in doc
    known = {str(f.validation_alias) for f in Settings.model_fields.values()}
    known |= {a for f in Settings.model_fields.values() for a in getattr(f.validation_alias, "choices", [])}
    named = set(re.findall(r"\b((?:SLACK|BILLBOT)_[A-Z_]+)\b", doc))
    assert named and named <= known, named - known
