"""ncci tables: NCCI releases and files, PTP edits, MUE values, add-on code edits.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ncci_release",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("setting", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ncci_release")),
        sa.UniqueConstraint("kind", "setting", "key", name="uq_ncci_release_kind_setting_key"),
    )
    op.create_table(
        "ncci_file",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"], ["ncci_release.id"], name=op.f("fk_ncci_file_release_id_ncci_release"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ncci_file")),
        sa.UniqueConstraint("release_id", "part", name="uq_ncci_file_release_id_part"),
    )
    op.create_table(
        "ncci_rationale",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ncci_rationale")),
        sa.UniqueConstraint("text", name=op.f("uq_ncci_rationale_text")),
    )
    op.create_table(
        "ncci_ptp",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("column1", sa.String(length=5), nullable=False),
        sa.Column("column2", sa.String(length=5), nullable=False),
        sa.Column("effective", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=True),
        sa.Column("modifier_indicator", sa.String(length=1), nullable=False),
        sa.Column("rationale_id", sa.Integer(), nullable=False),
        sa.Column("prior_1996", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint(
            "release_id", "column1", "column2", "effective", "file_id", "line", name=op.f("pk_ncci_ptp")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "ncci_mue",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("adjudication_indicator", sa.String(length=1), nullable=False),
        sa.Column("adjudication", sa.String(length=64), nullable=False),
        sa.Column("rationale", sa.String(length=255), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"], ["ncci_release.id"], name=op.f("fk_ncci_mue_release_id_ncci_release"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("release_id", "code", name=op.f("pk_ncci_mue")),
    )
    op.create_table(
        "ncci_aoc",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("addon", sa.String(length=5), nullable=False),
        sa.Column("primary_code", sa.String(length=5), nullable=False),
        sa.Column("effective", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("aoc_type", sa.String(length=1), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=True),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"], ["ncci_release.id"], name=op.f("fk_ncci_aoc_release_id_ncci_release"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("release_id", "addon", "primary_code", "effective", "line", name=op.f("pk_ncci_aoc")),
    )


def downgrade() -> None:
    op.drop_table("ncci_aoc")
    op.drop_table("ncci_mue")
    op.drop_table("ncci_ptp")
    op.drop_table("ncci_rationale")
    op.drop_table("ncci_file")
    op.drop_table("ncci_release")
