"""Tables for anonymous denial reports, their abuse control, threshold milestones and digest slots.

Privacy by construction (see docs/privacy.md):
- `denial_reports` holds only the modal's fields and the ISO week the report arrived. No Slack user,
  team, channel, name, exact time or arrival number; row ids are random, so their order says nothing.
- `report_reporters` holds one keyed hash HMAC(secret, reporter, code) per distinct reporter of a code
  (to count distinct billers), with no time, no sequence and no link to any report row.
- `report_quota` and `report_dedupe` hold keyed hashes (HMAC with BILLBOT_REPORT_SECRET), never the ids,
  and no link to a report. Both carry only the day and are deleted once the day is over; the quota key
  includes the day, so one reporter's rows of two days cannot be matched.
- `report_snapshots` holds each code's latest published aggregate; `report_snapshot_weeks` every published
  snapshot with the ISO week it was published in (the weekly digest reads only these).
- `report_milestones` and `digest_slots` make threshold posts and digests exactly-once across
  processes: a row is claimed with a unique key before anything is posted.

Timestamps used for leases and expiry are integer epoch seconds (portable across SQLite and PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class DenialReport(Base):
    __tablename__ = "denial_reports"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random hex: carries no order or time
    hcpcs: Mapped[str] = mapped_column(String(5), nullable=False, index=True)
    modifiers: Mapped[str] = mapped_column(String(32), nullable=False, default="")  # "26,59" sorted, "" for none
    paired_code: Mapped[str | None] = mapped_column(String(5), nullable=True)
    payer: Mapped[str] = mapped_column(String(32), nullable=False)
    state: Mapped[str | None] = mapped_column(String(2), nullable=True)
    carc: Mapped[str] = mapped_column(String(8), nullable=False)
    rarc: Mapped[str | None] = mapped_column(String(64), nullable=True)
    outcome: Mapped[str] = mapped_column(String(32), nullable=False)
    what_worked: Mapped[str | None] = mapped_column(Text, nullable=True)
    received_week: Mapped[str] = mapped_column(String(8), nullable=False, index=True)  # ISO week "2026-W48"


class ReportCodeCount(Base):
    """Reports per code. Incrementing this row serialises concurrent reports of one code (a row lock on
    PostgreSQL, the write lock on SQLite), so the n-th report knows it is the n-th without retry storms."""

    __tablename__ = "report_code_counts"

    hcpcs: Mapped[str] = mapped_column(String(5), primary_key=True)
    reports: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    reporters: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # distinct billers


class ReportReporter(Base):
    """One row per distinct reporter of a code: `key` = HMAC(secret, reporter, code). No time, no order,
    no link to a report: it only says "this code has one more distinct reporter"."""

    __tablename__ = "report_reporters"

    hcpcs: Mapped[str] = mapped_column(String(5), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)


class ReportSnapshot(Base):
    """The published aggregate of a code, taken each time its distinct reporters reach a multiple of the
    threshold: what `/cpt`, App Home, `ask` and milestone posts show, so an answer changes only after at
    least `threshold` new billers contributed (no differencing of one report)."""

    __tablename__ = "report_snapshots"

    hcpcs: Mapped[str] = mapped_column(String(5), primary_key=True)
    reporters: Mapped[int] = mapped_column(Integer, nullable=False)
    pattern: Mapped[str] = mapped_column(Text, nullable=False)  # the DenialPattern as JSON


class ReportSnapshotWeek(Base):
    """Every snapshot ever published, with the ISO week it was published in (no finer time): what the
    weekly digest is built from. Keyed by (code, distinct reporters), so a snapshot is recorded once
    and a later one never rewrites the week an earlier digest showed."""

    __tablename__ = "report_snapshot_weeks"

    hcpcs: Mapped[str] = mapped_column(String(5), primary_key=True)
    reporters: Mapped[int] = mapped_column(Integer, primary_key=True)  # the snapshot's distinct billers
    week: Mapped[str] = mapped_column(String(8), nullable=False, index=True)  # ISO week "2026-W49"
    pattern: Mapped[str] = mapped_column(Text, nullable=False)  # the DenialPattern as published, JSON


class ReportQuota(Base):
    """Reports per reporter per day. `reporter` is HMAC(secret, reporter, day); rows of past days are deleted."""

    __tablename__ = "report_quota"

    reporter: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # UTC date "2026-11-27"
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class ReportDedupe(Base):
    """One row per (reporter, content) for the day: key = HMAC(secret, reporter + canonical content).
    No expiry time: rows of past days are deleted."""

    __tablename__ = "report_dedupe"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), nullable=False, index=True)


class ReportMilestone(Base):
    """A code reaching `threshold` distinct reporters (5, 10, 20, ...). Claimed once; posted once.
    `lease_until` is reset to 0 once posted, and no Slack ts is kept, so nothing dates the report."""

    __tablename__ = "report_milestones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hcpcs: Mapped[str] = mapped_column(String(5), nullable=False)
    threshold: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")  # pending|posting|posted
    lease_until: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    reached_week: Mapped[str] = mapped_column(String(8), nullable=False)
    message_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)

    __table_args__ = (UniqueConstraint("hcpcs", "threshold", name="uq_report_milestones_hcpcs_threshold"),)


class DigestSlot(Base):
    """One row per scheduled digest slot (e.g. "2026-11-30T09:00-05:00"): the unique key makes it once."""

    __tablename__ = "digest_slots"

    slot: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")  # pending|posting|posted
    lease_until: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    message_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
