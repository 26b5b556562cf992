"""staff messages: one row per message and handoff

A grouped notice in the staff chat is about several handoffs: each is recorded, so that a
reply to it is refused instead of reaching the last one recorded.

Revision ID: 9c41d2a7e5b1
Revises: 4730c20a3edf
Create Date: 2026-11-29 07:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '9c41d2a7e5b1'
down_revision = '4730c20a3edf'
branch_labels = None
depends_on = None


def _table(name: str) -> None:
    op.create_table(
        name,
        sa.Column('message_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('handoff_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['handoff_id'], ['handoffs.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('message_id', 'handoff_id'),
    )


def upgrade() -> None:
    _table('staff_messages_v2')
    op.execute('INSERT INTO staff_messages_v2 (message_id, handoff_id) '
               'SELECT message_id, handoff_id FROM staff_messages')
    op.drop_table('staff_messages')
    op.rename_table('staff_messages_v2', 'staff_messages')


def downgrade() -> None:
    op.create_table(
        'staff_messages_v1',
        sa.Column('message_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('handoff_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['handoff_id'], ['handoffs.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('message_id'),
    )
    op.execute('INSERT INTO staff_messages_v1 (message_id, handoff_id) '
               'SELECT message_id, MAX(handoff_id) FROM staff_messages GROUP BY message_id')
    op.drop_table('staff_messages')
    op.rename_table('staff_messages_v1', 'staff_messages')
