"""The two in-process caches the stores use: a TTL cache for database reads and a memo for pure work."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")


class TtlCache(Generic[K, V]):
    """A small cache with expiry, for values read on every command (user defaults, watching, edits).

    Each entry remembers when the value was true (`stamp`): a slow read that started before a
    write never overwrites the newer written value."""

    def __init__(self, ttl: float, size: int = 4096) -> None:
        self.ttl = ttl
        self.size = size
        self._items: OrderedDict[K, tuple[float, float, V]] = OrderedDict()

    def get(self, key: K) -> tuple[bool, V | None]:
        item = self._items.get(key)
        if item is None or item[0] < time.monotonic():
            return False, None
        return True, item[2]

    def put(self, key: K, value: V, stamp: float | None = None) -> None:
        now = time.monotonic()
        stamp = now if stamp is None else stamp
        old = self._items.get(key)
        if old is not None and old[1] > stamp:
            return  # a newer value is already here
        self._items[key] = (now + self.ttl, stamp, value)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def drop(self, key: K) -> None:
        self._items.pop(key, None)

    def clear(self) -> None:
        self._items.clear()

    async def fetch(self, key: K, read: Callable[[], Awaitable[V]], timeout: float | None = None) -> V:
        """The cached value, else `read()` (within `timeout` seconds) stored and returned.

        A hit returns without waiting on anything; a read that started before a newer `put`
        does not replace it."""
        item = self._items.get(key)
        if item is not None and item[0] >= time.monotonic():
            return item[2]
        started = time.monotonic()
        value = await (read() if timeout is None else asyncio.wait_for(read(), timeout=timeout))
        self.put(key, value, stamp=started)
        return value


class PureMemo:
    """A bounded least-recently-used map for results that depend only on the loaded data and the
    key (quotes, tips, rendered blocks). Correct until the data changes: the catalogue starts a
    new one (and a new `generation`) on every reload."""

    def __init__(self, size: int = 4096) -> None:
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._size = size

    def __len__(self) -> int:
        return len(self._items)

    def get_or(self, key: Hashable, compute: Callable[[], T]) -> T:
        try:
            value = self._items[key]
        except KeyError:
            computed = compute()
            self._items[key] = computed
            if len(self._items) > self._size:
                self._items.popitem(last=False)
            return computed
        self._items.move_to_end(key)
        return value  # type: ignore[return-value]  # stored by get_or under this key with this type
