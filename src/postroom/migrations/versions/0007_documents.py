"""Files sent by email (`prepare_upload`): one row each, the file sealed with its own key.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("mimetype", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("confirm_email", sa.Boolean(), nullable=False),
        sa.Column("details", sa.LargeBinary(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("available_until", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_documents_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_index("ix_documents_service_id", "documents", ["service_id"])
    op.create_index("ix_documents_available_until", "documents", ["available_until"])


def downgrade() -> None:
    op.drop_index("ix_documents_available_until", table_name="documents")
    op.drop_index("ix_documents_service_id", table_name="documents")
    op.drop_table("documents")
