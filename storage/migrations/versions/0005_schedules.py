"""schedule tables: the CLFS, ASP, DMEPOS/PEN, OPPS and ASC files and their rows.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "schedule_file",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("schedule", sa.String(length=8), nullable=False),
        sa.Column("part", sa.String(length=16), nullable=False),
        sa.Column("release", sa.String(length=32), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("period_source", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_file")),
        sa.UniqueConstraint(
            "schedule", "part", "effective_from", name="uq_schedule_file_schedule_part_effective_from"
        ),
    )
    op.create_table(
        "schedule_row",
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("hcpcs", sa.String(length=5), nullable=False),
        sa.Column("modifier", sa.String(length=5), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"], ["schedule_file.id"], name=op.f("fk_schedule_row_file_id_schedule_file"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("file_id", "line", name=op.f("pk_schedule_row")),
    )


def downgrade() -> None:
    op.drop_table("schedule_row")
    op.drop_table("schedule_file")
