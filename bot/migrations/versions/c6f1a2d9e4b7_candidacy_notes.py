"""candidacy notes: internal notes and messages sent without a change of status

Revision ID: c6f1a2d9e4b7
Revises: b4d2e8a1c7f3
Create Date: 2026-12-07 15:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'c6f1a2d9e4b7'
down_revision = 'b4d2e8a1c7f3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'candidacy_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('candidacy_id', sa.Integer(), nullable=False),
        sa.Column('written_by', sa.String(length=200), nullable=False),
        sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('sent', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['candidacy_id'], ['candidacies.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('candidacy_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidacy_notes_candidacy_id'), ['candidacy_id'],
                              unique=False)


def downgrade() -> None:
    op.drop_table('candidacy_notes')
