"""handoffs: transcript times stored as ISO text (UTC), Rasa's float timestamps of the rows
written before converted, so storage holds one type

A data migration: idempotent (a time already ISO text is left as it is); its downgrade leaves
the times as they are (every reader takes ISO text).

Revision ID: f1b5d8e3a7c4
Revises: e4c7a9b2d1f6
Create Date: 2026-12-07 18:45:00
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = 'f1b5d8e3a7c4'
down_revision = 'e4c7a9b2d1f6'
branch_labels = None
depends_on = None

handoffs = sa.table('handoffs', sa.column('id', sa.Integer()),
                    sa.column('transcript', sa.JSON()))


def _iso(value):  # noqa: ANN001, ANN202 - a transcript line's time as stored
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    try:
        return datetime.fromtimestamp(value, timezone.utc).isoformat()
    except (ValueError, OverflowError, OSError):
        return str(value)


def upgrade() -> None:
    connection = op.get_bind()
    for handoff_id, transcript in connection.execute(
            sa.select(handoffs.c.id, handoffs.c.transcript)).all():
        if not isinstance(transcript, list):
            continue
        converted = [{**m, 'at': _iso(m.get('at'))} if isinstance(m, dict) else m
                     for m in transcript]
        if converted != transcript:
            connection.execute(handoffs.update().where(handoffs.c.id == handoff_id)
                               .values(transcript=converted))


def downgrade() -> None:
    pass
