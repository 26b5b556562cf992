"""candidacy assignments; the audit log indexed by target (a page's history)

Revision ID: d9b4f7a2c815
Revises: c6f1a2d9e4b7
Create Date: 2026-12-07 17:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'd9b4f7a2c815'
down_revision = 'c6f1a2d9e4b7'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'candidacy_assignments',
        sa.Column('candidacy_id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.String(length=32), nullable=False),
        sa.Column('staff_name', sa.String(length=200), nullable=False),
        sa.Column('assigned_by', sa.String(length=200), nullable=False),
        sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['candidacy_id'], ['candidacies.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('candidacy_id'),
    )
    with op.batch_alter_table('candidacy_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidacy_assignments_staff_id'), ['staff_id'],
                              unique=False)
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_target'), ['target'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_target'))
    op.drop_table('candidacy_assignments')
