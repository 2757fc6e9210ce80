"""reports tables: anonymous denial reports, quota and dedupe hashes, milestones, digest slots.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "denial_reports",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("hcpcs", sa.String(5), nullable=False),
        sa.Column("modifiers", sa.String(32), nullable=False),
        sa.Column("paired_code", sa.String(5), nullable=True),
        sa.Column("payer", sa.String(32), nullable=False),
        sa.Column("state", sa.String(2), nullable=True),
        sa.Column("carc", sa.String(8), nullable=False),
        sa.Column("rarc", sa.String(64), nullable=True),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("what_worked", sa.Text(), nullable=True),
        sa.Column("received_week", sa.String(8), nullable=False),
        sa.Column("code_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_denial_reports"),
        sa.UniqueConstraint("hcpcs", "code_seq", name="uq_denial_reports_hcpcs_seq"),
    )
    op.create_index("ix_denial_reports_hcpcs", "denial_reports", ["hcpcs"])
    op.create_index("ix_denial_reports_received_week", "denial_reports", ["received_week"])
    op.create_table(
        "report_code_counts",
        sa.Column("hcpcs", sa.String(5), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hcpcs", name="pk_report_code_counts"),
    )
    op.create_table(
        "report_quota",
        sa.Column("reporter", sa.String(64), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("reporter", "day", name="pk_report_quota"),
    )
    op.create_table(
        "report_dedupe",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_report_dedupe"),
    )
    op.create_index("ix_report_dedupe_expires_at", "report_dedupe", ["expires_at"])
    op.create_table(
        "report_milestones",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hcpcs", sa.String(5), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("lease_until", sa.BigInteger(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("reached_week", sa.String(8), nullable=False),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_report_milestones"),
        sa.UniqueConstraint("hcpcs", "threshold", name="uq_report_milestones_hcpcs_threshold"),
    )
    op.create_table(
        "digest_slots",
        sa.Column("slot", sa.String(40), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("lease_until", sa.BigInteger(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("slot", name="pk_digest_slots"),
    )


def downgrade() -> None:
    op.drop_table("digest_slots")
    op.drop_table("report_milestones")
    op.drop_index("ix_report_dedupe_expires_at", table_name="report_dedupe")
    op.drop_table("report_dedupe")
    op.drop_table("report_quota")
    op.drop_table("report_code_counts")
    op.drop_index("ix_denial_reports_received_week", table_name="denial_reports")
    op.drop_index("ix_denial_reports_hcpcs", table_name="denial_reports")
    op.drop_table("denial_reports")
