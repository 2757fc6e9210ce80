"""The CLI's coroutine runner hands back the result without formatting it (CPython issue 112559)."""

from __future__ import annotations

import pytest

from bot.cli._common import run


class Costly:
    """A result that counts how often its repr was asked for (a whole fee schedule's takes over a second)."""

    def __init__(self) -> None:
        self.reprs = 0

    def __repr__(self) -> str:
        self.reprs += 1  # asyncio swallows errors raised here, so count instead
        return "<Costly>"


async def _costly() -> Costly:
    return Costly()


async def _fails() -> None:
    raise ValueError("boom")


def test_run_returns_the_result_without_its_repr() -> None:
    result = run(_costly())
    assert isinstance(result, Costly) and result.reprs == 0


def test_run_passes_exceptions_through() -> None:
    with pytest.raises(ValueError, match="boom"):
        run(_fails())
