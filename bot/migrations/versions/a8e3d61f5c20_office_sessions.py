"""office sessions, server-side

Revision ID: a8e3d61f5c20
Revises: f9a2c4e6b813
Create Date: 2026-12-07 14:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'a8e3d61f5c20'
down_revision = 'f9a2c4e6b813'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'office_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('staff_id', sa.String(length=32), nullable=False),
        sa.Column('staff_name', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ended_why', sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    with op.batch_alter_table('office_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_sessions_staff_id'), ['staff_id'],
                              unique=False)


def downgrade() -> None:
    op.drop_table('office_sessions')
