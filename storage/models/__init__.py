"""All tables. Importing this module registers every model on `Base.metadata`."""

from storage.models import fee_schedule, ncci, reports, schedules, slack
from storage.models.base import Base

__all__ = ["Base", "fee_schedule", "ncci", "reports", "schedules", "slack"]
