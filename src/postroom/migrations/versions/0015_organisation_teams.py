"""Organisations run their own teams and go-live approvals: invitations to an organisation, its
notes for services going live, whether it approves them itself, its free text-message allowance.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.add_column(sa.Column("request_to_go_live_notes", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "can_approve_own_go_live_requests",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("free_sms_fragment_limit", sa.Integer(), nullable=True))
    op.create_table(
        "invited_organisation_users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email_address", sa.String(255), nullable=False),
        sa.Column("invited_by_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_invited_organisation_users_invited_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_invited_organisation_users_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invited_organisation_users")),
    )
    op.create_index(
        op.f("ix_invited_organisation_users_organisation_id"),
        "invited_organisation_users",
        ["organisation_id"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_invited_organisation_users_organisation_id"),
        table_name="invited_organisation_users",
    )
    op.drop_table("invited_organisation_users")
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.drop_column("free_sms_fragment_limit")
        batch_op.drop_column("can_approve_own_go_live_requests")
        batch_op.drop_column("request_to_go_live_notes")
