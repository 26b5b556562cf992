"""instance leases: one running process per bot, the others wait as standby

Revision ID: e7b2c94d1a06
Revises: d5e8a31f0c72
Create Date: 2026-11-29 08:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'e7b2c94d1a06'
down_revision = 'd5e8a31f0c72'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'instance_leases',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('holder', sa.String(length=128), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    op.drop_table('instance_leases')
