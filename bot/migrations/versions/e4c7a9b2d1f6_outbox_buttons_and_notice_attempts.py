"""the one sender's last two kinds: a message to a person with its buttons (the applicants'
outbox), and staff-chat lines with their text, counted attempts and the reason given up (the
staff notices)

Additive and idempotent: a column already there is left as it is.

Revision ID: e4c7a9b2d1f6
Revises: d9b4f7a2c815
Create Date: 2026-12-07 18:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'e4c7a9b2d1f6'
down_revision = 'd9b4f7a2c815'
branch_labels = None
depends_on = None

NEW = {
    'applicant_messages': [lambda: sa.Column('buttons', sa.JSON(), nullable=True)],
    'staff_notices': [
        lambda: sa.Column('text', sa.Text(), nullable=True),
        lambda: sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'),
        lambda: sa.Column('given_up', sa.String(length=32), nullable=True),
    ],
}


def _columns(table: str) -> set[str]:
    return {c['name'] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    for table, columns in NEW.items():
        present = _columns(table)
        missing = [c() for c in columns]
        missing = [c for c in missing if c.name not in present]
        if missing:
            with op.batch_alter_table(table) as batch:
                for column in missing:
                    batch.add_column(column)


def downgrade() -> None:
    for table, columns in NEW.items():
        present = _columns(table)
        with op.batch_alter_table(table) as batch:
            for column in reversed([c() for c in columns]):
                if column.name in present:
                    batch.drop_column(column.name)
