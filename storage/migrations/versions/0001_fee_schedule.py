"""fee_schedule tables: PFS releases (RVU, GPCI, county, OPPS cap, anesthesia rows) and ZIP-to-locality files.

Revision ID: 0001
Revises: None
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pfs_release",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("release", sa.String(length=16), nullable=False),
        sa.Column("variant", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("conversion_factor", sa.String(length=16), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pfs_release")),
        sa.UniqueConstraint("release", "variant", name="uq_pfs_release_release_variant"),
    )
    op.create_table(
        "zip_file",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("year_quarter", sa.String(length=5), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zip_file")),
        sa.UniqueConstraint("year_quarter", name=op.f("uq_zip_file_year_quarter")),
    )
    op.create_table(
        "pfs_anesthesia",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(length=5), nullable=False),
        sa.Column("locality", sa.String(length=2), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("conversion_factor", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["pfs_release.id"],
            name=op.f("fk_pfs_anesthesia_release_id_pfs_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("release_id", "carrier", "locality", name=op.f("pk_pfs_anesthesia")),
    )
    op.create_table(
        "pfs_county",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("carrier", sa.String(length=5), nullable=False),
        sa.Column("locality", sa.String(length=2), nullable=False),
        sa.Column("state", sa.String(length=60), nullable=False),
        sa.Column("fee_schedule_area", sa.String(length=200), nullable=False),
        sa.Column("counties", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"], ["pfs_release.id"], name=op.f("fk_pfs_county_release_id_pfs_release"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("release_id", "line", name=op.f("pk_pfs_county")),
    )
    op.create_table(
        "pfs_file",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"], ["pfs_release.id"], name=op.f("fk_pfs_file_release_id_pfs_release"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("release_id", "kind", name=op.f("pk_pfs_file")),
    )
    op.create_table(
        "pfs_gpci",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(length=5), nullable=False),
        sa.Column("locality", sa.String(length=2), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("work", sa.String(length=16), nullable=False),
        sa.Column("pe", sa.String(length=16), nullable=False),
        sa.Column("mp", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"], ["pfs_release.id"], name=op.f("fk_pfs_gpci_release_id_pfs_release"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("release_id", "carrier", "locality", name=op.f("pk_pfs_gpci")),
    )
    op.create_table(
        "pfs_opps_cap",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("hcpcs", sa.String(length=5), nullable=False),
        sa.Column("modifier", sa.String(length=2), nullable=False),
        sa.Column("carrier", sa.String(length=5), nullable=False),
        sa.Column("locality", sa.String(length=2), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=1), nullable=False),
        sa.Column("facility_price", sa.String(length=16), nullable=False),
        sa.Column("nonfacility_price", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"], ["pfs_release.id"], name=op.f("fk_pfs_opps_cap_release_id_pfs_release"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("release_id", "hcpcs", "modifier", "carrier", "locality", name=op.f("pk_pfs_opps_cap")),
    )
    op.create_table(
        "pfs_rvu",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("hcpcs", sa.String(length=5), nullable=False),
        sa.Column("modifier", sa.String(length=2), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=1), nullable=False),
        sa.Column("not_used_for_medicare", sa.Boolean(), nullable=False),
        sa.Column("work_rvu", sa.String(length=16), nullable=False),
        sa.Column("nonfacility_pe_rvu", sa.String(length=16), nullable=False),
        sa.Column("nonfacility_na", sa.Boolean(), nullable=False),
        sa.Column("facility_pe_rvu", sa.String(length=16), nullable=False),
        sa.Column("facility_na", sa.Boolean(), nullable=False),
        sa.Column("mp_rvu", sa.String(length=16), nullable=False),
        sa.Column("nonfacility_total", sa.String(length=16), nullable=False),
        sa.Column("facility_total", sa.String(length=16), nullable=False),
        sa.Column("pctc_indicator", sa.String(length=2), nullable=False),
        sa.Column("global_days", sa.String(length=3), nullable=False),
        sa.Column("preop", sa.String(length=16), nullable=False),
        sa.Column("intraop", sa.String(length=16), nullable=False),
        sa.Column("postop", sa.String(length=16), nullable=False),
        sa.Column("mult_proc", sa.String(length=2), nullable=False),
        sa.Column("bilat_surg", sa.String(length=2), nullable=False),
        sa.Column("asst_surg", sa.String(length=2), nullable=False),
        sa.Column("co_surg", sa.String(length=2), nullable=False),
        sa.Column("team_surg", sa.String(length=2), nullable=False),
        sa.Column("endo_base", sa.String(length=5), nullable=False),
        sa.Column("conversion_factor", sa.String(length=16), nullable=False),
        sa.Column("phys_supervision", sa.String(length=2), nullable=False),
        sa.Column("calculation_flag", sa.String(length=2), nullable=False),
        sa.Column("imaging_family", sa.String(length=2), nullable=False),
        sa.Column("opps_nonfacility_pe", sa.String(length=16), nullable=False),
        sa.Column("opps_facility_pe", sa.String(length=16), nullable=False),
        sa.Column("opps_mp", sa.String(length=16), nullable=False),
        sa.Column("pricing_indicator", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"], ["pfs_release.id"], name=op.f("fk_pfs_rvu_release_id_pfs_release"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("release_id", "hcpcs", "modifier", name=op.f("pk_pfs_rvu")),
    )
    op.create_table(
        "zip_locality",
        sa.Column("zip_file_id", sa.Integer(), nullable=False),
        sa.Column("zip5", sa.String(length=5), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("carrier", sa.String(length=5), nullable=False),
        sa.Column("locality", sa.String(length=2), nullable=False),
        sa.Column("rural", sa.String(length=1), nullable=False),
        sa.Column("year_quarter", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["zip_file_id"], ["zip_file.id"], name=op.f("fk_zip_locality_zip_file_id_zip_file"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("zip_file_id", "zip5", name=op.f("pk_zip_locality")),
    )


def downgrade() -> None:
    op.drop_table("zip_locality")
    op.drop_table("pfs_rvu")
    op.drop_table("pfs_opps_cap")
    op.drop_table("pfs_gpci")
    op.drop_table("pfs_file")
    op.drop_table("pfs_county")
    op.drop_table("pfs_anesthesia")
    op.drop_table("zip_file")
    op.drop_table("pfs_release")
