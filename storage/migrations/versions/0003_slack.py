"""slack tables: per-user defaults, per-channel watching, request de-duplication.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_user_prefs",
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("locality", sa.String(64), nullable=True),
        sa.Column("facility", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "user_id", name="pk_slack_user_prefs"),
    )
    op.create_table(
        "slack_channel_watch",
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "channel_id", name="pk_slack_channel_watch"),
    )
    op.create_table(
        "slack_request_seen",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_slack_request_seen"),
    )
    op.create_index("ix_slack_request_seen_seen_at", "slack_request_seen", ["seen_at"])


def downgrade() -> None:
    op.drop_index("ix_slack_request_seen_seen_at", table_name="slack_request_seen")
    op.drop_table("slack_request_seen")
    op.drop_table("slack_channel_watch")
    op.drop_table("slack_user_prefs")
