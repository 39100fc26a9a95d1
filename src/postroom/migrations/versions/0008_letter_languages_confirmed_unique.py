"""GOV.UK Notify's admin sends two things the schema could not hold: a letter language of
`welsh_then_english` (longer than the 16 characters allowed), and whether a service's name has
been confirmed unique.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TEMPLATE_TABLES = ("templates", "templates_history")
SERVICE_TABLES = ("services", "services_history")


def _resize_letter_languages(old: int, new: int) -> None:
    for table in TEMPLATE_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(
                "letter_languages", existing_type=sa.String(length=old), type_=sa.String(length=new)
            )


def upgrade() -> None:
    _resize_letter_languages(16, 32)
    for table in SERVICE_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "confirmed_unique", sa.Boolean(), server_default=sa.false(), nullable=False
                )
            )


def downgrade() -> None:
    for table in SERVICE_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("confirmed_unique")
    _resize_letter_languages(32, 16)
