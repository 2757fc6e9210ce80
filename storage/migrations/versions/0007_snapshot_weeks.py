"""Published snapshots dated by ISO week: the weekly digest is built from them only (issue 9 item 2).

`report_snapshot_weeks` holds every snapshot published from now on — (code, distinct reporters) as
key, the ISO week it was published in (no day, no time) and the aggregate as published — written in
the transaction of the report that completed it.

Snapshots that exist before this migration (one per code in `report_snapshots`, their publication
week never recorded) are placed in the ISO week of the code's latest milestone
(`report_milestones.reached_week` of its highest threshold) when the code has one, else in the ISO
week this migration runs (by the UTC date: the migration does not know BILLBOT_TIMEZONE). Works on
SQLite and PostgreSQL (plain SQL reads and inserts).

Revision ID: 0007
Revises: 0006
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _iso_week_now() -> str:
    year, week, _ = datetime.now(UTC).date().isocalendar()
    return f"{year}-W{week:02d}"


def upgrade() -> None:
    weeks = op.create_table(
        "report_snapshot_weeks",
        sa.Column("hcpcs", sa.String(5), nullable=False),
        sa.Column("reporters", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(8), nullable=False),
        sa.Column("pattern", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("hcpcs", "reporters", name="pk_report_snapshot_weeks"),
    )
    op.create_index("ix_report_snapshot_weeks_week", "report_snapshot_weeks", ["week"])
    bind = op.get_bind()
    latest_milestone: dict[str, tuple[int, str]] = {}
    for code, threshold, week in bind.execute(
        sa.text("SELECT hcpcs, threshold, reached_week FROM report_milestones")
    ).all():
        if code not in latest_milestone or int(threshold) > latest_milestone[code][0]:
            latest_milestone[code] = (int(threshold), str(week))
    fallback = _iso_week_now()
    rows = [
        {"hcpcs": code, "reporters": int(reporters), "pattern": pattern,
         "week": latest_milestone[code][1] if code in latest_milestone else fallback}
        for code, reporters, pattern in bind.execute(
            sa.text("SELECT hcpcs, reporters, pattern FROM report_snapshots")
        ).all()
    ]  # fmt: skip
    if rows:
        op.bulk_insert(weeks, rows)


def downgrade() -> None:
    op.drop_index("ix_report_snapshot_weeks_week", table_name="report_snapshot_weeks")
    op.drop_table("report_snapshot_weeks")
