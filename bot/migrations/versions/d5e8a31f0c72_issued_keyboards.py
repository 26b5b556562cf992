"""issued keyboards: the callback data the bot sent, to refuse forged presses

Revision ID: d5e8a31f0c72
Revises: 9c41d2a7e5b1
Create Date: 2026-11-29 07:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'd5e8a31f0c72'
down_revision = '9c41d2a7e5b1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'issued_keyboards',
        sa.Column('chat_id', sa.String(length=32), nullable=False),
        sa.Column('message_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('chat_id', 'message_id'),
    )


def downgrade() -> None:
    op.drop_table('issued_keyboards')
