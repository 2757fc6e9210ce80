"""Distinct reporters and unlinkable report storage (issue 9).

- `denial_reports.code_seq` (an arrival number per code) is dropped: nothing orders reports;
- `report_code_counts.reporters` counts distinct reporters; `report_reporters` holds one keyed hash
  per (reporter, code), with no time and no link to a report;
- `report_snapshots` holds the published aggregate per code (taken every `threshold` new billers);
- `report_dedupe` keeps the day instead of an exact expiry time (its rows are only a day's abuse control,
  so the table is recreated empty); quota rows of earlier days are dropped.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("denial_reports") as batch:
        batch.drop_constraint("uq_denial_reports_hcpcs_seq", type_="unique")
        batch.drop_column("code_seq")
    with op.batch_alter_table("report_code_counts") as batch:
        batch.add_column(sa.Column("reporters", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "report_reporters",
        sa.Column("hcpcs", sa.String(5), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("hcpcs", "key", name="pk_report_reporters"),
    )
    op.create_table(
        "report_snapshots",
        sa.Column("hcpcs", sa.String(5), nullable=False),
        sa.Column("reporters", sa.Integer(), nullable=False),
        sa.Column("pattern", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("hcpcs", name="pk_report_snapshots"),
    )
    op.drop_index("ix_report_dedupe_expires_at", table_name="report_dedupe")
    op.drop_table("report_dedupe")
    op.create_table(
        "report_dedupe",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_report_dedupe"),
    )
    op.create_index("ix_report_dedupe_day", "report_dedupe", ["day"])
    op.execute("DELETE FROM report_quota")  # old rows were keyed without the day


def downgrade() -> None:
    op.drop_index("ix_report_dedupe_day", table_name="report_dedupe")
    op.drop_table("report_dedupe")
    op.create_table(
        "report_dedupe",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_report_dedupe"),
    )
    op.create_index("ix_report_dedupe_expires_at", "report_dedupe", ["expires_at"])
    op.drop_table("report_reporters")
    op.drop_table("report_snapshots")
    with op.batch_alter_table("report_code_counts") as batch:
        batch.drop_column("reporters")
    with op.batch_alter_table("denial_reports") as batch:
        batch.add_column(sa.Column("code_seq", sa.Integer(), nullable=False, server_default="0"))
