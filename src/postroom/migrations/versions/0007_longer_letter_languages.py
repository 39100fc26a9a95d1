"""A template's letter language may be `welsh_then_english`, longer than 16 characters.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = ("templates", "templates_history")


def _resize(old: int, new: int) -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(
                "letter_languages", existing_type=sa.String(length=old), type_=sa.String(length=new)
            )


def upgrade() -> None:
    _resize(16, 32)


def downgrade() -> None:
    _resize(32, 16)
