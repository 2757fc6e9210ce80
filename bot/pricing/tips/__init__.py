"""Billing tips for a code: derived from the RVU file's indicators plus curated tips shipped as YAML.

`tips_for(row, ...)` is pure. The curated YAML files are read once, at import, by `curated.py`
(via importlib.resources); pass `curated=` to use another set (tests do).
"""

from __future__ import annotations

from bot.pricing.tips.curated import CuratedTips, load_packaged
from bot.pricing.tips.derive import derived_tips
from bot.pricing.tips.engine import tips_for, tips_json
from bot.pricing.tips.types import Tip, UnitLimit

__all__ = ["CuratedTips", "Tip", "UnitLimit", "derived_tips", "load_packaged", "tips_for", "tips_json"]
