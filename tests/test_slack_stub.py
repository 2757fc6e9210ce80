"""The Slack Web API stand-in itself, driven by the real slack_sdk AsyncWebClient (what the app uses)."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from tests.serve_harness import *  # noqa: F403
from tests.slack_stub import SlackStub


async def test_files_upload_v2_is_recorded(slack: SlackStub) -> None:
    client = AsyncWebClient(token="xoxb-t", base_url=slack.api_url)
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    resp = await client.files_upload_v2(channel="C0DIGEST", content=png, filename="digest.png", title="Digest",
                                        initial_comment="weekly")
    assert resp["ok"] and resp["file"]["title"] == "Digest"
    url_call = slack.calls_to("files.getUploadURLExternal")[0]
    assert url_call.params["filename"] == "digest.png" and int(url_call.params["length"]) == len(png)
    assert slack.calls_to("upload")[0].raw == png
    done = slack.calls_to("files.completeUploadExternal")[0]
    assert done.params["channel_id"] == "C0DIGEST"


async def test_programmed_failures_and_auth(slack: SlackStub) -> None:
    client = AsyncWebClient(token="xoxb-t", base_url=slack.api_url,
                            retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])
    slack.fail("chat.postMessage", status=429, retry_after=1)
    resp = await client.chat_postMessage(channel="C1", text="hi")
    assert resp["ok"]
    assert [c.status for c in slack.calls_to("chat.postMessage", ok_only=False)] == [429, 200]
    slack.fail("chat.postMessage", status=500, times=2)
    with pytest.raises(SlackApiError):
        await AsyncWebClient(token="xoxb-t", base_url=slack.api_url).chat_postMessage(channel="C1", text="x")
    with pytest.raises(SlackApiError, match="not_authed"):
        await AsyncWebClient(base_url=slack.api_url).auth_test()
    slack.fail("views.open", error="expired_trigger_id")
    with pytest.raises(SlackApiError, match="expired_trigger_id"):
        await client.views_open(trigger_id="t", view={"type": "modal", "title": {"type": "plain_text", "text": "x"},
                                                      "blocks": []})
