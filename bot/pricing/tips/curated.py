"""Curated billing tips: YAML files shipped in `bot/pricing/tips/data/`, one per code family.

`parse_curated(documents)` is pure (dicts in, `CuratedTips` out); `load_packaged()` reads the
packaged files once via importlib.resources and caches the result. File format::

    family: Fluoroscopic needle guidance
    codes: ["77002"]            # exact codes
    ranges: [["99202", "99215"]]  # optional inclusive ranges of 5-character codes
    tips:
      - topic: bundling
        advice: imaging-guidance-bundling  # what it advises: a derived tip with the same key is dropped
        text: ...
        impact: ...            # one line
        source: CMS NCCI Policy Manual, ch. IX   # the manual chapter/section, MLN article or file field
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from bot.pricing.tips.types import Tip

DATA_PACKAGE = "bot.pricing.tips.data"


class CuratedTipsError(ValueError):
    """A curated tips file is malformed (names the file and the problem)."""


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    codes: frozenset[str]
    ranges: tuple[tuple[str, str], ...]
    tips: tuple[Tip, ...]
    file: str

    def covers(self, code: str) -> bool:
        return code in self.codes or any(lo <= code <= hi and len(code) == len(lo) for lo, hi in self.ranges)


@dataclass(frozen=True, slots=True)
class CuratedTips:
    families: tuple[Family, ...]

    def for_code(self, code: str) -> list[Tip]:
        out: list[Tip] = []
        for fam in self.families:
            if fam.covers(code):
                out.extend(fam.tips)
        return out

    def codes(self) -> frozenset[str]:
        return frozenset(c for f in self.families for c in f.codes)


def _str(value: Any, what: str, file: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CuratedTipsError(f"{file}: {what} must be non-empty text")
    return " ".join(value.split())


def parse_family(doc: Mapping[str, Any], file: str) -> Family:
    name = _str(doc.get("family"), "family", file)
    codes = doc.get("codes") or []
    ranges = doc.get("ranges") or []
    if not isinstance(codes, list) or not isinstance(ranges, list) or not (codes or ranges):
        raise CuratedTipsError(f"{file}: {name} needs a list of codes and/or ranges")
    rng: list[tuple[str, str]] = []
    for r in ranges:
        if not isinstance(r, list) or len(r) != 2:
            raise CuratedTipsError(f"{file}: {name}: each range is [first, last]")
        rng.append((str(r[0]).upper(), str(r[1]).upper()))
    tips: list[Tip] = []
    for i, t in enumerate(doc.get("tips") or []):
        if not isinstance(t, Mapping):
            raise CuratedTipsError(f"{file}: {name}: tip {i + 1} is not a mapping")
        impact = _str(t.get("impact"), f"{name} tip {i + 1} impact", file)
        if "\n" in str(t.get("impact")).strip():
            raise CuratedTipsError(f"{file}: {name} tip {i + 1}: impact must be one line")
        tips.append(
            Tip(
                text=_str(t.get("text"), f"{name} tip {i + 1} text", file),
                impact=impact,
                source="curated",
                kind="curated",
                topic=(topic := _str(t.get("topic", "general"), f"{name} tip {i + 1} topic", file)),
                advice=_str(t.get("advice", f"{topic}:{name}:{i + 1}"), f"{name} tip {i + 1} advice", file),
                reference=_str(t["source"], f"{name} tip {i + 1} source", file) if "source" in t else "",
            )
        )
    if not tips:
        raise CuratedTipsError(f"{file}: {name} has no tips")
    return Family(name, frozenset(str(c).upper() for c in codes), tuple(rng), tuple(tips), file)


def parse_curated(documents: Iterable[tuple[str, Any]]) -> CuratedTips:
    """(file name, parsed YAML) pairs → CuratedTips. A file may hold one family or a list of them."""
    families: list[Family] = []
    for file, doc in documents:
        docs = doc if isinstance(doc, list) else [doc]
        for d in docs:
            if not isinstance(d, Mapping):
                raise CuratedTipsError(f"{file}: expected a mapping with family, codes and tips")
            families.append(parse_family(d, file))
    return CuratedTips(tuple(families))


@lru_cache(maxsize=1)
def load_packaged() -> CuratedTips:
    """The curated tips shipped with billbot (read once)."""
    root = resources.files(DATA_PACKAGE)
    docs = [
        (entry.name, yaml.safe_load(entry.read_text(encoding="utf-8")))
        for entry in sorted(root.iterdir(), key=lambda e: e.name)
        if entry.name.endswith((".yml", ".yaml"))
    ]
    return parse_curated(docs)
