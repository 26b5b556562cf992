"""programme offers (what a scheme brings, for the advisor)

Revision ID: a41c7e9d2b10
Revises: b8f0d3c6e214
Create Date: 2026-11-29 17:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'a41c7e9d2b10'
down_revision = 'b8f0d3c6e214'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offers', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_column('offers')
