"""Rendering against the real imported fee schedule: any command a user can type produces blocks
that pass slack_sdk's Block Kit validation (lengths, counts) and never leak unescaped markup, and
the memoised rendering (quotes, tips, blocks kept per loaded data) is the same as a fresh one."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer import AnswerError, answer
from bot.command import CommandError, QuoteCommand, parse
from bot.config import Settings
from bot.render.blocks import answer_blocks, as_dicts, fallback_text
from bot.services import Services
from tests.serve_harness import *  # noqa: F403


@pytest.fixture(scope="module")
def loaded(cms_db_template: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, Any]]:
    from tests.serve_harness import copy_sqlite

    url = copy_sqlite(cms_db_template.path, tmp_path_factory.mktemp("render") / "b.db")
    loop = asyncio.new_event_loop()
    services = loop.run_until_complete(Services.start(Settings(BILLBOT_DATABASE_URL=url)))  # type: ignore[call-arg]
    try:
        yield services, loop
    finally:
        loop.run_until_complete(services.close())
        loop.close()


def codes_from(services: Services) -> list[str]:
    schedule = services.catalogue.select_schedule(None)
    return sorted({code for code, _ in schedule.rvus})


HOSTILE = st.sampled_from(["<!channel>", "<!here>", "<@U123>", "*bold*", "_it_", "~s~", "`x`", "<http://e.x|y>",
                           "&amp;", "loc:<!channel>", "zip:<@U1>", "\u202e", "77O02"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_command_renders_valid_blocks(loaded: tuple[Services, Any], data: st.DataObject) -> None:
    services, loop = loaded
    codes = codes_from(services)
    parts = data.draw(st.lists(st.one_of(
        st.sampled_from(codes),
        st.sampled_from(["26", "TC", "50", "51", "59", "80", "62", "XS", "LT", "53", "AS", "ZZ"]),
        st.sampled_from(["facility", "office", "npp", "zip:94110", "zip:00000", "loc:01112-05", "loc:CA san",
                         "loc:national", "dos:2025-11-01", "dos:2024-01-01", "units:3", "units:999"]),
        HOSTILE,
    ), min_size=1, max_size=12))
    text = " ".join(parts)
    try:
        cmd = parse(text)
    except CommandError:
        return
    if not isinstance(cmd, QuoteCommand):
        return
    try:
        ans = loop.run_until_complete(answer(services, cmd, team_id="T1", user_id="U1"))
    except AnswerError:
        return
    blocks = as_dicts(answer_blocks(ans))  # to_dict() runs slack_sdk's validation
    # generation 0 bypasses the renderer's memo: the memoised reply is exactly the fresh one
    assert blocks == as_dicts(answer_blocks(dataclasses.replace(ans, generation=0)))
    assert 1 <= len(blocks) <= 50
    raw = json.dumps(blocks)
    for needle in ("<!channel>", "<!here>", "<@U123>", "<http://"):
        assert needle not in raw
    assert len(fallback_text(ans)) <= 3000
    shared = as_dicts(answer_blocks(ans, shared_by="U1"))
    assert "share_quote" not in json.dumps(shared)


def test_memo_is_per_loaded_data(loaded: tuple[Services, Any]) -> None:
    """A quote is computed once per request while the data stays loaded; a reload starts afresh."""
    from bot.pricing.quote import QuoteRequest

    services, loop = loaded
    request = QuoteRequest(hcpcs="77002", modifiers=("26",))
    first = services.catalogue.price(request)
    assert services.catalogue.price(request) is first
    assert services.catalogue.price(dataclasses.replace(request, facility=True)) is not first
    before = services.catalogue.generation
    loop.run_until_complete(services.reload())
    assert services.catalogue.generation != before and len(services.catalogue.memo) == 0
    again = services.catalogue.price(request)
    assert again is not first and again == first  # same data re-read: same answer, newly computed
