"""Precompiled letters: each letter's PDF, sealed, and what checking it found.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_files",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("sanitised", sa.Boolean(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("message", sa.String(length=64), nullable=True),
        sa.Column("invalid_pages", sa.Text(), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_letter_files_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_files")),
    )
    op.create_index("ix_letter_files_service_id", "letter_files", ["service_id"])


def downgrade() -> None:
    op.drop_index("ix_letter_files_service_id", table_name="letter_files")
    op.drop_table("letter_files")
