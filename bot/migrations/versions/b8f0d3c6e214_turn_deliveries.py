"""turn deliveries: what reached the user of a conversation's last turn; the press that used
a keyboard

Revision ID: b8f0d3c6e214
Revises: e7b2c94d1a06
Create Date: 2026-11-29 10:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'b8f0d3c6e214'
down_revision = 'e7b2c94d1a06'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'turn_deliveries',
        sa.Column('sender_id', sa.String(length=255), nullable=False),
        sa.Column('turn_id', sa.String(length=64), nullable=False),
        sa.Column('delivered', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('sender_id'),
    )
    with op.batch_alter_table('used_keyboards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('update_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('used_keyboards', schema=None) as batch_op:
        batch_op.drop_column('update_id')
    op.drop_table('turn_deliveries')
