"""Tables for the NCCI edits: PTP pairs, MUE values, add-on code edits, per quarterly release.

Sizing: a practitioner PTP quarter is millions of rows, so `ncci_ptp` is lean — dates as
YYYYMMDD integers, the rationale as a small id into `ncci_rationale`, no foreign keys on the bulk
rows (the importer deletes them with their release/file), and exactly one index: the primary key
(release_id, column1, column2, ...), which is what the pair query (column1 IN codes AND column2 IN
codes, both directions in one query) seeks on. On SQLite the table is WITHOUT ROWID, so that key is
the table itself (the row data lives in the index: no second copy, covering by construction).

Each bulk row keeps its source file (`file_id` → `ncci_file.name`) and 1-based line.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class NcciRelease(Base):
    """One quarterly release of one NCCI data set (e.g. practitioner PTP v32.2r0)."""

    __tablename__ = "ncci_release"
    __table_args__ = (UniqueConstraint("kind", "setting", "key", name="uq_ncci_release_kind_setting_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(8))  # ptp, mue, aoc
    setting: Mapped[str] = mapped_column(String(16))  # practitioner, hospital
    key: Mapped[str] = mapped_column(String(32))  # "v322r0", "2026-07-01", "2026Q3"
    name: Mapped[str] = mapped_column(String(120))  # "NCCI practitioner PTP v32.2r0 (2026Q3)"
    effective: Mapped[date] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class NcciFile(Base):
    """One imported file of a release (PTP releases have parts f1..f4)."""

    __tablename__ = "ncci_file"
    __table_args__ = (UniqueConstraint("release_id", "part", name="uq_ncci_file_release_id_part"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("ncci_release.id", ondelete="CASCADE"))
    part: Mapped[int] = mapped_column(Integer)  # fN, 0 for single-file data sets
    name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class NcciRationale(Base):
    """The distinct PTP edit rationales ("Mutually exclusive procedures", ...), shared by all releases."""

    __tablename__ = "ncci_rationale"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(String(255), unique=True)


class NcciPtp(Base):
    """A procedure-to-procedure edit row."""

    __tablename__ = "ncci_ptp"
    __table_args__ = ({"sqlite_with_rowid": False},)

    release_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    column1: Mapped[str] = mapped_column(String(5), primary_key=True)
    column2: Mapped[str] = mapped_column(String(5), primary_key=True)
    effective: Mapped[int] = mapped_column(Integer, primary_key=True)  # YYYYMMDD
    file_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    deleted: Mapped[int | None] = mapped_column(Integer, nullable=True)  # YYYYMMDD, last day in force
    modifier_indicator: Mapped[str] = mapped_column(String(1))
    rationale_id: Mapped[int] = mapped_column(Integer)
    prior_1996: Mapped[bool] = mapped_column(Boolean)


class NcciMue(Base):
    """A medically unlikely edit: the most units of a code per line or date of service."""

    __tablename__ = "ncci_mue"

    release_id: Mapped[int] = mapped_column(ForeignKey("ncci_release.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
    adjudication_indicator: Mapped[str] = mapped_column(String(1))
    adjudication: Mapped[str] = mapped_column(String(64))
    rationale: Mapped[str] = mapped_column(String(255))
    file_id: Mapped[int] = mapped_column(Integer)
    line: Mapped[int] = mapped_column(Integer)


class NcciAoc(Base):
    """An add-on code edit: an add-on code and one of its primary codes."""

    __tablename__ = "ncci_aoc"

    release_id: Mapped[int] = mapped_column(ForeignKey("ncci_release.id", ondelete="CASCADE"), primary_key=True)
    addon: Mapped[str] = mapped_column(String(5), primary_key=True)
    primary_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    effective: Mapped[int] = mapped_column(Integer, primary_key=True)  # YYYYMMDD
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    aoc_type: Mapped[str] = mapped_column(String(1))
    deleted: Mapped[int | None] = mapped_column(Integer, nullable=True)
    file_id: Mapped[int] = mapped_column(Integer)
