"""handoffs: the person told their messages reach the team, told no one answered yet,
and a request the person withdrew themselves

Revision ID: b4d2e8a1c7f3
Revises: a8e3d61f5c20
Create Date: 2026-12-07 14:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'b4d2e8a1c7f3'
down_revision = 'a8e3d61f5c20'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('handoffs') as batch:
        batch.add_column(sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('wait_told_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('handoffs') as batch:
        batch.drop_column('withdrawn_at')
        batch.drop_column('wait_told_at')
        batch.drop_column('acknowledged_at')
