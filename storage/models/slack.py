"""Tables for the Slack app: per-user defaults, per-channel watching, and request de-duplication.

Nothing here holds message text. `slack_user_prefs` keeps a user's saved default locality and
setting; `slack_channel_watch` whether a channel asked the bot to watch for codes;
`slack_request_seen` one row per side-effecting Slack request (event id, action, command) so a
Slack retry or a second app instance never repeats the side effect.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class SlackUserPrefs(Base):
    __tablename__ = "slack_user_prefs"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # "CCCCC-LL" carrier-locality, a 5-digit ZIP ("zip:94110" stored as "94110"), or None (national)
    locality: Mapped[str | None] = mapped_column(String(64), nullable=True)
    facility: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class SlackChannelWatch(Base):
    __tablename__ = "slack_channel_watch"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class SlackRequestSeen(Base):
    __tablename__ = "slack_request_seen"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)
