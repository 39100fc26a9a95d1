"""The outbox: what hands a stored message over to a worker, and its retries.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OUTBOX = sa.text("status = 'created'")
CLAIMED = sa.text("claim IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.add_column(sa.Column("claim", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            "ix_notifications_outbox",
            ["service_id", "notification_type", "created_at"],
            postgresql_where=OUTBOX,
            sqlite_where=OUTBOX,
        )
        batch_op.create_index(
            "ix_notifications_claim", ["claim"], postgresql_where=CLAIMED, sqlite_where=CLAIMED
        )
    # Claims were kept in sent_by before: give any such message back to the outbox.
    op.execute("UPDATE notifications SET sent_by = NULL WHERE sent_by LIKE 'claimed:%'")


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_index("ix_notifications_claim")
        batch_op.drop_index("ix_notifications_outbox")
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("attempts")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("claim")
