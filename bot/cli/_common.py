"""Helpers shared by the command modules: running coroutines and failing with a clean message."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, NoReturn, TypeVar

import click

T = TypeVar("T")


class UserError(click.ClickException):
    """A problem with what the user asked for or supplied: printed without a traceback, exit 1."""


def run(coro: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(coro)`, without formatting the result's repr.

    On Python 3.11, asyncio.run's Ctrl-C handler makes it repr the main task, result included, when it
    ends (CPython issue 112559): for a whole fee schedule that is over a second per command. The task
    here returns None and the result comes back through a list instead.
    """
    box: list[T] = []

    async def main() -> None:
        box.append(await coro)

    asyncio.run(main())
    return box[0]


def fail(message: str) -> NoReturn:
    raise UserError(message)
