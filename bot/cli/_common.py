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
    return asyncio.run(coro)


def fail(message: str) -> NoReturn:
    raise UserError(message)
