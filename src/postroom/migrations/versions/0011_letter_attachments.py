"""Letters: the PDF a letter template may have attached, printed after the letter, and which
one each template version has.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TEMPLATE_TABLES = ("templates", "templates_history")


def upgrade() -> None:
    op.create_table(
        "letter_attachments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("original_filename", sa.String(length=255), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_letter_attachments_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_letter_attachments_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_attachments")),
    )
    op.create_index(op.f("ix_letter_attachments_service_id"), "letter_attachments", ["service_id"])
    for table in TEMPLATE_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("letter_attachment_id", sa.Uuid(), nullable=True))
            batch_op.create_foreign_key(
                op.f(f"fk_{table}_letter_attachment_id_letter_attachments"),
                "letter_attachments",
                ["letter_attachment_id"],
                ["id"],
            )


def downgrade() -> None:
    for table in TEMPLATE_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(
                op.f(f"fk_{table}_letter_attachment_id_letter_attachments"), type_="foreignkey"
            )
            batch_op.drop_column("letter_attachment_id")
    op.drop_index(op.f("ix_letter_attachments_service_id"), table_name="letter_attachments")
    op.drop_table("letter_attachments")
