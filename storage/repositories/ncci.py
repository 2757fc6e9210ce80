"""Reading NCCI edits for a set of codes on one date of service.

`load_edits(session, codes, dos, setting="practitioner") -> EditSet` (work in progress: the tables
land with migration 0002; until then it reports every data set as not loaded).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.pricing.bundling_types import PRACTITIONER, EditSet


async def load_edits(
    session: AsyncSession, codes: Iterable[str], dos: date, setting: str = PRACTITIONER
) -> EditSet:
    """PTP edits among `codes` (both directions), their MUE rows and add-on rows, for `dos`."""
    return EditSet(dos=dos, codes=frozenset(codes), setting=setting)
