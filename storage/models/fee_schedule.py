"""Tables for the Medicare PFS releases and the ZIP-to-locality files.

Decimal values are stored as text exactly as CMS wrote them (normalised, e.g. "0.79"): SQLite has no
exact decimal type and a float round trip could move a cent. Each row keeps its 1-based line in the
source file; the file name is on `pfs_file` (one file per release and kind).

The ZIP-to-locality file is quarterly and independent of the PFS release, so it is stored on its own
(`zip_file`, keyed by its YYYYQ quarter) and joined to releases when snapshots are loaded.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

DEC = String(16)


class PfsRelease(Base):
    __tablename__ = "pfs_release"
    __table_args__ = (UniqueConstraint("release", "variant", name="uq_pfs_release_release_variant"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    release: Mapped[str] = mapped_column(String(16))  # "RVU25D"
    variant: Mapped[str] = mapped_column(String(8), default="")  # "", "nonQPP", "QPP"
    year: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    conversion_factor: Mapped[str] = mapped_column(DEC)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PfsFile(Base):
    __tablename__ = "pfs_file"

    release_id: Mapped[int] = mapped_column(ForeignKey("pfs_release.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # pprrvu, gpci, locco, oppscap, anes
    name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def _release_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("pfs_release.id", ondelete="CASCADE"), primary_key=True)


class PfsRvu(Base):
    __tablename__ = "pfs_rvu"

    release_id: Mapped[int] = _release_fk()
    hcpcs: Mapped[str] = mapped_column(String(5), primary_key=True)
    modifier: Mapped[str] = mapped_column(String(2), primary_key=True)
    line: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(1))
    not_used_for_medicare: Mapped[bool] = mapped_column(Boolean)
    work_rvu: Mapped[str] = mapped_column(DEC)
    nonfacility_pe_rvu: Mapped[str] = mapped_column(DEC)
    nonfacility_na: Mapped[bool] = mapped_column(Boolean)
    facility_pe_rvu: Mapped[str] = mapped_column(DEC)
    facility_na: Mapped[bool] = mapped_column(Boolean)
    mp_rvu: Mapped[str] = mapped_column(DEC)
    nonfacility_total: Mapped[str] = mapped_column(DEC)
    facility_total: Mapped[str] = mapped_column(DEC)
    pctc_indicator: Mapped[str] = mapped_column(String(2))
    global_days: Mapped[str] = mapped_column(String(3))
    preop: Mapped[str] = mapped_column(DEC)
    intraop: Mapped[str] = mapped_column(DEC)
    postop: Mapped[str] = mapped_column(DEC)
    mult_proc: Mapped[str] = mapped_column(String(2))
    bilat_surg: Mapped[str] = mapped_column(String(2))
    asst_surg: Mapped[str] = mapped_column(String(2))
    co_surg: Mapped[str] = mapped_column(String(2))
    team_surg: Mapped[str] = mapped_column(String(2))
    endo_base: Mapped[str] = mapped_column(String(5))
    conversion_factor: Mapped[str] = mapped_column(DEC)
    phys_supervision: Mapped[str] = mapped_column(String(2))
    calculation_flag: Mapped[str] = mapped_column(String(2))
    imaging_family: Mapped[str] = mapped_column(String(2))
    opps_nonfacility_pe: Mapped[str] = mapped_column(DEC)
    opps_facility_pe: Mapped[str] = mapped_column(DEC)
    opps_mp: Mapped[str] = mapped_column(DEC)
    pricing_indicator: Mapped[str] = mapped_column(String(2))


class PfsGpci(Base):
    __tablename__ = "pfs_gpci"

    release_id: Mapped[int] = _release_fk()
    carrier: Mapped[str] = mapped_column(String(5), primary_key=True)
    locality: Mapped[str] = mapped_column(String(2), primary_key=True)
    line: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(200))
    work: Mapped[str] = mapped_column(DEC)
    pe: Mapped[str] = mapped_column(DEC)
    mp: Mapped[str] = mapped_column(DEC)


class PfsCounty(Base):
    __tablename__ = "pfs_county"

    release_id: Mapped[int] = _release_fk()
    line: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    carrier: Mapped[str] = mapped_column(String(5))
    locality: Mapped[str] = mapped_column(String(2))
    state: Mapped[str] = mapped_column(String(60))
    fee_schedule_area: Mapped[str] = mapped_column(String(200))
    counties: Mapped[str] = mapped_column(Text)


class PfsOppsCap(Base):
    __tablename__ = "pfs_opps_cap"

    release_id: Mapped[int] = _release_fk()
    hcpcs: Mapped[str] = mapped_column(String(5), primary_key=True)
    modifier: Mapped[str] = mapped_column(String(2), primary_key=True)
    carrier: Mapped[str] = mapped_column(String(5), primary_key=True)
    locality: Mapped[str] = mapped_column(String(2), primary_key=True)
    line: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(1))
    facility_price: Mapped[str] = mapped_column(DEC)
    nonfacility_price: Mapped[str] = mapped_column(DEC)


class PfsAnesthesia(Base):
    __tablename__ = "pfs_anesthesia"

    release_id: Mapped[int] = _release_fk()
    carrier: Mapped[str] = mapped_column(String(5), primary_key=True)
    locality: Mapped[str] = mapped_column(String(2), primary_key=True)
    line: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    conversion_factor: Mapped[str] = mapped_column(DEC)


class ZipFile(Base):
    __tablename__ = "zip_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year_quarter: Mapped[str] = mapped_column(String(5), unique=True)  # "20254"
    name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ZipLocalityRow(Base):
    __tablename__ = "zip_locality"

    zip_file_id: Mapped[int] = mapped_column(ForeignKey("zip_file.id", ondelete="CASCADE"), primary_key=True)
    zip5: Mapped[str] = mapped_column(String(5), primary_key=True)
    line: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(2))
    carrier: Mapped[str] = mapped_column(String(5))
    locality: Mapped[str] = mapped_column(String(2))
    rural: Mapped[str] = mapped_column(String(1))
    year_quarter: Mapped[str] = mapped_column(String(5))
