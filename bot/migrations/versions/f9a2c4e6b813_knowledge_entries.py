"""knowledge entries (every fact of the source, and staff answers, for retrieval)

Revision ID: f9a2c4e6b813
Revises: e1f4a7c2b9d3
Create Date: 2026-12-07 08:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'f9a2c4e6b813'
down_revision = 'e1f4a7c2b9d3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'knowledge_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=64), nullable=False),
        sa.Column('aspect', sa.String(length=64), nullable=False),
        sa.Column('known', sa.Boolean(), nullable=False),
        sa.Column('yes_no', sa.String(length=3), nullable=True),
        sa.Column('answer', sa.JSON(), nullable=False),
        sa.Column('questions', sa.JSON(), nullable=False),
        sa.Column('source_title', sa.String(length=300), nullable=True),
        sa.Column('source_url', sa.String(length=500), nullable=True),
        sa.Column('information_date', sa.Date(), nullable=True),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('changed_by', sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
    )
    op.create_index('ix_knowledge_entries_subject', 'knowledge_entries', ['subject'])


def downgrade() -> None:
    op.drop_index('ix_knowledge_entries_subject', table_name='knowledge_entries')
    op.drop_table('knowledge_entries')
