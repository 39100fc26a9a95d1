"""Text message senders may be phone numbers, longer than 11 characters.

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
    with op.batch_alter_table("service_sms_senders") as batch_op:
        batch_op.alter_column(
            "sms_sender", existing_type=sa.String(length=11), type_=sa.String(length=255)
        )


def downgrade() -> None:
    with op.batch_alter_table("service_sms_senders") as batch_op:
        batch_op.alter_column(
            "sms_sender", existing_type=sa.String(length=255), type_=sa.String(length=11)
        )
