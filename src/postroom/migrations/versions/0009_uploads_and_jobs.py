"""Sending to a list: uploaded files of recipients, what a job needs to be processed in batches
and resumed, and one notification per job row.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "uploads",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("template_id", sa.Uuid(), nullable=False),
        sa.Column("original_file_name", sa.String(length=255), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("api_key_id", sa.Uuid(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("check_status", sa.String(length=16), nullable=False),
        sa.Column("rows_checked", sa.Integer(), nullable=False),
        sa.Column("check_result", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_uploads_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"], ["templates.id"], name=op.f("fk_uploads_template_id_templates")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_uploads_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploads")),
    )
    op.create_index("ix_uploads_service_id", "uploads", ["service_id"])
    op.create_index("ix_uploads_created_at", "uploads", ["created_at"])
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.add_column(sa.Column("api_key_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("sender_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("rows_processed", sa.Integer(), server_default="0", nullable=False)
        )
    op.drop_index("ix_notifications_job", table_name="notifications")
    op.create_index(
        "uq_notifications_job_row",
        "notifications",
        ["job_id", "job_row_number"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_notifications_job_row", table_name="notifications")
    op.create_index("ix_notifications_job", "notifications", ["job_id", "job_row_number"])
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.drop_column("rows_processed")
        batch_op.drop_column("sender_id")
        batch_op.drop_column("api_key_id")
    op.drop_index("ix_uploads_created_at", table_name="uploads")
    op.drop_index("ix_uploads_service_id", table_name="uploads")
    op.drop_table("uploads")
