"""Index notifications and their history by creation time alone: the nightly fact builders and
the retention task read one day of every service at a time.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_notifications_created_at": "notifications",
    "ix_notification_history_created_at": "notification_history",
}


def upgrade() -> None:
    for name, table in INDEXES.items():
        op.create_index(name, table, ["created_at"])


def downgrade() -> None:
    for name, table in INDEXES.items():
        op.drop_index(name, table_name=table)
