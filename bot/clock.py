"""One clock: "now" and "today" as the team sees them, in BILLBOT_TIMEZONE.

Every date the bot derives from the clock (the NCCI date when a command names none, the week a
report counts in, the digest week) comes from here, so the Slack app and the CLI agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class TimezoneError(ValueError):
    """BILLBOT_TIMEZONE is not a time zone name; the message names the variable."""


@lru_cache(maxsize=8)
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise TimezoneError(
            f"BILLBOT_TIMEZONE={name!r} is not a time zone name (use one like America/New_York)."
        ) from exc


class Clock:
    """The wall clock in one time zone (BILLBOT_TIMEZONE). The zone is resolved on first use."""

    def __init__(self, timezone: str) -> None:
        self.timezone = timezone

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.timezone)

    def now(self) -> datetime:
        """An aware datetime in the team's time zone."""
        return datetime.now(UTC).astimezone(self.zone)

    def today(self) -> date:
        return self.now().date()

    def local(self, moment: datetime) -> datetime:
        """`moment` (aware) in the team's time zone."""
        return moment.astimezone(self.zone)
