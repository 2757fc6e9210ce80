"""The first /cpt reply fits one phone screen; the rest is one "Details" press away.

Sizes are measured on the real rendering of the real RVU25D data: visible characters are the text of
every text object a user sees (sections, context, headers, button labels), after Slack's entities."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.answer import answer
from bot.command import QuoteCommand, parse
from bot.config import Settings
from bot.render.blocks import answer_blocks, as_dicts, detail_blocks
from bot.services import Services
from tests.serve_harness import *  # noqa: F403

MAX_VISIBLE = 1800
MAX_BLOCKS = 6


@pytest.fixture(scope="module")
def loaded(cms_db_template: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, Any]]:
    from tests.serve_harness import copy_sqlite

    url = copy_sqlite(cms_db_template.path, tmp_path_factory.mktemp("screen") / "b.db")
    loop = asyncio.new_event_loop()
    services = loop.run_until_complete(Services.start(Settings(BILLBOT_DATABASE_URL=url)))  # type: ignore[call-arg]
    try:
        yield services, loop
    finally:
        loop.run_until_complete(services.close())
        loop.close()


def visible_chars(blocks: Any) -> int:
    """Characters a user sees: the text of every mrkdwn/plain_text object, entities counted as one."""
    total = 0

    def walk(v: Any) -> None:
        nonlocal total
        if isinstance(v, dict):
            if v.get("type") in ("mrkdwn", "plain_text") and isinstance(v.get("text"), str):
                total += len(v["text"].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
                return
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(blocks)
    return total


def _answer(loaded: tuple[Services, Any], line: str) -> Any:
    services, loop = loaded
    cmd = parse(line)
    assert isinstance(cmd, QuoteCommand)
    return loop.run_until_complete(answer(services, cmd))


def test_first_reply_to_cpt_77002_fits_one_screen(loaded: tuple[Services, Any]) -> None:
    """Before: 4,636 visible characters in 10 blocks (RVU table, eight indicator lines, provenance and
    eight tips in the first reply). Now the first reply is bounded; the rest is behind Details."""
    for line in ("77002", "77002 26", "27447", "99213 facility", "20610", "0042T"):
        ans = _answer(loaded, line)
        first = as_dicts(answer_blocks(ans))
        assert visible_chars(first) <= MAX_VISIBLE and len(first) <= MAX_BLOCKS, (line, visible_chars(first))
        full = as_dicts(detail_blocks(ans))
        assert visible_chars(full) > visible_chars(first)
    first = as_dicts(answer_blocks(_answer(loaded, "77002")))
    text = json.dumps(first)
    assert "$110.30" in text and "RVU25D" in text and "National average" in text  # amounts, release, locality
    assert "MUE" in text and "Billing tips" in text and "quote_details" in text


def test_the_line_that_matters_is_the_modifier_asked_for(loaded: tuple[Services, Any]) -> None:
    text = json.dumps(as_dicts(answer_blocks(_answer(loaded, "77002 26"))))
    assert "Professional component" in text
    tips = text.split("Billing tips", 1)[1]
    assert "C-arm" in tips  # the 26/TC tip comes first when 26 was asked


def test_no_two_tips_in_a_reply_give_the_same_advice(loaded: tuple[Services, Any]) -> None:
    for render in (answer_blocks, detail_blocks):
        text = json.dumps(as_dicts(render(_answer(loaded, "77002"))))
        assert ("employs the staff and interprets" in text) + ("C-arm" in text) <= 1
    assert "C-arm" in json.dumps(as_dicts(detail_blocks(_answer(loaded, "77002"))))


def test_every_tip_ends_with_its_impact_and_curated_tips_name_a_source(loaded: tuple[Services, Any]) -> None:
    ans = _answer(loaded, "77002")
    sections = [b.get("text", {}).get("text", "") for b in as_dicts(detail_blocks(ans))]
    tip_text = "\n".join(sections).split("*Billing tips*", 1)[1]
    tips = [ln for ln in tip_text.split("\n") if ln.startswith("• ")]
    assert len(tips) == len(ans.codes[0].tips) >= 5
    for t, line in zip(ans.codes[0].tips, tips, strict=True):
        assert line.endswith("*Impact:* " + t.impact.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        if t.kind == "curated":
            assert "Source: " in line and t.reference in line


def test_multi_code_reply_does_not_send_slack_users_to_the_cli(loaded: tuple[Services, Any]) -> None:
    for line in ("20610 77002", "27447 27447-80 20610"):
        text = json.dumps(as_dicts(answer_blocks(_answer(loaded, line))))
        assert "billbot ask" not in text and "--json" not in text

