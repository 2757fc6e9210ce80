"""Configuration from the environment (and a `.env` file), one place for every variable."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///billbot.db"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"


class Settings(BaseSettings):
    """Every environment variable billbot reads. Names are contracts: keep them exactly."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: str | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default=DEFAULT_SLACK_API_URL, validation_alias="SLACK_API_URL")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("BILLBOT_DATABASE_URL"),
    )
    denial_channel: str | None = Field(default=None, validation_alias="BILLBOT_DENIAL_CHANNEL")
    report_threshold: int = Field(default=5, ge=1, validation_alias="BILLBOT_REPORT_THRESHOLD")
    report_secret: str | None = Field(default=None, validation_alias="BILLBOT_REPORT_SECRET")
    report_daily_limit: int = Field(default=20, ge=1, validation_alias="BILLBOT_REPORT_DAILY_LIMIT")
    digest_cron: str = Field(default="0 9 * * MON", validation_alias="BILLBOT_DIGEST_CRON")
    timezone: str = Field(default="America/New_York", validation_alias="BILLBOT_TIMEZONE")

    # Tuning knobs (defaults suit production; tests and benchmarks change them).
    ack_budget_ms: int = Field(default=1500, ge=0, le=2500, validation_alias="BILLBOT_ACK_BUDGET_MS")
    """How long /cpt may compute before acking "Working on it…" and answering through respond()."""
    sweep_seconds: float = Field(default=60.0, gt=0, validation_alias="BILLBOT_SWEEP_SECONDS")
    """How often failed milestone and digest posts are retried."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
