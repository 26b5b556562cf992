"""candidacy status changes and the applicants' outbox

Revision ID: c52e8f1a9d37
Revises: a41c7e9d2b10
Create Date: 2026-11-29 17:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'c52e8f1a9d37'
down_revision = 'a41c7e9d2b10'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'candidacy_status_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('candidacy_id', sa.Integer(), nullable=False),
        sa.Column('status_from', sa.String(length=16), nullable=False),
        sa.Column('status_to', sa.String(length=16), nullable=False),
        sa.Column('changed_by', sa.String(length=200), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['candidacy_id'], ['candidacies.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('candidacy_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidacy_status_changes_candidacy_id'),
                              ['candidacy_id'], unique=False)
    op.create_table(
        'applicant_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('chat_id', sa.String(length=32), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('given_up', sa.String(length=32), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('applicant_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applicant_messages_chat_id'), ['chat_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_applicant_messages_sent_at'), ['sent_at'],
                              unique=False)


def downgrade() -> None:
    op.drop_table('applicant_messages')
    op.drop_table('candidacy_status_changes')
