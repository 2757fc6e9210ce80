"""Tables for the non-PFS fee schedules (CLFS, ASP, DMEPOS/PEN, OPPS, ASC).

One shared pair of tables rather than one per schedule: every file imported is a `schedule_file`
(a part of a release: the ASC release has parts AA and BB, DMEPOS has DMEPOS and DMEPEN), keyed by
schedule, part and the date its period starts; each of its rows is a `schedule_row` keeping the
code, modifier, 1-based source line and the parsed fields as JSON (money as CMS's text, parsed to
Decimal when the snapshot is built). These tables are read whole at start-up into immutable
snapshots (`storage.repositories.schedules`), never queried per quote, so they carry no index but
the primary key.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class ScheduleFile(Base):
    """One imported file: a part of one release of one schedule ("CLFS 2025Q2", part "clfs")."""

    __tablename__ = "schedule_file"
    __table_args__ = (
        UniqueConstraint("schedule", "part", "effective_from", name="uq_schedule_file_schedule_part_effective_from"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    schedule: Mapped[str] = mapped_column(String(8))  # CLFS, ASP, DMEPOS, OPPS, ASC
    part: Mapped[str] = mapped_column(String(16))  # clfs, asp, dmepos, dmepen, addendum_b, aa, bb
    release: Mapped[str] = mapped_column(String(32))  # "CLFS 2025Q2"
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_source: Mapped[str] = mapped_column(String(200))  # where the period was read
    name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ScheduleRow(Base):
    """One row of a schedule file, with its source line and parsed fields (JSON)."""

    __tablename__ = "schedule_row"

    file_id: Mapped[int] = mapped_column(ForeignKey("schedule_file.id", ondelete="CASCADE"), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    hcpcs: Mapped[str] = mapped_column(String(5))
    modifier: Mapped[str] = mapped_column(String(5))  # "", "QW", "RR", "NU-KE" (DMEPOS: both modifiers)
    data: Mapped[str] = mapped_column(Text)
