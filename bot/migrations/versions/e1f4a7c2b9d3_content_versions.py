"""content versions (the assistant's copy of the programmes knows when it is stale)

Revision ID: e1f4a7c2b9d3
Revises: d7a1c3e5f902
Create Date: 2026-11-29 22:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'e1f4a7c2b9d3'
down_revision = 'd7a1c3e5f902'
branch_labels = None
depends_on = None


def upgrade() -> None:
    versions = op.create_table(
        'content_versions',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )
    op.bulk_insert(versions, [{'name': 'catalogue', 'version': 0}])


def downgrade() -> None:
    op.drop_table('content_versions')
