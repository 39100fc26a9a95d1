"""The outbox indexed a lane apiece: one-off messages' claims no longer scan past a job's backlog
of waiting rows (nor jobs' past theirs).

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

COLUMNS = ["service_id", "notification_type", "created_at"]
LANES = {"priority": "IS NULL", "bulk": "IS NOT NULL"}


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_index("ix_notifications_outbox")
        for lane, condition in LANES.items():
            where = sa.text(f"status = 'created' AND job_id {condition}")
            batch_op.create_index(
                f"ix_notifications_outbox_{lane}",
                COLUMNS,
                postgresql_where=where,
                sqlite_where=where,
            )


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch_op:
        for lane in LANES:
            batch_op.drop_index(f"ix_notifications_outbox_{lane}")
        where = sa.text("status = 'created'")
        batch_op.create_index(
            "ix_notifications_outbox", COLUMNS, postgresql_where=where, sqlite_where=where
        )
