"""Letters the printer reports came back: one row a letter, by the day it was reported.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "returned_letters",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reported_at", sa.Date(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("notification_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_returned_letters_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returned_letters")),
        sa.UniqueConstraint("notification_id", name=op.f("uq_returned_letters_notification_id")),
    )
    op.create_index(
        "ix_returned_letters_service_reported",
        "returned_letters",
        ["service_id", "reported_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_returned_letters_service_reported", table_name="returned_letters")
    op.drop_table("returned_letters")
